import type { Finding, ScanError } from '../core/finding.js';
import type { ObjectPatchOp } from '../core/fix.js';
import { LATEST_PSS_VERSION, parsePssVersion, type PssLevel, type PssVersion, type RuleSettings } from '../core/settings.js';
import type { RuleConfig } from '../config/config.js';
import type { SecretRule } from '../checks/rules/secrets/index.js';
import type { SuppressionEntry } from '../config/suppression-entry.js';
import { makeObject } from '../parsers/kubernetes/objects.js';
import { asRecord } from '../parsers/kubernetes/values.js';
import { valueDocument } from '../parsers/kubernetes/value-document.js';
import { runKubernetesRules } from './kubernetes.js';
import { resolveRuleReference, selectRules, type RuleSelection } from './rule-selection.js';
import { UnknownRuleError } from './unknown-rule-error.js';
import { buildReport } from './report-builder.js';
import { toJsonPatch, type JsonPatchOperation } from './json-patch.js';
import { objectSecrets } from './object-secrets.js';
import { SecretSearch } from './secrets.js';
import type { LoadedPolicies } from '../checks/policies/index.js';
import { policyRules, runPolicies, type PolicyRequestContext } from './policies.js';

/** What an admission request says about the object beyond the object itself. */
export interface EvaluationContext {
  operation?: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  /** The request's namespace, for objects whose metadata omits it (as `kubectl create -n` sends them). */
  namespace?: string;
  /**
   * Labels of the object's namespace. `pod-security.kubernetes.io/enforce` and `enforce-version` choose the Pod
   * Security level and version for this object, as pod-security-admission does.
   */
  namespaceLabels?: Readonly<Record<string, string>>;
  userInfo?: { username: string; groups?: readonly string[] };
  /** The stored object of an UPDATE, for users' policies that compare (`oldObject` in CEL, Gatekeeper's review). */
  oldObject?: Record<string, unknown>;
  /** How locations name the object; `admission://<namespace>/<Kind>/<name>` by default. */
  file?: string;
}

export interface EvaluatorOptions {
  settings: RuleSettings;
  /** `rampart.yaml` rule settings: enable, disable and severities by rule ID or peer alias. */
  rules?: Record<string, RuleConfig>;
  /** Secret detectors defined in `rampart.yaml`, searched for as a scan searches for them. */
  customSecrets?: SecretRule[];
  exemptions?: SuppressionEntry[];
  /** Annotations on the object do not suppress (a requester should not be able to waive rules on its own object). */
  strict?: boolean;
  now?: () => Date;
  /**
   * Only the fixes of these rules go into `Evaluation.patch` (rule IDs, former IDs or peer aliases, as `rampart.yaml`
   * names rules); every fix when undefined. An unknown name throws `UnknownRuleError` when the evaluator is created.
   */
  patchRules?: readonly string[];
  /** Users' own policies, as `rampart scan` loads them: the same IDs and messages at admission as in CI. */
  policies?: LoadedPolicies;
}

export interface Evaluation {
  /** Every finding, suppressed ones marked, in report order. */
  findings: Finding[];
  /**
   * The fixes of the active findings (of `patchRules` when set) as one RFC 6902 patch against the object, ready for a
   * mutating response.
   */
  patch: JsonPatchOperation[];
  errors: ScanError[];
  /** The Pod Security level and version the object was judged at. */
  pss: { level: PssLevel; version: PssVersion };
}

export type Evaluate = (object: Record<string, unknown>, context?: EvaluationContext) => Evaluation;

const PSS_LABEL = 'pod-security.kubernetes.io/enforce';
const PSS_VERSION_LABEL = 'pod-security.kubernetes.io/enforce-version';

/**
 * Single-object evaluation, for the admission webhook: the same rules, secret detectors, suppressions and fixes as a
 * scan, with no file system access. Rules are selected once per Pod Security level and version and reused for every object.
 */
