import type { Severity } from '../../core/severity.js';
import type { SarifLevel, SarifResult } from './parse.js';

/**
 * A result's severity as GitHub code scanning ranks it: `security-severity` when the result or its rule gives one
 * (CVSS bands: 9.0 and over critical, 7.0 to 8.9 high, 4.0 to 6.9 medium, 3.9 or less low), otherwise the SARIF level.
 */
export function sarifSeverity(result: Pick<SarifResult, 'level' | 'securitySeverity' | 'rule'>): Severity {
  const score = result.securitySeverity ?? result.rule?.securitySeverity;
  return score === undefined ? LEVEL_SEVERITY[result.level] : scoreSeverity(score);
}

const LEVEL_SEVERITY: Record<SarifLevel, Severity> = { error: 'high', warning: 'medium', note: 'low', none: 'info' };

export function scoreSeverity(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}
