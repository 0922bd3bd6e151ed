import { readFile } from 'node:fs/promises';
import type { ScanError } from '../core/finding.js';
import type { PackageLocation, UncheckedFile, VulnerabilityFinding } from '../core/vulnerability.js';
import { databaseAgeWarning, openDatabaseOrExplain } from '../checks/vulnerabilities/database/index.js';
import type { Package } from '../checks/vulnerabilities/inventory/index.js';
import { matchPackages } from '../checks/vulnerabilities/match/index.js';
import { applyVex, parseVexDocument } from '../checks/vulnerabilities/vex/index.js';
import { readSbom } from '../checks/vulnerabilities/inventory/sbom/read.js';
import { inventoryIssues } from './inventory-issues.js';

export interface VulnerabilityScanOptions {
  /** The SQLite database `rampart db update` builds. */
  databasePath: string;
  /** Drop vulnerabilities no release fixes yet. */
  ignoreUnfixed: boolean;
  /** OpenVEX or CycloneDX VEX documents: `not_affected` statements suppress matching findings. */
  vexFiles: Array<{ path: string; display: string }>;
  /** A database older than this draws a warning. */
  maxDatabaseAgeMs: number;
}

/** The packages of a CycloneDX or SPDX JSON SBOM's text; what cannot be read is an error on its file, never a throw. */
export function readSbomText(text: string, display: string): { packages: Package[]; errors: ScanError[] } {
  const result = readSbom(text, display);
  return {
    packages: result.packages,
    errors: [
      ...result.errors.map((e) => ({ file: display, ...(e.line !== undefined ? { line: e.line } : {}), message: e.message })),
      ...inventoryIssues({ errors: [], skipped: (result.skipped ?? []).map((s) => ({ ...s, file: display, extractor: 'sbom' })) }),
    ],
  };
}

export interface VulnerabilityScanResult {
  vulnerabilities: VulnerabilityFinding[];
  /** Package files nothing was checked in, because there was no usable database; each is also an error. */
  unchecked: UncheckedFile[];
  errors: ScanError[];
}

/** Matches inventoried packages against the database, then applies VEX; suppressions from config come later. */
export async function findVulnerabilities(
  packages: Package[],
  options: VulnerabilityScanOptions,
  now: Date,
  layerOf?: (pkg: Package) => PackageLocation['layer'],
): Promise<VulnerabilityScanResult> {
  if (packages.length === 0) return { vulnerabilities: [], unchecked: [], errors: [] };
  const opened = openDatabaseOrExplain(options.databasePath);
  if (!opened.ok) {
    // Not checked is not clean: each file's packages stay unknown, so the scan is incomplete (exit 3), never "0 vulnerabilities".
    const unchecked = uncheckedFiles(packages, opened.message);
    const errors = unchecked.map((u) => ({ file: u.file, message: `${u.packages} ${u.packages === 1 ? 'package was' : 'packages were'} inventoried but not checked for vulnerabilities: ${u.reason}` }));
    return { vulnerabilities: [], unchecked, errors };
  }
  const errors: ScanError[] = [];
  const stale = databaseAgeWarning(options.databasePath, now, options.maxDatabaseAgeMs);
  if (stale) errors.push({ file: options.databasePath, message: stale, level: 'warning' });
  try {
    const matched = matchPackages(opened.db, packages, { ignoreUnfixed: options.ignoreUnfixed, ...(layerOf ? { layerOf } : {}) });
    errors.push(...matched.warnings.map((message) => ({ file: options.databasePath, message, level: 'warning' as const })));
    const documents = [];
    for (const vex of options.vexFiles) {
      try {
        documents.push(parseVexDocument(await readFile(vex.path, 'utf8'), vex.display));
      } catch (error) {
        errors.push({ file: vex.display, message: `cannot use VEX document: ${(error as Error).message}` });
      }
    }
    const applied = applyVex(matched.findings, documents);
    errors.push(...applied.warnings.map((w) => ({ file: w.file, message: w.message, level: 'warning' as const })));
    return { vulnerabilities: matched.findings, unchecked: [], errors };
  } finally {
    opened.db.close();
  }
}

/** One entry per package file, in the order the files were read. */
function uncheckedFiles(packages: readonly Package[], reason: string): UncheckedFile[] {
  const counts = new Map<string, number>();
  for (const pkg of packages) counts.set(pkg.file, (counts.get(pkg.file) ?? 0) + 1);
  return [...counts].map(([file, count]) => ({ file, packages: count, reason }));
}
