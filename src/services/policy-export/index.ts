export {
  exportPolicies,
  policiesYaml,
  policyName,
  PolicyExportError,
  RULE_ID_ANNOTATION,
  VALIDATION_ACTIONS,
  type ExportedRule,
  type LabelSelector,
  type PolicyExport,
  type PolicyExportOptions,
  type SkippedRule,
  type ValidationAction,
} from './export.js';
