import { fingerprintOf } from '../../../core/fingerprint.js';
import type { Package } from '../../../core/package.js';
import { vulnerablePackage, type PackageLocation, type VulnerabilityFinding } from '../../../core/vulnerability.js';
import type { OsvDatabase } from '../../../checks/vulnerabilities/database/index.js';
import { compareFindings, matchPackages } from '../../../checks/vulnerabilities/match/index.js';
import { diffMatches, type MatchDiff, type RecordedMatch } from './diff.js';

/** One stored image as the store hands it over: its inventory and what its last match recorded. */
export interface StoredInventory {
  /** The image's manifest digest, the key its results are reported under. */
  digest: string;
  packages: readonly Package[];
  /** Empty for an image never matched before: everything found is then `added`. */
  previous: readonly RecordedMatch[];
}

export interface ImageRematch {
  digest: string;
  /**
   * Exactly what `matchPackages` returns for the image's packages (without layers, which stores do not keep). Fields
   * that do not depend on the image (aliases, advisories, severity, fixed versions) are shared between images' results:
   * read them, do not change them.
   */
  findings: VulnerabilityFinding[];
  diff: MatchDiff;
}

export interface RematchProgress {
  /** Images and package entries read so far. */
  images: number;
  packages: number;
  /** Distinct package versions matched so far: the work actually done against the database. */
  distinctPackages: number;
  /** The matcher's warnings for the packages first met in this batch. */
  warnings: string[];
}

export interface RematchOptions {
  /** Images read before the packages first met among them are matched and their results yielded; 1,000 by default. */
  batchSize?: number;
  /** After every batch. */
  onBatch?(progress: RematchProgress): void;
}

/** A vulnerability of one distinct package version, as the matcher reported it, with its place in the report order. */
interface Template {
  finding: VulnerabilityFinding;
  rank: number;
  /** Fingerprints by the first file of the package in an image: nearly always one path for every image. */
  fingerprints: Map<string, string>;
}

/**
 * One ecosystem, name and version: the matcher's unit (it merges packages that share them). Two packages of one
 * version can differ in the source package the query scope reads, so each source seen gets its own verdict.
 */
interface Identity {
  /** The first identity of this ecosystem, name and version: what an image's packages are grouped by. */
  primary: Identity;
  templates: readonly Template[];
  pkg: Package;
  /** Other sources of the same version, by source name and version (on the primary only). */
  others?: Map<string, Identity>;
}

const NONE: readonly Template[] = [];
const sameSource = (a: Package, b: Package): boolean => a.sourceName === b.sourceName && a.sourceVersion === b.sourceVersion;
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `map.get(key)`, creating the entry on first use. */
function entry<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}

/**
 * Each distinct package version matched once, ever, with `matchPackages` itself: a package's findings do not depend
 * on the image it is in, except for the package fields, locations and fingerprint, which the fan-out fills in.
 */
