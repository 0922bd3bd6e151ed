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
  /** Not part of the JSON contract: the data `rampart fix` and the webhook apply. */
  fix?: Fix;
}

export interface ScanError {
  file: string;
  line?: number;
  message: string;
  /** Warnings (e.g. an unknown kind scanned with generic rules only) do not fail the scan; default error. */
  level?: 'error' | 'warning';
}
