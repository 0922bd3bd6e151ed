import { terminalSafe } from './terminal.js';
import type { Severity } from './severity.js';
import type { Fix } from './fix.js';

export interface Location {
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface ResourceRef {
  apiVersion?: string;
  kind: string;
  namespace?: string;
  name?: string;
}

export type SuppressionKind = 'inline' | 'annotation' | 'config' | 'ignore-file' | 'baseline' | 'vex';

export interface Suppression {
  kind: SuppressionKind;
  reason: string;
  expires?: string;
}

/** What a secret finding says about the secret, never the secret itself. */
export interface SecretDetails {
  /** First and last characters and the length, e.g. `ghp_…Xa (40 chars)`. */
  redacted: string;
  /** How the match was confirmed, strongest first: `checksum`, `structure`, `entropy`, `keyword`. */
  confirmedBy: 'checksum' | 'structure' | 'entropy' | 'keyword';
  /** Encodings it was found under, outermost first (`base64`, `hex`); absent when in the clear. */
  encodings?: Array<'base64' | 'hex'>;
  /** Git history scans: the commit that introduced it, and whether HEAD still has it. */
  commit?: { id: string; authorDate: string; author: string };
  presentAtHead?: boolean;
  /** Image scans: the layer that holds the file, and whether a later layer deleted it (still in the image). */
  layer?: { digest: string; createdBy?: string };
  deletedInLaterLayer?: boolean;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  title: string;
  message: string;
  location: Location;
  /** Dotted path of the offending field inside the resource, e.g. `spec.containers[0].securityContext.privileged`. */
  fieldPath?: string;
  resource?: ResourceRef;
  controls: string[];
  aliases: string[];
  remediation: string;
  fingerprint: string;
  suppressed?: Suppression;
  /** Secret findings only. */
  secret?: SecretDetails;
  /** Not part of the JSON contract: the data `rampart fix` and the webhook apply. */
  fix?: Fix;
}

/** `file:line: message`, as compilers print it, so editors and terminals link to the place. */
export function formatScanError(error: ScanError): string {
  // File names and messages quote scanned input; they reach a terminal with no escape sequence left in them.
  return terminalSafe(`${error.file}${error.line ? `:${error.line}` : ''}: ${error.message}`);
}

export interface ScanError {
  file: string;
  line?: number;
  message: string;
  /** Warnings (e.g. an unknown kind scanned with generic rules only) do not fail the scan; default error. */
  level?: 'error' | 'warning';
}
