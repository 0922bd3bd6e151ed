import { type CvssSeverity, cvssSeverity, isCvssType, scoreCvss, type CvssType } from './cvss/index.js';
import type { OsvRecord, OsvSeverity } from './model.js';

export interface AdvisorySeverity {
  score: number | null;
  severity: CvssSeverity | null;
  /** Where the figure came from: `CVSS_V3`, `affected.CVSS_V4`, `database_specific.severity`, `Ubuntu`, ... */
  source: string | null;
}

// v3 first: it is what NVD, GHSA and other scanners show, so our figure lines up with theirs.
const CVSS_PREFERENCE: readonly CvssType[] = ['CVSS_V3', 'CVSS_V4', 'CVSS_V2'];

// Vendor words (GHSA database_specific.severity, Debian urgency, Ubuntu priority) on the CVSS scale.
const LABELS: Record<string, CvssSeverity> = {
  critical: 'critical',
  high: 'high',
  important: 'high',
  moderate: 'medium',
  medium: 'medium',
  low: 'low',
  negligible: 'low',
  unimportant: 'low',
};

function bestCvss(entries: readonly OsvSeverity[] | undefined, prefix: string): AdvisorySeverity | undefined {
  for (const type of CVSS_PREFERENCE) {
    let best: number | undefined;
    for (const entry of entries ?? []) {
      if (entry.type !== type || !isCvssType(entry.type)) continue;
      const score = scoreCvss(entry.type, entry.score);
      if (score !== undefined && (best === undefined || score > best)) best = score;
    }
    if (best !== undefined) return { score: best, severity: cvssSeverity(best, type), source: `${prefix}${type}` };
  }
  return undefined;
}

function label(value: unknown, source: string): AdvisorySeverity | undefined {
  const severity = typeof value === 'string' ? LABELS[value.trim().toLowerCase()] : undefined;
  return severity ? { score: null, severity, source } : undefined;
}

/**
 * One severity per advisory for sorting and gates: a computed CVSS score when any vector parses
 * (record-level before per-package), else the worst vendor label found.
 */
export function advisorySeverity(record: OsvRecord): AdvisorySeverity {
  const cvss = bestCvss(record.severity, '') ?? worstOf((record.affected ?? []).map((a) => bestCvss(a.severity, 'affected.')));
  if (cvss) return cvss;
  const labels = [
    label(record.database_specific?.severity, 'database_specific.severity'),
    ...(record.severity ?? []).filter((s) => s.type === 'Ubuntu').map((s) => label(s.score, 'Ubuntu')),
    ...(record.affected ?? []).flatMap((a) => [
      label(a.database_specific?.severity, 'affected.database_specific.severity'),
      label(a.ecosystem_specific?.severity, 'affected.ecosystem_specific.severity'),
      label(a.ecosystem_specific?.urgency, 'affected.ecosystem_specific.urgency'),
      label(a.database_specific?.urgency, 'affected.database_specific.urgency'),
    ]),
  ];
  return worstOf(labels) ?? { score: null, severity: null, source: null };
}

const RANK: Record<CvssSeverity, number> = { none: 0, low: 1, medium: 2, high: 3, critical: 4 };

function worstOf(candidates: ReadonlyArray<AdvisorySeverity | undefined>): AdvisorySeverity | undefined {
  let worst: AdvisorySeverity | undefined;
  for (const candidate of candidates) {
    if (!candidate?.severity) continue;
    const rank = RANK[candidate.severity];
    const worstRank = worst ? RANK[worst.severity as CvssSeverity] : -1;
    if (rank > worstRank || (rank === worstRank && (candidate.score ?? -1) > (worst?.score ?? -1))) worst = candidate;
  }
  return worst;
}
