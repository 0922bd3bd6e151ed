import picomatch from 'picomatch';
import type { Finding, ResourceRef } from '../core/finding.js';
import type { VulnerabilityFinding } from '../core/vulnerability.js';
import { ruleReferenceMatches } from '../core/ignore-directive.js';

/**
 * One rule of "do not report this": a config exemption (for upstream charts nobody can annotate) or
 * an ignore-file entry. Every field present must match; absent fields match anything.
 */
export interface SuppressionEntry {
  rules: string[];
  kind?: string;
  namespace?: string;
  name?: string;
  path?: string;
  fingerprint?: string;
  reason: string;
  expires?: string;
  /** Where the entry was written, for "expired" messages. */
  source: { file: string; line?: number };
}

/** What an entry is matched against: a rule finding, or a vulnerability (its IDs play the part of rule IDs). */
interface Subject {
  /** The rule or vulnerability ID, then its aliases. */
  ids: readonly string[];
  fingerprint: string;
  files: readonly string[];
  resource?: ResourceRef;
}

export function entryMatches(entry: SuppressionEntry, finding: Finding): boolean {
  return subjectMatches(entry, {
    ids: [finding.ruleId, ...finding.aliases],
    fingerprint: finding.fingerprint,
    files: [finding.location.file],
    ...(finding.resource ? { resource: finding.resource } : {}),
  });
}

/** `rule: CVE-2024-1234` (or any alias) suppresses a vulnerability; `path` matches any file the package was read from. */
export function vulnerabilityEntryMatches(entry: SuppressionEntry, vulnerability: VulnerabilityFinding): boolean {
  if (entry.kind || entry.namespace || entry.name) return false;
  return subjectMatches(entry, {
    ids: [vulnerability.id, ...vulnerability.aliases, ...vulnerability.advisories],
    fingerprint: vulnerability.fingerprint,
    files: vulnerability.locations.map((l) => l.file),
  });
}

function subjectMatches(entry: SuppressionEntry, subject: Subject): boolean {
  const [id = '', ...aliases] = subject.ids;
  if (!entry.rules.some((pattern) => ruleReferenceMatches(pattern, id, aliases))) return false;
  if (entry.fingerprint && entry.fingerprint !== subject.fingerprint) return false;
  if (entry.path && !subject.files.some((file) => globMatch(entry.path!, file))) return false;
  const resource = subject.resource;
  if (entry.kind && !globMatch(entry.kind, resource?.kind ?? '')) return false;
  if (entry.namespace && !globMatch(entry.namespace, resource?.namespace ?? '')) return false;
  if (entry.name && !globMatch(entry.name, resource?.name ?? '')) return false;
  return true;
}

const matcherCache = new Map<string, (input: string) => boolean>();

function globMatch(glob: string, value: string): boolean {
  let matcher = matcherCache.get(glob);
  if (!matcher) {
    matcher = picomatch(glob, { dot: true });
    matcherCache.set(glob, matcher);
  }
  return matcher(value);
}

/** An entry expires at the end of its `expires` day (UTC). */
export function isExpired(entry: SuppressionEntry, now: Date): boolean {
  if (!entry.expires) return false;
  return now.getTime() > Date.parse(`${entry.expires}T23:59:59.999Z`);
}
