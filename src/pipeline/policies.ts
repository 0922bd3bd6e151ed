import type { ScanError } from '../core/finding.js';
import { toJsonPointer, type Fix, type ObjectPatchOp } from '../core/fix.js';
import type { RuleMeta } from '../core/rule.js';
import type { RuleHit } from '../core/rule-hit.js';
import { severityRank, type Severity } from '../core/severity.js';
import type { RuleSettings } from '../core/settings.js';
import type { KubernetesObject } from '../parsers/kubernetes/objects.js';
import { asRecord } from '../parsers/kubernetes/values.js';
import type {
  LoadedPolicies, MutateOptions, ObjectChange, PolicyAction, PolicyFailure, PolicyInfo, PolicyInventory, PolicyMutation, PolicyRequest, PolicyResult,
} from '../checks/policies/index.js';
import { hitBuilder, type RenderedDirectives, type RuleRunResult } from './kubernetes.js';
import type { RuleSelection } from './rule-selection.js';

/** The gate reads severities: a denial fails it at the default `--fail-on`, a warning or an audit only at lower ones. */
export const ACTION_SEVERITY: Readonly<Record<PolicyAction, Severity>> = { deny: 'high', warn: 'medium', audit: 'low' };

/** A mutating policy changes objects rather than judging them: what it would change is worth knowing, not a failure. */
export const MUTATION_SEVERITY: Severity = 'info';
const MUTATING_KIND = 'MutatingAdmissionPolicy';

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
  const mutating = policy.kind === MUTATING_KIND;
  return {
    id,
    formerIds: [`policy:${policy.name}`],
    title: policy.name,
    severity: mutating ? MUTATION_SEVERITY : ACTION_SEVERITY.deny,
    target: 'kubernetes',
    rationale: policy.description ?? `The ${policy.kind} ${policy.name}${where}, one of this project's own policies.`,
    remediation: mutating
      ? `Write the change into the manifest (\`rampart fix\`), so that what is reviewed is what ${policy.name} lets run.`
      : `Change the object so that ${policy.kind} ${policy.name} admits it.`,
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
      let result: PolicyResult;
      let mutations: PolicyMutation[] = [];
      try {
        result = set.evaluate(request, inventory);
        if (set.mutate) {
          const mutated = set.mutate(request, inventory);
          mutations = mutated.mutations;
          result = { ...result, failures: [...result.failures, ...mutated.failures] };
        }
      } catch (error) {
        // An engine fault must not lose the rest of the scan; it is reported like a rule failure.
        problem(`policy evaluation failed on ${object.kind}/${object.name ?? '?'}: ${(error as Error).message}`);
        continue;
      }
      for (const violation of result.violations) report(violation.policy, strongest(violation.actions), violation.message, violation.path);
      for (const failure of result.failures) {
        const message = failureMessage(failure);
        if (failure.failurePolicy === 'Fail') report(failure.policy, strongest(failure.actions ?? ['deny']), `${message} (failurePolicy Fail)`);
        else problem(`${message} (failurePolicy Ignore: not reported as a finding)`, 'warning');
      }
      for (const mutation of mutations) {
        const meta = metas.get(policyRuleId(mutation.policy));
        if (!meta) continue;
        const fix = mutationFix(mutation);
        hits.push({ ...toHit(meta, { path: mutation.changes[0]?.path ?? [], message: mutationMessage(mutation), ...(fix ? { fix } : {}) }), severity: MUTATION_SEVERITY });
      }
    }
  }
  return { hits, errors };
}

function failureMessage(failure: PolicyFailure): string {
  return `${failure.policyKind} ${failure.policy} could not be evaluated: ${failure.message}`;
}

const LISTED_CHANGES = 3;

/** What the policy would change, by path, so the finding says it without a diff viewer. */
function mutationMessage(mutation: PolicyMutation): string {
  const listed = mutation.changes.slice(0, LISTED_CHANGES).map((change) => `${change.op} ${toJsonPointer(change.path)}`);
  const more = mutation.changes.length - listed.length;
  return `${mutation.policyKind} ${mutation.policy} would change this object at admission: ${listed.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/**
 * The change as a fix, so `rampart fix` writes into the manifest what the cluster would store; only when it adds and
 * replaces (a fix never deletes what the author wrote).
 */
function mutationFix(mutation: PolicyMutation): Fix | undefined {
  const ops = mutation.changes.filter((change): change is ObjectChange & { op: 'add' | 'replace' } => change.op !== 'remove');
  if (ops.length !== mutation.changes.length) return undefined;
  return {
    kind: 'object-patch',
    description: `apply what ${mutation.policyKind} ${mutation.policy} would change`,
    ops: ops.map((change): ObjectPatchOp => ({ op: change.op, path: change.path, value: change.value })),
  };
}

/** One RFC 6902 operation of an admission response. */
export interface PolicyPatchOperation {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

export interface PolicyMutationOutcome {
  object: Record<string, unknown>;
  /** Applied in order to the input, gives `object`. */
  patch: PolicyPatchOperation[];
  /** Policies that failed under `failurePolicy: Ignore`. */
  warnings: string[];
  /** Set when a policy failed under `failurePolicy: Fail`: the apiserver would reject the request. */
  denial?: string;
}

/**
 * Users' mutating policies over one admission request, as the apiserver's MutatingAdmissionPolicy plugin would apply
 * them: the mutated object and the JSON Patch that makes it. `options.reinvocation` runs only the policies that asked
 * to be reinvoked, after later mutations changed the object.
 */
export function mutateWithPolicies(object: Record<string, unknown>, policies: LoadedPolicies, request: PolicyRequestContext, options: MutateOptions = {}): PolicyMutationOutcome {
  const outcome: PolicyMutationOutcome = { object, patch: [], warnings: [] };
  const inventory: PolicyInventory = { objects: policies.params };
  for (const set of policies.sets) {
    if (!set.mutate) continue;
    const result = set.mutate({ ...request, operation: request.operation ?? 'CREATE', object: outcome.object }, inventory, options);
    for (const failure of result.failures) {
      if (failure.failurePolicy === 'Ignore') outcome.warnings.push(`${failureMessage(failure)} (failurePolicy Ignore)`);
      else outcome.denial ??= `${failure.policyKind} '${failure.policy}' denied request: ${failure.message}`;
    }
    if (result.object) outcome.object = result.object;
    for (const mutation of result.mutations) {
      outcome.patch.push(...mutation.changes.map((change) => ({ op: change.op, path: toJsonPointer(change.path), ...(change.op === 'remove' ? {} : { value: change.value }) })));
    }
  }
  return outcome;
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
