import { parseMetrics } from './vector.js';

// Weights from the CVSS v2 guide, section 3.2.1 (base equation).
const ACCESS_VECTOR: Record<string, number> = { L: 0.395, A: 0.646, N: 1.0 };
const ACCESS_COMPLEXITY: Record<string, number> = { H: 0.35, M: 0.61, L: 0.71 };
const AUTHENTICATION: Record<string, number> = { M: 0.45, S: 0.56, N: 0.704 };
const IMPACT: Record<string, number> = { N: 0, P: 0.275, C: 0.66 };

const BASE = ['AV', 'AC', 'Au', 'C', 'I', 'A'];
const X = ['ND'];
const ALLOWED: Record<string, readonly string[]> = {
  AV: Object.keys(ACCESS_VECTOR),
  AC: Object.keys(ACCESS_COMPLEXITY),
  Au: Object.keys(AUTHENTICATION),
  C: Object.keys(IMPACT),
  I: Object.keys(IMPACT),
  A: Object.keys(IMPACT),
  // Temporal and environmental metrics are accepted so such vectors parse; they do not change the base score.
  E: ['U', 'POC', 'F', 'H', ...X],
  RL: ['OF', 'TF', 'W', 'U', ...X],
  RC: ['UC', 'UR', 'C', ...X],
  CDP: ['N', 'L', 'LM', 'MH', 'H', ...X],
  TD: ['N', 'L', 'M', 'H', ...X],
  CR: ['L', 'M', 'H', ...X],
  IR: ['L', 'M', 'H', ...X],
  AR: ['L', 'M', 'H', ...X],
};

/** CVSS v2 base score; OSV writes v2 vectors without a prefix (`AV:N/AC:L/Au:N/C:P/I:P/A:P`). */
export function scoreCvssV2(vector: string): number | undefined {
  const text = vector.startsWith('(') && vector.endsWith(')') ? vector.slice(1, -1) : vector;
  const m = parseMetrics(text.split('/'), ALLOWED, BASE);
  if (!m) return undefined;
  const get = (table: Record<string, number>, key: string): number => table[m.get(key) as string] as number;
  const impact = 10.41 * (1 - (1 - get(IMPACT, 'C')) * (1 - get(IMPACT, 'I')) * (1 - get(IMPACT, 'A')));
  const exploitability = 20 * get(ACCESS_VECTOR, 'AV') * get(ACCESS_COMPLEXITY, 'AC') * get(AUTHENTICATION, 'Au');
  const fImpact = impact === 0 ? 0 : 1.176;
  const raw = (0.6 * impact + 0.4 * exploitability - 1.5) * fImpact;
  // v2 rounds to one decimal; the epsilon keeps x.x5 products that land a hair below the tie from rounding down.
  return Math.max(0, Math.round((raw + 1e-9) * 10) / 10);
}
