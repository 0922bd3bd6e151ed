import { stringify } from 'yaml';
import type { AdmissionExemptions } from '../../config/admission.js';
import type { RuleConfig } from '../../config/config.js';
import { atLeast, type Severity } from '../../core/severity.js';
import { formatPssVersion, LATEST_PSS_VERSION, type RuleSettings } from '../../core/settings.js';
import { selectRules } from '../../pipeline/rule-selection.js';
import { lit, POD_VARIABLES, stringList, TEMPLATE_CHANGED } from './cel.js';
import { IMAGE_CEL_RULES } from './images.js';
import { NETWORK_CEL_RULES } from './network.js';
import { PSS_CEL_RULES } from './pss.js';
import type { CelRule, ResourceRule, RuleCel } from './types.js';
import { NOT_EXPRESSIBLE, WORKLOAD_CEL_RULES } from './workloads.js';

export type ValidationAction = 'Deny' | 'Warn' | 'Audit';
export const VALIDATION_ACTIONS: readonly ValidationAction[] = ['Deny', 'Warn', 'Audit'];

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
}

export interface PolicyExportOptions {
  /** The Pod Security Standards level and version, as for `rampart scan`. */
  settings: Pick<RuleSettings, 'pss'>;
  /** `rampart.yaml` `rules`: which rules are on and their severities. */
  rules?: Record<string, RuleConfig>;
  /** Every binding's validationActions. Default: Deny for high and critical rules, Warn below. */
  actions?: readonly ValidationAction[];
  /** Bindings apply only in the namespaces this selects. */
  namespaceSelector?: LabelSelector;
  /** `admission.exemptions` of rampart.yaml: these namespaces, users, groups and service accounts are not judged. */
  exemptions?: Partial<AdmissionExemptions>;
}

export interface ExportedRule {
  ruleId: string;
  severity: Severity;
  policy: string;
  binding: string;
  validationActions: ValidationAction[];
}

export interface SkippedRule {
  ruleId: string;
  reason: string;
}

export interface PolicyExport {
  /** ValidatingAdmissionPolicy then its binding, rule by rule. */
  documents: Array<Record<string, unknown>>;
  exported: ExportedRule[];
  skipped: SkippedRule[];
}

export const RULE_ID_ANNOTATION = 'rampart.io/rule-id';
const API_VERSION = 'admissionregistration.k8s.io/v1';
const LABELS = { 'app.kubernetes.io/managed-by': 'rampart' };
const OPERATIONS = ['CREATE', 'UPDATE'];

