import picomatch from 'picomatch';
import type { Finding } from '../core/finding.js';

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

export function entryMatches(entry: SuppressionEntry, finding: Finding): boolean {
  if (!entry.rules.some((id) => id === '*' || id === finding.ruleId || finding.aliases.includes(id))) return false;
  if (entry.fingerprint && entry.fingerprint !== finding.fingerprint) return false;
  if (entry.path && !globMatch(entry.path, finding.location.file)) return false;
  const resource = finding.resource;
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