export function createEvaluator(options: EvaluatorOptions): Evaluate {
  const selections = new Map<string, RuleSelection>();
  const rules = policyRules(options.policies);
  const selectionFor = (settings: RuleSettings): RuleSelection => {
    const key = `${settings.pss.level}@${settings.pss.version.minor}`;
    let selection = selections.get(key);
    if (!selection) selections.set(key, (selection = selectRules(options.rules ?? {}, settings, options.customSecrets, rules)));
    return selection;
  };
  selectionFor(options.settings);
  // One search per selection: the search caches its keyword automaton per detector list.
  const searches = new WeakMap<RuleSelection, SecretSearch>();
  const searchFor = (selection: RuleSelection): SecretSearch => {
    let search = searches.get(selection);
    if (!search) searches.set(selection, (search = new SecretSearch(selection.secret)));
    return search;
  };
  const patching = options.patchRules && patchedRuleIds(options.patchRules);

  return (raw, context = {}) => {
    const started = performance.now();
    const settings = settingsFor(options.settings, context);
    const selection = selectionFor(settings);
    const metadata = asRecord(raw.metadata);
    const kind = typeof raw.kind === 'string' ? raw.kind : '';
    const namespace = typeof metadata?.namespace === 'string' ? metadata.namespace : context.namespace;
    const name = typeof metadata?.name === 'string' ? metadata.name : typeof metadata?.generateName === 'string' ? `${metadata.generateName}*` : '?';
    const file = context.file ?? `admission://${namespace ?? '_cluster'}/${kind || '?'}/${name}`;
    if (context.operation === 'DELETE' || kind === '') {
      return { findings: [], patch: [], errors: kind === '' ? [{ file, message: 'the object has no kind' }] : [], pss: settings.pss };
    }

    const object = makeObject(raw, valueDocument(file, raw), []);
    // A namespaced object sent without metadata.namespace lands in the request's namespace.
    const placed = object.namespace === undefined && context.namespace ? { ...object, namespace: context.namespace } : object;
    const run = runKubernetesRules([placed], selection.kubernetes, settings);
    if (options.policies) {
      const judged = runPolicies([placed], options.policies, selection, { settings, request: policyRequest(context, placed.namespace) });
      run.hits.push(...judged.hits);
      run.errors.push(...judged.errors);
    }
    // The secrets a scan of the object's manifest finds, so a credential `rampart scan` fails is not admitted.
    const secrets = objectSecrets(placed, searchFor(selection));
    const { report, hits } = buildReport({
      hits: secrets.hits.length > 0 ? [...run.hits, ...secrets.hits] : run.hits,
      errors: secrets.errors.length > 0 ? [...run.errors, ...secrets.errors] : run.errors,
      directives: new Map(),
      selection,
      options: { exemptions: options.exemptions ?? [], ignoreEntries: [], strict: options.strict ?? false },
      now: options.now?.() ?? new Date(),
      started,
      files: 0,
      resources: 1,
      packages: 0,
      vulnerabilities: [],
    });
    const ops: ObjectPatchOp[] = [];
    for (const finding of report.findings) {
      const fix = hits.get(finding)?.fix;
      if (!finding.suppressed && fix?.kind === 'object-patch' && (!patching || patching.has(finding.ruleId))) ops.push(...fix.ops);
    }
    return { findings: report.findings, patch: toJsonPatch(raw, ops), errors: report.errors, pss: settings.pss };
  };
}

/** The request as policies see it; the namespace's labels make the Namespace object a namespaceSelector matches. */
function policyRequest(context: EvaluationContext, namespace: string | undefined): PolicyRequestContext {
  const labels = context.namespaceLabels;
  return {
    operation: context.operation ?? 'CREATE',
    ...(context.userInfo ? { userInfo: context.userInfo } : {}),
    ...(context.oldObject ? { oldObject: context.oldObject } : {}),
    ...(namespace !== undefined && labels ? { namespaceObject: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { ...labels } } } } : {}),
  };
}

function patchedRuleIds(references: readonly string[]): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const reference of references) {
    const resolved = resolveRuleReference(reference);
    if (resolved.length === 0) throw new UnknownRuleError(reference);
    for (const id of resolved) ids.add(id);
  }
  return ids;
}

/** The namespace's enforce labels win over the configured level, as they do for pod-security-admission. */
function settingsFor(base: RuleSettings, context: EvaluationContext): RuleSettings {
  const labels = context.namespaceLabels;
  const namespaced = context.namespace && !base.assumedNamespace ? { ...base, assumedNamespace: context.namespace } : base;
  if (!labels || labels[PSS_LABEL] === undefined) return namespaced;
  return { ...namespaced, pss: { level: levelOf(labels[PSS_LABEL]), version: versionOf(labels[PSS_VERSION_LABEL]) } };
}

/** An unreadable label fails closed at restricted, as pod-security-admission does with an invalid policy. */
function levelOf(label: string): PssLevel {
  if (label === 'privileged') return 'off';
  return label === 'baseline' ? 'baseline' : 'restricted';
}

function versionOf(label: string | undefined): PssVersion {
  return (label === undefined ? undefined : parsePssVersion(label)) ?? LATEST_PSS_VERSION;
}
