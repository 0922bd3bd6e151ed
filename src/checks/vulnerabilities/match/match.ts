import { fingerprintOf } from '../../../core/fingerprint.js';
import { severityRank } from '../../../core/severity.js';
import { vulnerablePackage, type PackageLocation, type VulnerabilityFinding } from '../../../core/vulnerability.js';
import type { OsvDatabase } from '../database/index.js';
import type { AffectedEntry, PackageQuery } from '../database/index.js';
import type { Package } from '../../../core/package.js';
import { isSupportedEcosystem, versionOrdering } from '../versions/index.js';
import { impliedUpstream, mergeAdvisories } from './merge.js';
import { evaluateAffected } from './ranges.js';
import { scopeOf, type QueryScope } from './scope.js';

export interface MatchOptions {
  /** Leave out vulnerabilities no advisory publishes a fix for. */
  ignoreUnfixed?: boolean;
  /** The image layer that put a package there; the inventory itself knows only files. */
  layerOf?: (pkg: Package) => PackageLocation['layer'];
}

export interface MatchResult {
  findings: VulnerabilityFinding[];
  warnings: string[];
}

/** One package version found in one or more files. */
interface InstalledPackage {
  pkg: Package;
  scope: QueryScope;
  locations: PackageLocation[];
}

/** An advisory whose affected entries hold the installed version. */
interface Hit {
  advisory: number;
  /** Fixes above the installed version in the ranges that matched. */
  fixed: string[];
}

/** Counts of skipped work, reported once each instead of once per package. */
class Warnings {
  private readonly counts = new Map<string, { count: number; example: string }>();
  add(kind: string, example: string): void {
    const entry = this.counts.get(kind);
    if (entry) entry.count++;
    else this.counts.set(kind, { count: 1, example });
  }
  list(): string[] {
    return [...this.counts.entries()].map(([kind, { count, example }]) => `${kind}: ${count} (e.g. ${example})`);
  }
}