/** Every kind whose pod template a pod rule reads (parsers/kubernetes/workloads.ts), and ephemeral container updates. */
const POD_TEMPLATE_RESOURCES: ResourceRule[] = [
  { apiGroups: [''], apiVersions: ['v1'], resources: ['pods', 'pods/ephemeralcontainers', 'replicationcontrollers', 'podtemplates'] },
  { apiGroups: ['apps'], apiVersions: ['v1'], resources: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'] },
  { apiGroups: ['batch'], apiVersions: ['v1'], resources: ['cronjobs', 'jobs'] },
];

const CEL_RULES: ReadonlyMap<string, CelRule> = new Map([...PSS_CEL_RULES, ...IMAGE_CEL_RULES, ...WORKLOAD_CEL_RULES, ...NETWORK_CEL_RULES].map((rule) => [rule.id, rule]));

const SET_RULE_REASON = 'judges the whole set of objects (RBAC, NetworkPolicy, mesh), while an admission policy sees one object';
const SECRET_RULE_REASON = 'a secret detector (patterns, checksums, entropy), which CEL cannot express';

/** Rampart's rules that CEL can express, as ValidatingAdmissionPolicies and bindings; the others, with why not. */
export function exportPolicies(options: PolicyExportOptions): PolicyExport {
  const actions = options.actions === undefined ? undefined : checkActions(options.actions);
  const { pss } = options.settings;
  const selection = selectRules(options.rules ?? {}, { pss, allowedRegistries: [] });
  const selected = new Set(selection.kubernetes.map((rule) => rule.meta.id));
  const documents: Array<Record<string, unknown>> = [];
  const exported: ExportedRule[] = [];
  const skipped: SkippedRule[] = [];
  for (const rule of selection.kubernetes) {
    const id = rule.meta.id;
    // At restricted, a restricted rule leaves to the baseline rules it overrides what they report (rule-selection.ts).
    const overrides = pss.level === 'restricted' ? (rule.pss?.versionFor(pss.version)?.overrides ?? []) : [];
    const cel = CEL_RULES.get(id)?.cel({ version: pss.version, overridden: new Set(overrides.filter((o) => selected.has(o))) });
    if (!cel) {
      skipped.push({ ruleId: id, reason: NOT_EXPRESSIBLE[id] ?? 'not expressed in CEL by the export (it may judge what never reaches admission)' });
      continue;
    }
    const severity = selection.severityOf(id);
    const name = policyName(id);
    const validationActions = actions ?? (atLeast(severity, 'high') ? ['Deny'] : ['Warn']);
    const annotations = {
      [RULE_ID_ANNOTATION]: id,
      'rampart.io/severity': severity,
      ...(rule.pss ? { 'rampart.io/pss': `${pss.level}:${pss.version.minor === LATEST_PSS_VERSION.minor ? 'latest' : formatPssVersion(pss.version)}` } : {}),
    };
    documents.push(policy(name, annotations, `${id} (${severity})`, rule.meta.title, cel, options.exemptions));
    documents.push(binding(name, annotations, validationActions, options));
    exported.push({ ruleId: id, severity, policy: name, binding: name, validationActions: [...validationActions] });
  }
  for (const rule of selection.kubernetesSet) skipped.push({ ruleId: rule.meta.id, reason: SET_RULE_REASON });
  for (const rule of selection.secret) skipped.push({ ruleId: rule.meta.id, reason: SECRET_RULE_REASON });
  return { documents, exported, skipped };
}

/** The export as one multi-document YAML stream. */
export function policiesYaml(result: PolicyExport): string {
  const header = '# ValidatingAdmissionPolicies generated by `rampart policy export --format vap` from Rampart\'s rules.\n';
  return header + result.documents.map((document) => `---\n${stringify(document, { lineWidth: 0, aliasDuplicateObjects: false })}`).join('');
}

export function policyName(ruleId: string): string {
  return `rampart-${ruleId.replace(/^k8s\//, '')}`;
}

function checkActions(actions: readonly ValidationAction[]): ValidationAction[] {
  const unique = [...new Set(actions)];
  if (unique.length === 0) throw new PolicyExportError('validationActions must name at least one of Deny, Warn, Audit');
  for (const action of unique) {
    if (!VALIDATION_ACTIONS.includes(action)) throw new PolicyExportError(`unknown validation action "${String(action)}" (use Deny, Warn, Audit)`);
  }
  // The API server refuses the pair: a denied request would also be warned about.
  if (unique.includes('Deny') && unique.includes('Warn')) throw new PolicyExportError('validationActions cannot hold both Deny and Warn');
  return unique;
}

export class PolicyExportError extends Error {}

function policy(
  name: string,
  annotations: Record<string, string>,
  prefix: string,
  title: string,
  cel: RuleCel,
  exemptions: Partial<AdmissionExemptions> | undefined,
): Record<string, unknown> {
  const podTemplates = cel.match === 'pod-templates';
  const resources = podTemplates ? POD_TEMPLATE_RESOURCES : (cel.match as ResourceRule[]);
  const matchConditions = [...exemptionConditions(exemptions, podTemplates), ...(podTemplates ? [TEMPLATE_CHANGED] : [])];
  return {
    apiVersion: API_VERSION,
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name, labels: LABELS, annotations },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: { resourceRules: resources.map((rule) => ({ ...rule, operations: OPERATIONS })) },
      ...(matchConditions.length > 0 ? { matchConditions } : {}),
      variables: [...(podTemplates ? POD_VARIABLES : []), ...(cel.variables ?? []), { name: 'messages', expression: `${cel.messages}.filter(m, m != '')` }],
      validations: [
        {
          expression: 'size(variables.messages) == 0',
          messageExpression: `${lit(`${prefix}: `)} + variables.messages.join('; ')`,
          message: `${prefix}: ${title}`,
          reason: 'Forbidden',
        },
      ],
    },
  };
}

/** The webhook's user, group and service account exemptions (runtime classes for pod rules), as match conditions. */
function exemptionConditions(exemptions: Partial<AdmissionExemptions> | undefined, podTemplates: boolean): Array<{ name: string; expression: string }> {
  const users = [...(exemptions?.usernames ?? []), ...(exemptions?.serviceAccounts ?? []).map(serviceAccountUser)];
  const groups = exemptions?.groups ?? [];
  const runtimeClasses = podTemplates ? (exemptions?.runtimeClasses ?? []) : [];
  const conditions: Array<{ name: string; expression: string }> = [];
  if (users.length > 0) conditions.push({ name: 'exempt-users', expression: `!(request.userInfo.username in ${stringList(users)})` });
  if (groups.length > 0) {
    conditions.push({ name: 'exempt-groups', expression: `!request.userInfo.?groups.orValue([]).exists(g, g in ${stringList(groups)})` });
  }
  if (runtimeClasses.length > 0) {
    // Match conditions cannot read variables: the template is found again.
    conditions.push({ name: 'exempt-runtime-classes', expression: `!((${POD_VARIABLES[0]!.expression}).spec.?runtimeClassName.orValue('') in ${stringList(runtimeClasses)})` });
  }
  return conditions;
}

function serviceAccountUser(namespaceAndName: string): string {
  const [namespace, name] = namespaceAndName.split('/');
  return `system:serviceaccount:${namespace}:${name}`;
}

function binding(name: string, annotations: Record<string, string>, validationActions: readonly ValidationAction[], options: PolicyExportOptions): Record<string, unknown> {
  const namespaceSelector = selectorExcluding(options.namespaceSelector, options.exemptions?.namespaces ?? []);
  return {
    apiVersion: API_VERSION,
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name, labels: LABELS, annotations },
    spec: {
      policyName: name,
      validationActions: [...validationActions],
      ...(namespaceSelector ? { matchResources: { namespaceSelector } } : {}),
    },
  };
}

function selectorExcluding(selector: LabelSelector | undefined, namespaces: readonly string[]): LabelSelector | undefined {
  if (namespaces.length === 0) return selector;
  return {
    ...selector,
    matchExpressions: [...(selector?.matchExpressions ?? []), { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [...namespaces] }],
  };
}
