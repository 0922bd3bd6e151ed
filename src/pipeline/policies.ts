import type { ScanError } from '../core/finding.js';
import type { RuleMeta } from '../core/rule.js';
import type { RuleHit } from '../core/rule-hit.js';
import { severityRank, type Severity } from '../core/severity.js';
import type { RuleSettings } from '../core/settings.js';
import type { KubernetesObject } from '../parsers/kubernetes/objects.js';
import { asRecord } from '../parsers/kubernetes/values.js';
import type { LoadedPolicies, PolicyAction, PolicyInfo, PolicyInventory, PolicyRequest } from '../checks/policies/index.js';
import { hitBuilder, type RenderedDirectives, type RuleRunResult } from './kubernetes.js';
import type { RuleSelection } from './rule-selection.js';

/** The gate reads severities: a denial fails it at the default `--fail-on`, a warning or an audit only at lower ones. */
export const ACTION_SEVERITY: Readonly<Record<PolicyAction, Severity>> = { deny: 'high', warn: 'medium', audit: 'low' };

/** `policy/<name>`; `policy:<name>`, the spelling of the issue and of Gatekeeper users, is accepted as a former ID. */
export function policyRuleId(name: string): string {
  return `policy/${name}`;
}

/** The rule metadata of users' policies, one rule per policy name, for the config, the catalog and SARIF. */
export function policyRules(loaded: LoadedPolicies | undefined): Array<{ meta: RuleMeta }> {
  const byId = new Map<string, { meta: RuleMeta }>();
  for (const policy of loaded?.policies ?? []) {
    const id = policyRuleId(policy.name);
    if (!byId.has(id)) byId.set(id, { meta: policyMeta(id, policy) });
  }
  return [...byId.values()];
}

function policyMeta(id: string, policy: PolicyInfo): RuleMeta {
  const where = policy.location ? ` (${policy.location.file}:${policy.location.startLine})` : '';
  return {
    id,
    formerIds: [`policy:${policy.name}`],
    title: policy.name,
    severity: ACTION_SEVERITY.deny,
    target: 'kubernetes',
    rationale: policy.description ?? `The ${policy.kind} ${policy.name}${where}, one of this project's own policies.`,
    remediation: `Change the object so that ${policy.kind} ${policy.name} admits it.`,
    references: {},
    aliases: {},
  };
}

/** What the admission request says beyond the object; a scan judges every object as a CREATE. */
export type PolicyRequestContext = Partial<Omit<PolicyRequest, 'object' | 'file'>>;

export interface PolicyRunOptions {
  settings: RuleSettings;
  renderedDirectives?: RenderedDirectives;
  /** The other objects policies may read (Gatekeeper's `data.inventory`, params): a scan's every object. */
  inventory?: ReadonlyArray<Record<string, unknown>>;
  request?: PolicyRequestContext;
}

/**
 * Users' policies over objects, as rule hits: a violation is a finding of `policy/<name>` at the field the policy
 * names (the object otherwise), with the severity of its strongest action; a failure under `failurePolicy: Fail` is a
 * finding naming the error (a denial unless the policy's actions say otherwise), under `Ignore` a report warning.
 */
export function runPolicies(objects: readonly KubernetesObject[], policies: LoadedPolicies, selection: RuleSelection, options: PolicyRunOptions): RuleRunResult {
  const hits: RuleHit[] = [];
  const errors: ScanError[] = [];
  if (policies.sets.length === 0) return { hits, errors };
  const metas = policyMetasOf(selection);
  const everything = [...policies.params, ...(options.inventory ?? [])];
  const inventory: PolicyInventory = { objects: everything };
  const namespaces = new Map(everything.filter(isNamespace).map((n) => [nameOf(n), n]));
  const operation = options.request?.operation ?? 'CREATE';

  for (const object of objects) {
    const toHit = hitBuilder(object, options.renderedDirectives ?? new Map());
    const namespace = object.namespace ?? options.request?.namespace ?? options.settings.assumedNamespace;
    const namespaceObject = options.request?.namespaceObject ?? (namespace === undefined ? undefined : namespaces.get(namespace));
    const request: PolicyRequest = {
      ...options.request,
      operation,
      object: object.raw,
      ...(namespace !== undefined ? { namespace } : {}),
      ...(namespaceObject ? { namespaceObject } : {}),
      // Not located: positions are computed only for an object a finding is about (the webhook's value documents).
      file: object.document.file,
    };
    const report = (policy: string, severity: Severity, message: string, path: ReadonlyArray<string | number> = []) => {
      const meta = metas.get(policyRuleId(policy));
      // Absent from the selection: switched off in rampart.yaml.
      if (meta) hits.push({ ...toHit(meta, { path, message }), severity });
    };
    const problem = (message: string, level?: 'warning') => {
      const { location } = object.locate([]);
      errors.push({ file: location.file, line: location.startLine, message, ...(level ? { level } : {}) });
    };
    for (const set of policies.sets) {
      let result;
      try {
        result = set.evaluate(request, inventory);
      } catch (error) {
        // An engine fault must not lose the rest of the scan; it is reported like a rule failure.
        problem(`policy evaluation failed on ${object.kind}/${object.name ?? '?'}: ${(error as Error).message}`);
        continue;
      }
      for (const violation of result.violations) report(violation.policy, strongest(violation.actions), violation.message, violation.path);
      for (const failure of result.failures) {
        const message = `${failure.policyKind} ${failure.policy} could not be evaluated: ${failure.message}`;
        if (failure.failurePolicy === 'Fail') report(failure.policy, strongest(failure.actions ?? ['deny']), `${message} (failurePolicy Fail)`);
        else problem(`${message} (failurePolicy Ignore: not reported as a finding)`, 'warning');
      }
    }
  }
  return { hits, errors };
}

/** The webhook evaluates one object per call with the same selection: its lookup is built once. */
const policyMetas = new WeakMap<RuleSelection, ReadonlyMap<string, RuleMeta>>();

function policyMetasOf(selection: RuleSelection): ReadonlyMap<string, RuleMeta> {
  let metas = policyMetas.get(selection);
  if (!metas) policyMetas.set(selection, (metas = new Map(selection.metas.filter((meta) => meta.id.startsWith('policy/')).map((meta) => [meta.id, meta]))));
  return metas;
}

function strongest(actions: readonly PolicyAction[]): Severity {
  const severities = actions.map((action) => ACTION_SEVERITY[action]);
  return severities.reduce<Severity>((a, b) => (severityRank(b) > severityRank(a) ? b : a), severities[0] ?? ACTION_SEVERITY.deny);
}

function isNamespace(object: Record<string, unknown>): boolean {
  return object.kind === 'Namespace' && object.apiVersion === 'v1';
}

function nameOf(object: Record<string, unknown>): string {
  const name = asRecord(object.metadata)?.name;
  return typeof name === 'string' ? name : '';
}
