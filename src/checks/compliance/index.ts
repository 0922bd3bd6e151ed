export { buildComplianceReport, COMPLIANCE_SCHEMA_VERSION, type ComplianceOptions } from './build.js';
export { complianceDocsMarkdown } from './docs.js';
export { FRAMEWORKS } from './frameworks.js';
export * from './types.js';
