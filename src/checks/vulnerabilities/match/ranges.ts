import type { AffectedRow, OsvEvent } from '../database/index.js';
import { isSupportedEcosystem, versionOrdering, type VersionOrdering } from '../versions/index.js';

export type AffectedVerdict =
  | { kind: 'affected'; fixed: string[] }
  | { kind: 'not-affected' }
  /** A version the ecosystem cannot order (the package's or an event's): no verdict is possible. */
  | { kind: 'unparsable'; version: string }
  /** ECOSYSTEM ranges in an ecosystem Rampart has no version ordering for, and nothing else matched. */
  | { kind: 'unordered' };

interface SortableEvent {
  kind: 'introduced' | 'fixed' | 'last_affected' | 'limit';
  version: string;
}

const NOT_AFFECTED: AffectedVerdict = { kind: 'not-affected' };

function eventOf(event: OsvEvent): SortableEvent | undefined {
  if (event.introduced !== undefined) return { kind: 'introduced', version: event.introduced };
  if (event.fixed !== undefined) return { kind: 'fixed', version: event.fixed };
  if (event.last_affected !== undefined) return { kind: 'last_affected', version: event.last_affected };
  if (event.limit !== undefined) return { kind: 'limit', version: event.limit };
  return undefined;
}

/** `introduced: "0"` and `limit: "*"` are OSV sentinels, not versions. */
const isSentinel = (event: SortableEvent): boolean =>
  (event.kind === 'introduced' && event.version === '0') || (event.kind === 'limit' && event.version === '*');

/**
 * osv-schema "Evaluation": events sorted by version (`introduced: "0"` first), a running flag set by `introduced`
 * at or below the version and cleared by `fixed` at or below it or `last_affected` strictly below it; `limit`
 * events cap the whole range (the version must be below at least one).
 */
function evaluateRange(ordering: VersionOrdering, version: string, raw: readonly OsvEvent[]): boolean | { unparsable: string } {
  const events: SortableEvent[] = [];
  for (const item of raw) {
    const event = eventOf(item);
    if (!event) continue;
    if (!isSentinel(event) && !ordering.isValid(event.version)) return { unparsable: event.version };
    events.push(event);
  }
  events.sort((a, b) => (isSentinel(a) ? (isSentinel(b) ? 0 : -1) : isSentinel(b) ? 1 : ordering.compare(a.version, b.version)));
  let vulnerable = false;
  const limits: string[] = [];
  for (const event of events) {
    if (event.kind === 'limit') {
      if (event.version !== '*') limits.push(event.version);
    } else if (event.kind === 'introduced') {
      if (event.version === '0' || ordering.compare(version, event.version) >= 0) vulnerable = true;
    } else if (event.kind === 'fixed') {
      if (ordering.compare(version, event.version) >= 0) vulnerable = false;
    } else if (ordering.compare(version, event.version) > 0) {
      vulnerable = false;
    }
  }
  return vulnerable && (limits.length === 0 || limits.some((limit) => ordering.compare(version, limit) < 0));
}

function fixedAbove(ordering: VersionOrdering, version: string, events: readonly OsvEvent[]): string[] {
  return events.flatMap((event) => (event.fixed !== undefined && ordering.compare(event.fixed, version) > 0 ? [event.fixed] : []));
}

const semver = versionOrdering('SemVer');

/**
 * Whether `version` of the package lies in one affected entry. ECOSYSTEM ranges order by `ecosystem`, SEMVER ranges
 * always by SemVer 2.0, whatever the ecosystem (so they apply even where Rampart has no ecosystem ordering); GIT ranges
 * name commits, which an installed version cannot be placed against, so only the explicit `versions` list speaks for
 * them. `fixed` lists the fixes above the version in the ranges that matched (or, for a match through `versions` alone,
 * in every orderable range of the entry).
 */
export function evaluateAffected(ecosystem: string, version: string, affected: AffectedRow): AffectedVerdict {
  const ecosystemOrdering = isSupportedEcosystem(ecosystem) ? versionOrdering(ecosystem) : undefined;
  const orderingOf = (type: string): VersionOrdering | undefined => (type === 'SEMVER' ? semver : ecosystemOrdering);
  const fixed: string[] = [];
  let inRange = false;
  let unordered = false;
  for (const range of affected.ranges) {
    if (range.type === 'GIT') continue;
    const ordering = orderingOf(range.type);
    if (!ordering) {
      unordered = true;
      continue;
    }
    const result = ordering.isValid(version) ? evaluateRange(ordering, version, range.events) : { unparsable: version };
    // An explicit listing needs no ordering, so it still decides when a range cannot be evaluated.
    if (typeof result === 'object')
      return affected.versions.includes(version) ? { kind: 'affected', fixed: [] } : { kind: 'unparsable', version: result.unparsable };
    if (result) {
      inRange = true;
      fixed.push(...fixedAbove(ordering, version, range.events));
    }
  }
  if (inRange) return { kind: 'affected', fixed };
  if (!affected.versions.includes(version)) return unordered ? { kind: 'unordered' } : NOT_AFFECTED;
  for (const range of affected.ranges) {
    const ordering = range.type === 'GIT' ? undefined : orderingOf(range.type);
    if (ordering) fixed.push(...fixedAbove(ordering, version, range.events));
  }
  return { kind: 'affected', fixed };
}
