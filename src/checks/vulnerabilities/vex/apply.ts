import { PackageURL } from 'packageurl-js';
import type { VulnerabilityFinding } from '../../../core/vulnerability.js';
import type { VexDocument, VexStatement } from './parse.js';

export interface VexWarning {
  file: string;
  message: string;
}

export interface VexResult {
  /** The same findings, those covered by a winning `not_affected` statement now marked suppressed. */
  findings: VulnerabilityFinding[];
  /** Statements that named no finding: a stale or mistyped VEX is worth knowing about. */
  warnings: VexWarning[];
}

interface PurlKey {
  type: string;
  namespace: string;
  name: string;
  version: string | undefined;
}

/** Qualifiers (arch, distro, repository_url) and subpath are left out: VEX authors rarely know the scanner's. */
function purlKey(purl: string): PurlKey | undefined {
  try {
    const parsed = PackageURL.fromString(purl);
    const type = parsed.type.toLowerCase();
    // PyPI names compare after PEP 503 normalisation, as the registry does.
    const name = type === 'pypi' ? parsed.name.replace(/[-_.]+/g, '-').toLowerCase() : parsed.name;
    return { type, namespace: parsed.namespace ?? '', name, version: parsed.version ?? undefined };
  } catch {
    return undefined;
  }
}

const covers = (product: PurlKey, pkg: PurlKey): boolean =>
  product.type === pkg.type &&
  product.namespace === pkg.namespace &&
  product.name === pkg.name &&
  (product.version === undefined || product.version === pkg.version);

interface Candidate {
  statement: VexStatement;
  file: string;
  order: number;
  products: PurlKey[];
}

/** Later wins: by timestamp, and among equal or missing timestamps by position (documents in the order given). */
const later = (a: Candidate, b: Candidate): boolean =>
  (a.statement.timestamp ?? -Infinity) > (b.statement.timestamp ?? -Infinity) ||
  ((a.statement.timestamp ?? -Infinity) === (b.statement.timestamp ?? -Infinity) && a.order > b.order);

/**
 * Suppresses findings that a VEX statement declares `not_affected` (CycloneDX also `false_positive`): the statement
 * names the finding's id or one of its aliases, and one of its product purls covers the finding's package. When
 * several statements speak about the same finding the latest wins, so a later `affected` revokes an earlier claim.
 * Findings are marked in place; an existing suppression is kept.
 */
export function applyVex(findings: VulnerabilityFinding[], documents: readonly VexDocument[]): VexResult {
  const byName = new Map<string, Candidate[]>();
  const candidates: Candidate[] = [];
  documents.forEach((document) =>
    document.statements.forEach((statement) => {
      const candidate: Candidate = {
        statement,
        file: document.file,
        order: candidates.length,
        products: statement.products.flatMap((purl) => purlKey(purl) ?? []),
      };
      candidates.push(candidate);
      for (const name of new Set([statement.vulnerability, ...statement.aliases])) {
        const named = byName.get(name) ?? [];
        named.push(candidate);
        byName.set(name, named);
      }
    }),
  );

  const used = new Set<Candidate>();
  for (const finding of findings) {
    const pkg = purlKey(finding.package.purl);
    if (!pkg) continue;
    let winner: Candidate | undefined;
    for (const name of [finding.id, ...finding.aliases]) {
      for (const candidate of byName.get(name) ?? []) {
        if (!candidate.products.some((product) => covers(product, pkg))) continue;
        used.add(candidate);
        if (!winner || later(candidate, winner)) winner = candidate;
      }
    }
    if (winner?.statement.suppresses && !finding.suppressed) {
      const { status, explanation } = winner.statement;
      finding.suppressed = { kind: 'vex', reason: explanation ? `${status}: ${explanation}` : status };
    }
  }

  const warnings = candidates
    .filter((candidate) => !used.has(candidate))
    .map(({ statement, file }) => ({
      file,
      message: `VEX statement "${statement.status}" for ${statement.vulnerability} on ${statement.products.join(', ') || 'no readable product purl'} matches no finding`,
    }));
  return { findings, warnings };
}
