export { COMPLIANCE_CSS, renderComplianceBody, renderComplianceHtml } from './html.js';
export { renderComplianceJson } from './json.js';
export { renderComplianceTable } from './table.js';
