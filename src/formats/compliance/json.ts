import type { ComplianceReport } from '../../checks/compliance/types.js';

/** The compliance report as JSON (docs/compliance.schema.json). */
export function renderComplianceJson(report: ComplianceReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