function installedPackages(packages: readonly Package[], layerOf: MatchOptions['layerOf']): InstalledPackage[] {
  const byIdentity = new Map<string, InstalledPackage>();
  for (const pkg of packages) {
    const key = `${pkg.ecosystem}\0${pkg.name}\0${pkg.version}`;
    const layer = layerOf?.(pkg);
    const location: PackageLocation = layer ? { file: pkg.file, layer } : { file: pkg.file };
    const entry = byIdentity.get(key);
    if (!entry) byIdentity.set(key, { pkg, scope: scopeOf(pkg), locations: [location] });
    else if (!entry.locations.some((l) => l.file === location.file && l.layer?.digest === location.layer?.digest)) entry.locations.push(location);
  }
  for (const entry of byIdentity.values())
    entry.locations.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return [...byIdentity.values()];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order of a match's findings: worst first, then package and id; shared with re-matching. */
export function compareFindings(a: VulnerabilityFinding, b: VulnerabilityFinding): number {
  return (
    severityRank(b.severity.level) - severityRank(a.severity.level) ||
    compareText(a.package.name, b.package.name) ||
    compareText(a.package.version, b.package.version) ||
    compareText(a.package.ecosystem, b.package.ecosystem) ||
    compareText(a.id, b.id)
  );
}

/** An advisory none of whose entries could be evaluated because a version does not parse. */
interface Unparsable {
  advisory: number;
  version: string;
}

interface Verdicts {
  hits: Hit[];
  unparsable: Unparsable[];
  /** Advisories whose ECOSYSTEM ranges could not be evaluated: the package's ecosystem has no version ordering. */
  unordered: number[];
}

/** What one package version's candidate entries say, grouped by advisory as `eachAffected` orders them. */
function evaluate(scope: QueryScope, entries: readonly AffectedEntry[]): Verdicts {
  const hits: Hit[] = [];
  const unparsable: Unparsable[] = [];
  const unordered: number[] = [];
  for (let start = 0; start < entries.length; ) {
    const advisory = entries[start]!.advisory;
    const fixed: string[] = [];
    let affected = false;
    let badVersion: string | undefined;
    let noOrdering = false;
    let end = start;
    for (; end < entries.length && entries[end]!.advisory === advisory; end++) {
      const verdict = evaluateAffected(scope.ecosystem, scope.version, entries[end]!.affected);
      if (verdict.kind === 'affected') {
        affected = true;
        fixed.push(...verdict.fixed);
      } else if (verdict.kind === 'unparsable') badVersion = verdict.version;
      else if (verdict.kind === 'unordered') noOrdering = true;
    }
    if (affected) hits.push({ advisory, fixed });
    else if (badVersion !== undefined) unparsable.push({ advisory, version: badVersion });
    else if (noOrdering) unordered.push(advisory);
    start = end;
  }
  return { hits, unparsable, unordered };
}

/**
 * The verdicts for each package, in order. Every distinct package is looked up once, all in one statement, and each
 * distinct version evaluated once: binary packages built from one source share the source's name and version.
 */
function verdictsOf(db: OsvDatabase, installed: readonly InstalledPackage[]): Verdicts[] {
  const queries: PackageQuery[] = [];
  const queryIndex = new Map<string, number>();
  const queryOf = installed.map(({ scope }) => {
    const key = `${scope.nested ? 'under' : 'exact'}\0${scope.ecosystem}\0${scope.name}`;
    let index = queryIndex.get(key);
    if (index === undefined) {
      index = queries.push({ ecosystem: scope.ecosystem, name: scope.name, nested: scope.nested }) - 1;
      queryIndex.set(key, index);
    }
    return index;
  });
  const scopesOf: QueryScope[][] = queries.map(() => []);
  installed.forEach(({ scope }, i) => scopesOf[queryOf[i]!]!.push(scope));
  const verdictKey = (query: number, scope: QueryScope): string => `${query}\0${scope.version}`;
  const verdicts = new Map<string, Verdicts>();
  db.eachAffected(queries, (query, entries) => {
    for (const scope of scopesOf[query]!) {
      const key = verdictKey(query, scope);
      if (!verdicts.has(key)) verdicts.set(key, evaluate(scope, entries));
    }
  });
  const none: Verdicts = { hits: [], unparsable: [], unordered: [] };
  return installed.map(({ scope }, i) => verdicts.get(verdictKey(queryOf[i]!, scope)) ?? none);
}

/**
 * Matches installed packages against the OSV database: one finding per package version and flaw, every advisory
 * describing that flaw merged into it. Never throws on odd data: versions an ecosystem cannot order, ECOSYSTEM ranges
 * of ecosystems without an ordering (their SEMVER ranges still apply) and OS packages without a release end up in
 * `warnings`.
 */
export function matchPackages(db: OsvDatabase, packages: readonly Package[], options: MatchOptions = {}): MatchResult {
  const warnings = new Warnings();
  const checked = installedPackages(packages, options.layerOf);
  for (const { scope, pkg } of checked)
    if (scope.releaseUnknown)
      warnings.add(
        'OS packages whose distribution release is unknown (only release-independent advisories checked)',
        `${pkg.ecosystem}/${pkg.name}`,
      );

  const matched: Array<{ installed: InstalledPackage; hits: Hit[] }> = [];
  const unparsable: Array<{ scope: QueryScope } & Unparsable> = [];
  const unordered: Array<{ scope: QueryScope; advisory: number }> = [];
  const warned = new Set<Verdicts>();
  verdictsOf(db, checked).forEach((found, i) => {
    const installed = checked[i]!;
    if (!warned.has(found)) {
      warned.add(found);
      for (const entry of found.unparsable) unparsable.push({ scope: installed.scope, ...entry });
      for (const advisory of found.unordered) unordered.push({ scope: installed.scope, advisory });
    }
    if (found.hits.length > 0) matched.push({ installed, hits: found.hits });
  });

  // Advisory fields are read only for the advisories that matched, not for every candidate of every package.
  const details = db.advisoryDetails([
    ...matched.flatMap(({ hits }) => hits.map((hit) => hit.advisory)),
    ...unparsable.map((u) => u.advisory),
    ...unordered.map((u) => u.advisory),
  ]);
  for (const { scope, advisory, version } of unparsable)
    warnings.add(
      'advisories not checked because a version does not parse in its ecosystem',
      `${details.get(advisory)!.id} for ${scope.ecosystem}/${scope.name}@${scope.version}: "${version}"`,
    );
  for (const { scope, advisory } of unordered)
    warnings.add('advisories not checked because their ecosystem has no version ordering', `${details.get(advisory)!.id} for ${scope.ecosystem}/${scope.name}@${scope.version}`);
  const findings: VulnerabilityFinding[] = [];
  for (const { installed, hits } of matched) {
    const { pkg, locations } = installed;
    // Without an ecosystem ordering, only SEMVER ranges can have matched, so their fixes order as SemVer.
    const ordering = versionOrdering(isSupportedEcosystem(installed.scope.ecosystem) ? installed.scope.ecosystem : 'SemVer');
    const merged = mergeAdvisories(
      hits.map((hit) => {
        const advisory = details.get(hit.advisory)!;
        return { advisory, fixed: hit.fixed, upstream: advisory.upstream.length > 0 ? advisory.upstream : impliedUpstream(advisory.id) };
      }),
    );
    for (const vulnerability of merged) {
      const fixedVersions = [...new Set(vulnerability.fixed)].sort((a, b) => ordering.compare(a, b));
      if (options.ignoreUnfixed && fixedVersions.length === 0) continue;
      findings.push({
        id: vulnerability.id,
        aliases: vulnerability.aliases,
        advisories: vulnerability.advisories,
        ...(vulnerability.summary !== undefined ? { summary: vulnerability.summary } : {}),
        package: vulnerablePackage(pkg),
        locations: locations.map((location) => ({ ...location })),
        severity: vulnerability.severity,
        fixedVersions,
        // Keyed by name, not version, so a baseline entry survives a version bump that leaves the flaw in place.
        fingerprint: fingerprintOf(`vuln:${vulnerability.id}`, locations[0]!.file, `${pkg.ecosystem}/${pkg.name}`),
      });
    }
  }
  findings.sort(compareFindings);
  return { findings, warnings: warnings.list() };
}
