import type { VulnerabilitySeverity } from '../../../core/vulnerability.js';
import { severityRank } from '../../../core/severity.js';
import type { AdvisorySeverity } from '../database/index.js';
import type { AdvisoryDetails } from '../database/query.js';

/** One advisory that matched a package version. */
export interface MatchedAdvisory {
  advisory: AdvisoryDetails;
  /** Fixes above the installed version in the ranges that matched. */
  fixed: string[];
  /** osv-schema `upstream` ids of the record. */
  upstream: readonly string[];
}

/** The advisories of one package version that describe the same flaw. */
export interface MergedVulnerability {
  id: string;
  aliases: string[];
  advisories: string[];
  summary?: string;
  severity: VulnerabilitySeverity;
  /** Unsorted and possibly repeated; the caller orders them in the package's ecosystem. */
  fixed: string[];
}

const CVE = /^CVE-(\d+)-(\d+)$/;
// Distribution records named after the CVE they track: DEBIAN-CVE-…, UBUNTU-CVE-…
const DERIVED_CVE = /^[A-Z]+-(CVE-\d+-\d+)$/;

const cveOf = (id: string): string | undefined => (CVE.test(id) ? id : DERIVED_CVE.exec(id)?.[1]);

/** Records written before osv-schema 1.7 lack `upstream`, but a distribution record named after a CVE still tells it. */
export function impliedUpstream(id: string): string[] {
  const derived = DERIVED_CVE.exec(id)?.[1];
  return derived ? [derived] : [];
}

function compareIds(a: string, b: string): number {
  // Sorting ids is most of merging; the prefix test spares the expression for the ids that are not CVEs.
  const x = a.startsWith('CVE-') ? CVE.exec(a) : null;
  const y = b.startsWith('CVE-') ? CVE.exec(b) : null;
  // CVE-2023-10000 is newer than CVE-2023-9999; compare the numbers, not the text.
  if (x && y) return Number(x[1]) - Number(y[1]) || Number(x[2]) - Number(y[2]);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Our level for an advisory's figure. Advisories without any rating are `unknown` (source `unknown`), which gates and
 * filters rank with medium (core/severity.ts): an unrated flaw is not known to be harmless, and calling it high or
 * critical would invent a rating nobody published.
 */
function severityOf(rated: AdvisorySeverity): VulnerabilitySeverity {
  if (!rated.severity) return { level: 'unknown', source: 'unknown' };
  return {
    level: rated.severity === 'none' ? 'info' : rated.severity,
    ...(rated.score !== null ? { score: rated.score } : {}),
    source: rated.source ?? 'unknown',
  };
}

/** Positive when `a` is worse: level, then a published rating over none, then score. */
function compareSeverity(a: VulnerabilitySeverity, b: VulnerabilitySeverity): number {
  const published = (s: VulnerabilitySeverity): number => (s.source === 'unknown' ? 0 : 1);
  return severityRank(a.level) - severityRank(b.level) || published(a) - published(b) || (a.score ?? -1) - (b.score ?? -1);
}

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let root = this.parent.get(x) ?? x;
    if (root === x) {
      if (!this.parent.has(x)) this.parent.set(x, x);
      return x;
    }
    root = this.find(root);
    this.parent.set(x, root);
    return root;
  }
  union(a: string, b: string): void {
    const x = this.find(a);
    const y = this.find(b);
    if (x !== y) this.parent.set(y, x);
  }
  has(x: string): boolean {
    return this.parent.has(x);
  }
}

/**
 * Joins the matched advisories of one package version into one entry per flaw. `aliases` mean "the same
 * vulnerability" (osv-schema), so ids and aliases are joined transitively. `upstream` means "derived from": a record
 * derived from one CVE (DEBIAN-CVE-…, or a DSA fixing one CVE) joins it, but a DSA fixing several CVEs would fuse
 * distinct flaws, so it is attached to each flaw found on its own instead, and stands alone only when none is.
 */
export function mergeAdvisories(matched: readonly MatchedAdvisory[]): MergedVulnerability[] {
  const sets = new UnionFind();
  const bundles = new Set<MatchedAdvisory>();
  for (const entry of matched) {
    const { id, aliases } = entry.advisory;
    sets.find(id);
    for (const alias of aliases) sets.union(id, alias);
    if (entry.upstream.length > 1 && new Set(entry.upstream.map(cveOf).filter((cve) => cve !== undefined)).size > 1) bundles.add(entry);
    else for (const name of entry.upstream) sets.union(id, name);
  }

  const groups = new Map<string, { members: MatchedAdvisory[]; attached: MatchedAdvisory[] }>();
  const groupOf = (root: string) => {
    let group = groups.get(root);
    if (!group) groups.set(root, (group = { members: [], attached: [] }));
    return group;
  };
  for (const entry of matched) if (!bundles.has(entry)) groupOf(sets.find(entry.advisory.id)).members.push(entry);
  const loose = new Set<MatchedAdvisory>();
  for (const bundle of bundles) {
    const roots = new Set(bundle.upstream.filter((name) => sets.has(name)).map((name) => sets.find(name)));
    const targets = [...roots].filter((root) => groups.has(root));
    if (targets.length === 0) loose.add(bundle);
    for (const root of targets) groupOf(root).attached.push(bundle);
  }
  for (const bundle of loose) for (const name of [...bundle.advisory.aliases, ...bundle.upstream]) sets.union(bundle.advisory.id, name);
  for (const bundle of loose) groupOf(sets.find(bundle.advisory.id)).members.push(bundle);

  const names = new Map<string, Set<string>>();
  for (const entry of matched) {
    const root = sets.find(entry.advisory.id);
    if (!groups.has(root)) continue;
    const set = names.get(root) ?? new Set<string>();
    names.set(root, set);
    set.add(entry.advisory.id);
    for (const alias of entry.advisory.aliases) set.add(alias);
    if (!bundles.has(entry) || loose.has(entry)) for (const name of entry.upstream) set.add(name);
  }

  const merged: MergedVulnerability[] = [];
  for (const [root, { members, attached }] of groups) {
    if (members.length === 0) continue;
    const all = [...(names.get(root) ?? [])].sort(compareIds);
    const id = all.find((name) => CVE.test(name)) ?? members.map((m) => m.advisory.id).sort(compareIds)[0]!;
    // `all` is sorted and distinct already; only attached bundles add names to place.
    const named = all.filter((name) => name !== id);
    const aliases = attached.length === 0 ? named : [...new Set([...named, ...attached.map((bundle) => bundle.advisory.id)])].sort(compareIds);
    const rated = members.map((member) => ({ member, severity: severityOf(member.advisory.severity) }));
    if (rated.length > 1) rated.sort((a, b) => compareSeverity(b.severity, a.severity) || compareIds(a.member.advisory.id, b.member.advisory.id));
    const summary = rated.find((r) => r.member.advisory.summary)?.member.advisory.summary;
    const sources = attached.length === 0 ? members : [...members, ...attached];
    const fixed: string[] = [];
    for (const source of sources) fixed.push(...source.fixed);
    merged.push({
      id,
      aliases,
      advisories: sources.length === 1 ? [sources[0]!.advisory.id] : [...new Set(sources.map((m) => m.advisory.id))].sort(compareIds),
      ...(summary ? { summary } : {}),
      severity: rated[0]!.severity,
      fixed,
    });
  }
  return merged;
}
