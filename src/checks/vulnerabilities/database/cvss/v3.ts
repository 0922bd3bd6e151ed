import { parseMetrics } from './vector.js';

// Weights from the CVSS v3.1 specification, section 7.4 (identical in v3.0).
const ATTACK_VECTOR: Record<string, number> = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const ATTACK_COMPLEXITY: Record<string, number> = { L: 0.77, H: 0.44 };
const PRIVILEGES_UNCHANGED: Record<string, number> = { N: 0.85, L: 0.62, H: 0.27 };
const PRIVILEGES_CHANGED: Record<string, number> = { N: 0.85, L: 0.68, H: 0.5 };
const USER_INTERACTION: Record<string, number> = { N: 0.85, R: 0.62 };
const CIA: Record<string, number> = { H: 0.56, L: 0.22, N: 0 };

const BASE = ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'];
const CIA_VALUES = ['H', 'L', 'N'];
const ALLOWED: Record<string, readonly string[]> = {
  AV: Object.keys(ATTACK_VECTOR),
  AC: Object.keys(ATTACK_COMPLEXITY),
  PR: Object.keys(PRIVILEGES_UNCHANGED),
  UI: Object.keys(USER_INTERACTION),
  S: ['U', 'C'],
  C: CIA_VALUES,
  I: CIA_VALUES,
  A: CIA_VALUES,
  // Temporal and environmental metrics parse but do not change the base score.
  E: ['X', 'U', 'P', 'F', 'H'],
  RL: ['X', 'O', 'T', 'W', 'U'],
  RC: ['X', 'U', 'R', 'C'],
  CR: ['X', 'L', 'M', 'H'],
  IR: ['X', 'L', 'M', 'H'],
  AR: ['X', 'L', 'M', 'H'],
  MAV: ['X', 'N', 'A', 'L', 'P'],
  MAC: ['X', 'L', 'H'],
  MPR: ['X', 'N', 'L', 'H'],
  MUI: ['X', 'N', 'R'],
  MS: ['X', 'U', 'C'],
  MC: ['X', ...CIA_VALUES],
  MI: ['X', ...CIA_VALUES],
  MA: ['X', ...CIA_VALUES],
};

/**
 * The v3.1 Roundup (Appendix A): works on integers so that 4.000000000000001 rounds to 4.0,
 * where a bare ceil would give 4.1.
 */
export function roundUp31(value: number): number {
  const scaled = Math.round(value * 100000);
  return scaled % 10000 === 0 ? scaled / 100000 : (Math.floor(scaled / 10000) + 1) / 10;
}

/** v3.0 defines Roundup as the plain ceiling to one decimal. */
export function roundUp30(value: number): number {
  return Math.ceil(value * 10) / 10;
}

/** CVSS v3.0 / v3.1 base score of a `CVSS:3.x/...` vector. */
export function scoreCvssV3(vector: string): number | undefined {
  const parts = vector.split('/');
  const prefix = parts.shift();
  if (prefix !== 'CVSS:3.0' && prefix !== 'CVSS:3.1') return undefined;
  const m = parseMetrics(parts, ALLOWED, BASE);
  if (!m) return undefined;
  const roundUp = prefix === 'CVSS:3.1' ? roundUp31 : roundUp30;
  const value = (table: Record<string, number>, key: string): number => table[m.get(key) as string] as number;
  const changed = m.get('S') === 'C';
  const iss = 1 - (1 - value(CIA, 'C')) * (1 - value(CIA, 'I')) * (1 - value(CIA, 'A'));
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  if (impact <= 0) return 0;
  const privileges = changed ? PRIVILEGES_CHANGED : PRIVILEGES_UNCHANGED;
  const exploitability =
    8.22 * value(ATTACK_VECTOR, 'AV') * value(ATTACK_COMPLEXITY, 'AC') * value(privileges, 'PR') * value(USER_INTERACTION, 'UI');
  return changed ? roundUp(Math.min(1.08 * (impact + exploitability), 10)) : roundUp(Math.min(impact + exploitability, 10));
}