class DistinctMatches {
  // Nested by field rather than keyed by one joined string: joining and hashing a key for each of millions of
  // package entries was the largest cost of a re-match.
  private readonly identities = new Map<string, Map<string, Map<string, Identity>>>();
  private readonly templates: Template[] = [];
  private pending: Identity[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  identityOf(pkg: Package): Identity {
    const versions = entry(entry(this.identities, pkg.ecosystem, () => new Map<string, Map<string, Identity>>()), pkg.name, () => new Map<string, Identity>());
    const found = versions.get(pkg.version);
    if (found && sameSource(found.pkg, pkg)) return found;
    if (!found) {
      const identity = this.added(pkg, undefined);
      versions.set(pkg.version, identity);
      return identity;
    }
    found.others ??= new Map();
    return entry(found.others, `${pkg.sourceName ?? ''}\0${pkg.sourceVersion ?? ''}`, () => this.added(pkg, found));
  }

  private added(pkg: Package, primary: Identity | undefined): Identity {
    const identity = { templates: NONE, pkg } as Identity;
    identity.primary = primary ?? identity;
    this.pending.push(identity);
    this.count++;
    return identity;
  }

  /**
   * Matches the identities met since the last call, those of one version with different sources in separate calls so
   * each keeps its own verdict. The pending index travels as the package's file and comes back as the finding's
   * location. Then every template is ranked in the matcher's report order, so an image's findings sort by a number.
   */
  matchPending(db: OsvDatabase): string[] {
    const warnings: string[] = [];
    let rest = this.pending;
    this.pending = [];
    while (rest.length > 0) {
      const round: Identity[] = [];
      const later: Identity[] = [];
      const taken = new Set<Identity>();
      for (const identity of rest) {
        if (taken.has(identity.primary)) later.push(identity);
        else {
          taken.add(identity.primary);
          round.push(identity);
        }
      }
      const result = matchPackages(
        db,
        round.map((identity, index) => ({ ...identity.pkg, file: String(index) })),
      );
      warnings.push(...result.warnings);
      for (const finding of result.findings) {
        const identity = round[Number(finding.locations[0]!.file)]!;
        const template: Template = { finding, rank: 0, fingerprints: new Map() };
        identity.templates = identity.templates === NONE ? [template] : [...identity.templates, template];
        this.templates.push(template);
      }
      rest = later;
    }
    this.templates.sort((a, b) => compareFindings(a.finding, b.finding));
    this.templates.forEach((template, rank) => (template.rank = rank));
    return warnings;
  }
}

/** The packages of one image as the matcher groups them: by identity, every file kept. */
interface PackageGroup {
  identity: Identity;
  pkg: Package;
  files: string[];
}

function groupPackages(packages: readonly Package[], distinct: DistinctMatches): PackageGroup[] {
  const groups = new Map<Identity, PackageGroup>();
  for (const pkg of packages) {
    const identity = distinct.identityOf(pkg);
    const group = groups.get(identity.primary);
    if (!group) groups.set(identity.primary, { identity, pkg, files: [pkg.file] });
    else if (!group.files.includes(pkg.file)) group.files.push(pkg.file);
  }
  return [...groups.values()];
}

function imageFindings(groups: readonly PackageGroup[]): VulnerabilityFinding[] {
  const hits: Array<{ template: Template; group: PackageGroup }> = [];
  for (const group of groups) for (const template of group.identity.templates) hits.push({ template, group });
  hits.sort((a, b) => a.template.rank - b.template.rank);
  const locationsOf = new Map<PackageGroup, PackageLocation[]>();
  return hits.map(({ template, group }) => {
    let locations = locationsOf.get(group);
    if (!locations) {
      group.files.sort(byText);
      locationsOf.set(group, (locations = group.files.map((file) => ({ file }))));
    }
    const first = group.files[0]!;
    let fingerprint = template.fingerprints.get(first);
    if (fingerprint === undefined) {
      // Keyed by name, as matchPackages does, so a baseline entry survives a version bump.
      fingerprint = fingerprintOf(`vuln:${template.finding.id}`, first, `${group.pkg.ecosystem}/${group.pkg.name}`);
      template.fingerprints.set(first, fingerprint);
    }
    return { ...template.finding, package: vulnerablePackage(group.pkg), locations, fingerprint };
  });
}

/**
 * Re-matches stored inventories against the database and diffs each image against its recorded match. Inventories
 * are read in batches, so memory holds one batch and the distinct package versions' findings, never every image;
 * results come out in input order.
 */
export async function* rematchInventories(
  db: OsvDatabase,
  images: AsyncIterable<StoredInventory> | Iterable<StoredInventory>,
  options: RematchOptions = {},
): AsyncGenerator<ImageRematch, void, undefined> {
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  const distinct = new DistinctMatches();
  let batch: Array<{ image: StoredInventory; groups: PackageGroup[] }> = [];
  let imagesRead = 0;
  let packagesRead = 0;

  function* flush(): Generator<ImageRematch> {
    const warnings = distinct.matchPending(db);
    options.onBatch?.({ images: imagesRead, packages: packagesRead, distinctPackages: distinct.size, warnings });
    const current = batch;
    batch = [];
    for (const { image, groups } of current) {
      const findings = imageFindings(groups);
      yield { digest: image.digest, findings, diff: diffMatches(image.previous, findings) };
    }
  }

  for await (const image of images) {
    batch.push({ image, groups: groupPackages(image.packages, distinct) });
    imagesRead++;
    packagesRead += image.packages.length;
    if (batch.length >= batchSize) yield* flush();
  }
  if (batch.length > 0) yield* flush();
}
