/**
 * Rampart's library API. The CLI is one adapter over it (bin/rampart.js runs dist/cli/main.js, which is not
 * exported); the admission webhook and the server are others. Everything exported here is covered by semver.
 */
export { STDIN_PATH, type ScanOptions, type ScanResult } from './pipeline/scan.js';
export { scan } from './pipeline/full-scan.js';
export { resolveScanOptions, defaultRenderOptions, defaultVulnerabilityOptions, type ScanSetup, type ResolvedScan } from './pipeline/options.js';
export { createEvaluator, type Evaluate, type Evaluation, type EvaluationContext, type EvaluatorOptions } from './pipeline/evaluate.js';
export type { JsonPatchOperation } from './pipeline/json-patch.js';
export { selectRules, allRules, resolveRuleReference, validateRuleIds } from './pipeline/rule-selection.js';
export { loadConfig, loadIgnoreFile, emptyConfig, type RampartConfig, type RuleConfig } from './config/config.js';
export { ConfigError } from './config/config-error.js';
export { getFormatter, REPORT_FORMATS, type Formatter, type FormatOptions, type ReportFormat } from './formats/index.js';
export { formatRuleCatalog } from './formats/rule-catalog.js';
export { readBaseline, writeBaseline } from './pipeline/baseline.js';
export type { Report, ReportSummary } from './core/report.js';
export { REPORT_SCHEMA_VERSION } from './core/report.js';
export type { Finding, Location, ResourceRef, ScanError, Suppression, SuppressionKind } from './core/finding.js';
export type { Fix, ObjectPatchOp, TextEdit, JsonPath } from './core/fix.js';
export { toJsonPointer } from './core/fix.js';
export type { RuleMeta, RuleAliases, RuleReferences, RuleTarget } from './core/rule.js';
export { SEVERITIES, type Severity } from './core/severity.js';
export type { RuleSettings, PssLevel, PssVersion } from './core/settings.js';
export type { KubernetesRule } from './checks/rules/kubernetes/rule.js';
export type { DockerfileRule } from './checks/rules/dockerfile/rule.js';
export * as rbac from './checks/analysis/rbac/index.js';
export * as mesh from './checks/analysis/mesh/index.js';
export * as netpol from './checks/analysis/netpol/index.js';
export { formatMatrix, matrixJson, type MatrixFormat, type MatrixJson } from './formats/netpol/index.js';
export { compareVersions, isSupportedEcosystem, UnsupportedEcosystemError } from './checks/vulnerabilities/versions/index.js';
export type { ScanTarget } from './core/report.js';
export type { PackageLocation, UncheckedFile, VulnerabilityFinding, VulnerablePackage, VulnerabilitySeverity } from './core/vulnerability.js';
export type { ImageRule } from './checks/rules/image/rule.js';
export { scanImage, openImage, inventoryImage, type ImageLocator, type ImageScanOptions } from './pipeline/image.js';
export { scanNode, type NodeScanOptions } from './pipeline/node.js';
export { inventoryDirectory } from './pipeline/directory-inventory.js';
export { findVulnerabilities, type VulnerabilityScanOptions } from './pipeline/vulnerabilities.js';
export { EXTRACTORS, extractInventory, detectOs, type Extractor, type Inventory, type InventoryFile, type Package } from './checks/vulnerabilities/inventory/index.js';
export { matchPackages, type MatchOptions, type MatchResult } from './checks/vulnerabilities/match/index.js';
export { applyVex, parseVexDocument, type VexDocument } from './checks/vulnerabilities/vex/index.js';
export { importOsv, openDatabase, type OsvDatabase, type OsvRecord } from './checks/vulnerabilities/database/index.js';
export { updateDatabase, importDatabase, type UpdateOptions, type UpdateResult } from './checks/vulnerabilities/database/update.js';
export { formatCycloneDx, formatSpdx, readSbom, type SbomSubject } from './formats/sbom/index.js';
export { openRegistryImage, parseImageReference, type RegistryImageOptions } from './sources/image/registry/index.js';
export { openImageArchive, readImageFiles, walkLayers, type ImageSource, type ImageConfig, type LayerRef } from './sources/image/index.js';
export type { SecretDetails } from './core/finding.js';
export { scanSecrets, redactSecret, secretHash, type SecretScanOptions } from './checks/secrets/search/index.js';
export { DETECTORS as SECRET_DETECTORS } from './checks/secrets/detectors/index.js';
export type { SecretDetector, SecretMatch, Confirmation } from './checks/secrets/types.js';
export { scanSecretFiles, scanSecretHistory, scanStagedSecrets, scanImageSecrets } from './pipeline/secret-sources.js';
export {
  createAdmissionDecider,
  startAdmissionServer,
  watchNamespaces,
  staticNamespaceLabels,
  parseAdmissionReview,
  AdmissionSetupError,
  type AdmissionDecider,
  type AdmissionDeciderSetup,
  type AdmissionServer,
  type AdmissionServerOptions,
  type NamespaceLabelSource,
} from './services/admission/index.js';
export { runAudit, type AuditOptions, type AuditResult } from './services/admission/audit/audit.js';
export { loadPolicies, readPolicyDocuments, POLICY_COMPILERS, type PolicyLoadOptions } from './checks/policies/load.js';
export { compilePolicies, type LoadedPolicies, type PolicyCompiler, type PolicyInfo } from './checks/policies/index.js';
export type { PolicySet, PolicyRequest, PolicyResult, PolicyViolation, PolicyFailure, PolicyLoadError, PolicyDocument, PolicyAction } from './checks/policies/types.js';
export { runPolicyTests, type PolicyTestReport, type PolicyTestOptions } from './services/policy-test/run.js';
export { defaultAdmissionConfig, type AdmissionConfig } from './config/admission.js';
export { exportPolicies, policiesYaml, PolicyExportError, type PolicyExport, type PolicyExportOptions, type ExportedRule, type SkippedRule, type ValidationAction } from './services/policy-export/index.js';
export { verifyStore, etcdPrefix, type VerifyOptions, type VerifyResult, type ObjectStatus } from './services/encryption/verify.js';
export { validateConfigFile, selectEncryptionRules } from './services/encryption/validate.js';
export { rotateStep, RotationRefused, type RotationState, type RotationStep } from './services/encryption/rotate.js';
export { renderInitConfig, newKeySecret, type InitOptions } from './services/encryption/init.js';
export { readConfigFile, loadConfigFile, EncryptionConfigError } from './services/encryption/config-file.js';
export { readEncryptionConfig, type EncryptionConfig } from './parsers/encryption-config/config.js';
export { classifyStoredValue, type StoredValue } from './parsers/encryption-config/stored-value.js';
export { openEtcd, type EtcdConnection } from './sources/etcd/client.js';
export { openSnapshot } from './sources/etcd/snapshot.js';
export { EtcdReadError, type EtcdStore } from './sources/etcd/store.js';
export { startRampartServer, type RampartServer, type RampartServerOptions } from './services/server/serve.js';
export { openStore, DEFAULT_DATABASE } from './services/server/store/open.js';
export { Store, StoreInputError } from './services/server/store/store.js';
export { uploadReport, uploadContextFromEnv, UploadError, type UploadContext, type UploadOptions } from './services/server/upload.js';
export { buildComplianceReport, complianceDocsMarkdown, FRAMEWORKS, type ComplianceOptions, type ComplianceReport, type ComplianceControl, type ComplianceEvidence, type ComplianceScope, type FrameworkId, type ControlStatus } from './checks/compliance/index.js';
export { renderComplianceHtml, renderComplianceBody, renderComplianceJson, renderComplianceTable, COMPLIANCE_CSS } from './formats/compliance/index.js';
export { htmlToPdf, PdfError, type PdfOptions } from './services/pdf/index.js';
