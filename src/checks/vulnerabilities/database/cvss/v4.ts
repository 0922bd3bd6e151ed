import { parseMetrics } from './vector.js';
import { LEVELS, MACROVECTOR_SCORES, MAX_SEVERITY, MAX_VECTORS } from './v4-tables.js';

const HLN = ['H', 'L', 'N'];
const ALLOWED: Record<string, readonly string[]> = {
  AV: ['N', 'A', 'L', 'P'],
  AC: ['L', 'H'],
  AT: ['N', 'P'],
  PR: ['N', 'L', 'H'],
  UI: ['N', 'P', 'A'],
  VC: HLN,
  VI: HLN,
  VA: HLN,
  SC: HLN,
  SI: HLN,
  SA: HLN,
  E: ['X', 'A', 'P', 'U'],
  CR: ['X', 'H', 'M', 'L'],
  IR: ['X', 'H', 'M', 'L'],
  AR: ['X', 'H', 'M', 'L'],
  MAV: ['X', 'N', 'A', 'L', 'P'],
  MAC: ['X', 'L', 'H'],
  MAT: ['X', 'N', 'P'],
  MPR: ['X', 'N', 'L', 'H'],
  MUI: ['X', 'N', 'P', 'A'],
  MVC: ['X', ...HLN],
  MVI: ['X', ...HLN],
  MVA: ['X', ...HLN],
  MSC: ['X', ...HLN],
  MSI: ['X', 'S', ...HLN],
  MSA: ['X', 'S', ...HLN],
  // Supplemental metrics never change the score.
  S: ['X', 'N', 'P'],
  AU: ['X', 'N', 'Y'],
  R: ['X', 'A', 'U', 'I'],
  V: ['X', 'D', 'C'],
  RE: ['X', 'L', 'M', 'H'],
  U: ['X', 'Clear', 'Green', 'Amber', 'Red'],
};
const BASE = ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'];
const DISTANCE_METRICS = ['AV', 'PR', 'UI', 'AC', 'AT', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA', 'CR', 'IR', 'AR'];
const STEP = 0.1;

type Effective = (metric: string) => string;

/** The value that scoring uses: modified metrics override base ones, and X means the worst case. */
function effectiveValues(metrics: Map<string, string>): Effective {
  return (metric) => {
    const value = metrics.get(metric) ?? 'X';
    if (metric === 'E') return value === 'X' ? 'A' : value;
    if (metric === 'CR' || metric === 'IR' || metric === 'AR') return value === 'X' ? 'H' : value;
    const modified = metrics.get(`M${metric}`);
    return modified !== undefined && modified !== 'X' ? modified : value;
  };
}

/** The six equivalence-class levels (spec table 24-29). */
function macroVector(m: Effective): number[] {
  const eq1 =
    m('AV') === 'N' && m('PR') === 'N' && m('UI') === 'N'
      ? 0
      : (m('AV') === 'N' || m('PR') === 'N' || m('UI') === 'N') && m('AV') !== 'P'
        ? 1
        : 2;
  const eq2 = m('AC') === 'L' && m('AT') === 'N' ? 0 : 1;
  const eq3 = m('VC') === 'H' && m('VI') === 'H' ? 0 : m('VC') === 'H' || m('VI') === 'H' || m('VA') === 'H' ? 1 : 2;
  const eq4 = m('SI') === 'S' || m('SA') === 'S' ? 0 : m('SC') === 'H' || m('SI') === 'H' || m('SA') === 'H' ? 1 : 2;
  const eq5 = { A: 0, P: 1, U: 2 }[m('E') as 'A' | 'P' | 'U'];
  const eq6 = (m('CR') === 'H' && m('VC') === 'H') || (m('IR') === 'H' && m('VI') === 'H') || (m('AR') === 'H' && m('VA') === 'H') ? 0 : 1;
  return [eq1, eq2, eq3, eq4, eq5, eq6];
}

const key = (levels: readonly number[]): string => levels.join('');
const lookup = (levels: readonly number[]): number | undefined => MACROVECTOR_SCORES.get(key(levels));

/** Score of the next lower MacroVector for EQ3+EQ6, which move together (spec section 8.2). */
function lowerEq3Eq6(levels: readonly number[]): number | undefined {
  const [eq1, eq2, eq3, eq4, eq5, eq6] = levels as [number, number, number, number, number, number];
  const withEq3 = lookup([eq1, eq2, eq3 + 1, eq4, eq5, eq6]);
  const withEq6 = lookup([eq1, eq2, eq3, eq4, eq5, eq6 + 1]);
  if (eq3 === 0 && eq6 === 0) return Math.max(withEq3 ?? -Infinity, withEq6 ?? -Infinity);
  if (eq6 === 1) return withEq3; // 01 -> 11, 11 -> 21; 21 has nothing lower
  return withEq6; // 10 -> 11
}

function parsePartial(partial: string): Map<string, string> {
  return new Map(partial.split('/').map((part) => part.split(':') as [string, string]));
}

/** Per-metric severity distances from the first highest-severity vector that is not less severe in any metric. */
function distancesToMax(m: Effective, levels: readonly number[]): Map<string, number> {
  const [eq1, eq2, eq3, eq4, eq5, eq6] = levels as [number, number, number, number, number, number];
  const candidates: string[] = [];
  for (const a of MAX_VECTORS.eq1[eq1] ?? [])
    for (const b of MAX_VECTORS.eq2[eq2] ?? [])
      for (const c of MAX_VECTORS.eq3eq6[`${eq3}${eq6}`] ?? [])
        for (const d of MAX_VECTORS.eq4[eq4] ?? [])
          for (const e of MAX_VECTORS.eq5[eq5] ?? []) candidates.push(`${a}/${b}/${c}/${d}/${e}`);
  let distances = new Map<string, number>();
  for (const candidate of candidates) {
    const max = parsePartial(candidate);
    distances = new Map(
      DISTANCE_METRICS.map((metric) => {
        const table = LEVELS[metric] as Record<string, number>;
        return [metric, (table[m(metric)] as number) - (table[max.get(metric) as string] as number)];
      }),
    );
    // The spec takes the first maximal vector that the scored vector does not exceed in any metric.
    if ([...distances.values()].every((distance) => distance >= 0)) break;
  }
  return distances;
}

/** CVSS v4.0 score (base, or BT/BE/BTE when those metrics are present) by the MacroVector method. */
export function scoreCvssV4(vector: string): number | undefined {
  const parts = vector.split('/');
  if (parts.shift() !== 'CVSS:4.0') return undefined;
  const metrics = parseMetrics(parts, ALLOWED, BASE);
  if (!metrics) return undefined;
  const m = effectiveValues(metrics);
  if (['VC', 'VI', 'VA', 'SC', 'SI', 'SA'].every((metric) => m(metric) === 'N')) return 0;

  const levels = macroVector(m);
  const value = lookup(levels);
  if (value === undefined) return undefined;
  const [eq1, eq2, eq3, eq4, eq5, eq6] = levels as [number, number, number, number, number, number];
  const d = distancesToMax(m, levels);
  const sum = (...metricNames: string[]): number => metricNames.reduce((total, name) => total + (d.get(name) as number), 0);

  // Each EQ with a lower MacroVector moves the score toward it in proportion to how far the vector
  // sits from the MacroVector's highest-severity vector; EQ5 counts but never moves the score.
  const moves: Array<{ lower: number | undefined; proportion: number }> = [
    { lower: lookup([eq1 + 1, eq2, eq3, eq4, eq5, eq6]), proportion: sum('AV', 'PR', 'UI') / ((MAX_SEVERITY.eq1[eq1] as number) * STEP) },
    { lower: lookup([eq1, eq2 + 1, eq3, eq4, eq5, eq6]), proportion: sum('AC', 'AT') / ((MAX_SEVERITY.eq2[eq2] as number) * STEP) },
    {
      lower: lowerEq3Eq6(levels),
      proportion: sum('VC', 'VI', 'VA', 'CR', 'IR', 'AR') / ((MAX_SEVERITY.eq3eq6[`${eq3}${eq6}`] as number) * STEP),
    },
    { lower: lookup([eq1, eq2, eq3, eq4 + 1, eq5, eq6]), proportion: sum('SC', 'SI', 'SA') / ((MAX_SEVERITY.eq4[eq4] as number) * STEP) },
    { lower: lookup([eq1, eq2, eq3, eq4, eq5 + 1, eq6]), proportion: 0 },
  ];
  const existing = moves.filter((move) => move.lower !== undefined);
  const mean =
    existing.length === 0
      ? 0
      : existing.reduce((total, move) => total + (value - (move.lower as number)) * move.proportion, 0) / existing.length;
  const score = Math.min(10, Math.max(0, value - mean));
  // Half-up rounding with an epsilon: the interpolation can land one ULP below an x.x5 tie.
  return Math.round((score + 1e-6) * 10) / 10;
}
