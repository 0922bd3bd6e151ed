import type { CelValue } from '@bufbuild/cel';
import { isBuiltInKind } from '../../../parsers/kubernetes/objects.js';
import { asRecord, asString, getPath } from '../../../parsers/kubernetes/values.js';
import type {
  CompiledPolicies, MutateOptions, PolicyDocument, PolicyInventory, PolicyLoadError, PolicyMutationResult, PolicyRequest, PolicyResult, PolicySet,
} from '../types.js';
import { diffJson } from './json-patch.js';
import {
  applyMutatingBinding, compileMutatingBinding, compileMutatingPolicy, MUTATING_BINDING_KIND, MUTATING_POLICY_KIND, type CompiledMutatingPolicy,
} from './mutating.js';
import { DEFAULT_PER_CALL_LIMIT } from './cost.js';
import { offlineAuthorizer } from './library/authorizer.js';
import { isNamespacedKind } from '../../rules/kubernetes/namespaces/scope.js';
import { labelsOf, resourceForKind, type MatchRequest } from './match.js';
import {
  API_GROUP, BINDING_KIND, POLICY_KIND, compileBinding, compilePolicy, evaluateBinding, parseFieldPath,
  type BindingBase, type CompiledBinding, type CompiledPolicy, type EvaluationInput, type PolicyOutcome,
} from './policy.js';
import { toCel } from './values.js';

export { resourceForKind } from './match.js';

export interface CelPolicyOptions {
  /** Cost limit of one expression (the apiserver's per-call limit, 1,000,000 by default). */
  costLimit?: number;
}

const SERVED_VERSIONS = new Set([`${API_GROUP}/v1`, `${API_GROUP}/v1beta1`]);
/** MutatingAdmissionPolicy also had a v1alpha1 of the same shape, which clusters that tried it early still hold. */
const MUTATING_VERSIONS = new Set([...SERVED_VERSIONS, `${API_GROUP}/v1alpha1`]);

function isKind(object: Record<string, unknown>, kind: string): boolean {
  const versions = kind === MUTATING_POLICY_KIND || kind === MUTATING_BINDING_KIND ? MUTATING_VERSIONS : SERVED_VERSIONS;
  return object.kind === kind && typeof object.apiVersion === 'string' && versions.has(object.apiVersion);
}

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Admission policies never apply to the admission configuration itself, so a bad policy cannot lock itself in. */
const EXEMPT_RESOURCES = new Set([
  'validatingwebhookconfigurations', 'mutatingwebhookconfigurations', 'validatingadmissionpolicies',
  'validatingadmissionpolicybindings', 'mutatingadmissionpolicies', 'mutatingadmissionpolicybindings',
]);

/**
 * Compiles the Validating- and MutatingAdmissionPolicies and their bindings among `documents`
 * (admissionregistration.k8s.io v1 and v1beta1, and v1alpha1 for mutating ones) into a set that evaluates and
 * mutates requests as the kube-apiserver does. Objects of a policy's paramKind among the
 * documents are kept as params; everything else is ignored. A policy or binding that does not compile is left out
 * with a file:line error, and the others still load.
 */
export function compileCelPolicies(documents: PolicyDocument[], options: CelPolicyOptions = {}): CompiledPolicies {
  const errors: PolicyLoadError[] = [];
  const policies = new Map<string, CompiledPolicy>();
  const bindings = new Map<string, CompiledBinding>();
  const mutatingPolicies = new Map<string, CompiledMutatingPolicy>();
  const mutatingBindings = new Map<string, BindingBase>();
  const others: Array<Record<string, unknown>> = [];
  const report = (document: PolicyDocument, kind: string, messages: string[]) => {
    const name = asString(asRecord(document.object.metadata)?.name) ?? '';
    for (const message of messages) {
      const { line, text } = locateError(document, message);
      errors.push({ file: document.file, line, message: `${kind} "${name}": ${text}` });
    }
  };
  for (const document of documents) {
    if (isKind(document.object, POLICY_KIND)) {
      const { policy, errors: problems } = compilePolicy(document);
      if (policy && policies.has(policy.name)) problems.push('metadata.name: Duplicate value: a policy of this name is already loaded');
      if (policy && problems.length === 0) policies.set(policy.name, policy);
      report(document, POLICY_KIND, problems);
    } else if (isKind(document.object, BINDING_KIND)) {
      const { binding, errors: problems } = compileBinding(document);
      if (binding && bindings.has(binding.name)) problems.push('metadata.name: Duplicate value: a binding of this name is already loaded');
      if (binding && problems.length === 0) bindings.set(binding.name, binding);
      report(document, BINDING_KIND, problems);
    } else if (isKind(document.object, MUTATING_POLICY_KIND)) {
      const { policy, errors: problems } = compileMutatingPolicy(document);
      if (policy && mutatingPolicies.has(policy.name)) problems.push('metadata.name: Duplicate value: a policy of this name is already loaded');
      if (policy && problems.length === 0) mutatingPolicies.set(policy.name, policy);
      report(document, MUTATING_POLICY_KIND, problems);
    } else if (isKind(document.object, MUTATING_BINDING_KIND)) {
      const { binding, errors: problems } = compileMutatingBinding(document);
      if (binding && mutatingBindings.has(binding.name)) problems.push('metadata.name: Duplicate value: a binding of this name is already loaded');
      if (binding && problems.length === 0) mutatingBindings.set(binding.name, binding);
      report(document, MUTATING_BINDING_KIND, problems);
    } else {
      others.push(document.object);
    }
  }
  const every = [...policies.values(), ...mutatingPolicies.values()];
  const paramKinds = new Set(every.flatMap((p) => (p.paramKind ? [`${p.paramKind.apiVersion}/${p.paramKind.kind}`] : [])));
  const params = others.filter((object) => paramKinds.has(`${String(object.apiVersion)}/${String(object.kind)}`));
  const active = [...bindings.values()].filter((binding) => policies.has(binding.policyName));
  const activeMutating = [...mutatingBindings.values()].filter((binding) => mutatingPolicies.has(binding.policyName));
  const loaded: LoadedPolicies = { policies, bindings: active, mutatingPolicies, mutatingBindings: activeMutating, params, perCallLimit: options.costLimit ?? DEFAULT_PER_CALL_LIMIT };
  const set: PolicySet = {
    policies: every.map((policy) => ({ name: policy.name, kind: policy.kind, location: policy.location })),
    evaluate: (request, inventory) => evaluate(request, inventory, loaded),
    ...(activeMutating.length > 0 ? { mutate: (request: PolicyRequest, inventory?: PolicyInventory, mutateOptions?: MutateOptions) => mutate(request, inventory, loaded, mutateOptions ?? {}) } : {}),
  };
  return { set, errors };
}

/**
 * Messages start with the field they are about; where the parser can locate it, the error points there. A CEL
 * compiler error names a line and column inside the expression (`<input>:2:7:`): the error then points at that line
 * of the YAML file (a multi-line expression is a block scalar, whose text starts on the line after the field), and
 * the message keeps the column within the expression.
 */
function locateError(document: PolicyDocument, message: string): { line: number; text: string } {
  const field = /^([A-Za-z][\w.[\]]*):/.exec(message)?.[1];
  const path = field ? parseFieldPath(field) : undefined;
  const fieldLine = (path && document.locate?.(path)?.startLine) || document.line;
  const position = /<input>:(\d+):(\d+):/.exec(message);
  if (!position || !path) return { line: fieldLine, text: message };
  const source = getPath(document.object, path);
  const block = typeof source === 'string' && source.includes('\n');
  const line = fieldLine + (block ? 1 : 0) + Number(position[1]) - 1;
  return { line, text: message.replace(position[0], `line ${position[1]} column ${position[2]} of the expression:`) };
}

interface LoadedPolicies {
  policies: ReadonlyMap<string, CompiledPolicy>;
  bindings: readonly CompiledBinding[];
  mutatingPolicies: ReadonlyMap<string, CompiledMutatingPolicy>;
  mutatingBindings: readonly BindingBase[];
  params: ReadonlyArray<Record<string, unknown>>;
  perCallLimit: number;
}

/**
 * MutatingAdmissionPolicies over one request, in the order their bindings were loaded, each on the object the
 * previous ones left. As the apiserver does, a policy with `reinvocationPolicy: IfNeeded` runs once more when a
 * policy after it changed the object; `options.reinvocation` runs only those (after mutations outside the set).
 */
function mutate(request: PolicyRequest, inventory: PolicyInventory | undefined, loaded: LoadedPolicies, options: MutateOptions): PolicyMutationResult {
  const result: PolicyMutationResult = { object: request.object, mutations: [], failures: [] };
  const context = request.object ? requestContext(request, inventory, loaded) : undefined;
  if (!context || !request.object) return result;
  if (typeof context === 'string') {
    for (const binding of loaded.mutatingBindings) {
      const policy = loaded.mutatingPolicies.get(binding.policyName)!;
      result.failures.push({ policy: policy.name, policyKind: MUTATING_POLICY_KIND, message: context, failurePolicy: policy.failurePolicy, actions: ['deny'], policyLocation: policy.location });
    }
    return result;
  }
  const reinvocable = (binding: BindingBase) => loaded.mutatingPolicies.get(binding.policyName)!.reinvocationPolicy === 'IfNeeded';
  let current = request.object;
  const run = (binding: BindingBase): boolean => {
    const policy = loaded.mutatingPolicies.get(binding.policyName)!;
    const failure = (message: string) => result.failures.push({
      policy: policy.name, policyKind: MUTATING_POLICY_KIND, message, failurePolicy: policy.failurePolicy, actions: ['deny'], policyLocation: policy.location,
    });
    const next = applyMutatingBinding(policy, binding, context, current, failure);
    const changes = diffJson(current, next);
    current = next;
    if (changes.length === 0) return false;
    result.mutations.push({ policy: policy.name, policyKind: MUTATING_POLICY_KIND, changes, policyLocation: policy.location });
    return true;
  };
  const first = options.reinvocation ? loaded.mutatingBindings.filter(reinvocable) : loaded.mutatingBindings;
  let lastChange = -1;
  first.forEach((binding, i) => {
    if (run(binding)) lastChange = i;
  });
  if (!options.reinvocation) first.slice(0, lastChange).filter(reinvocable).forEach(run);
  result.object = current;
  return result;
}

/** What evaluating any policy for a request needs, or why the object cannot be evaluated at all. */
function requestContext(request: PolicyRequest, inventory: PolicyInventory | undefined, loaded: LoadedPolicies): EvaluationInput | string | undefined {
  const subject = request.object ?? request.oldObject;
  if (!subject) return undefined;
  const { group, version } = splitApiVersion(asString(subject.apiVersion) ?? '');
  const kind = asString(subject.kind) ?? '';
  const resource = resourceForKind(kind);
  if (group === API_GROUP && EXEMPT_RESOURCES.has(resource)) return undefined;
  const metadata = asRecord(subject.metadata) ?? {};
  const namespaced = isNamespacedKind(kind);
  const namespace = namespaced ? request.namespace ?? asString(metadata.namespace) : undefined;
  const name = asString(metadata.name) ?? '';
  const namespaceObject = namespaced && namespace !== undefined
    ? request.namespaceObject ?? { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { 'kubernetes.io/metadata.name': namespace } } }
    : undefined;
  const matchRequest: MatchRequest = {
    group, version, kind, resource, namespaced, name, namespace, operation: request.operation,
    namespaceLabels: namespaceObject ? labelsOf(namespaceObject) : undefined,
    objectLabels: labelsOf(request.object),
    oldObjectLabels: labelsOf(request.oldObject),
    isBuiltIn: isBuiltInKind(kind),
  };
  const gvk = { group, version, kind };
  const gvr = { group, version, resource };
  // The AdmissionRequest as the apiserver hands it to CEL: JSON with its omitempty fields left out.
  const requestValue = {
    kind: gvk, resource: gvr, requestKind: gvk, requestResource: gvr,
    ...(name ? { name } : {}),
    ...(namespace ? { namespace } : {}),
    operation: request.operation,
    userInfo: request.userInfo ?? {},
    ...(request.dryRun ? { dryRun: true } : {}),
  };
  let bindings: Record<string, CelValue>;
  try {
    bindings = {
      object: toCel(request.object ?? null),
      oldObject: toCel(request.oldObject ?? null),
      request: toCel(requestValue),
      namespaceObject: toCel(namespaceObject ?? null),
      authorizer: offlineAuthorizer,
    };
  } catch (error) {
    // Only a stack overflow on an absurdly deep object gets here; every policy that applies must then fail.
    if (!(error instanceof RangeError)) throw error;
    return 'the object is nested too deeply to evaluate';
  }
  const paramObjects = inventory ? uniqueObjects([...loaded.params, ...inventory.objects]) : loaded.params;
  return { request: matchRequest, bindings, paramObjects, perCallLimit: loaded.perCallLimit };
}

function evaluate(request: PolicyRequest, inventory: PolicyInventory | undefined, loaded: LoadedPolicies): PolicyResult {
  const outcome: PolicyOutcome = { violations: [], failures: [], auditAnnotations: {} };
  if (loaded.bindings.length === 0) return outcome;
  const context = requestContext(request, inventory, loaded);
  if (!context) return outcome;
  if (typeof context === 'string') {
    for (const binding of loaded.bindings) {
      const policy = loaded.policies.get(binding.policyName)!;
      outcome.failures.push({ policy: policy.name, policyKind: POLICY_KIND, message: context, failurePolicy: policy.failurePolicy, actions: ['deny'], policyLocation: policy.location });
    }
    return outcome;
  }
  for (const binding of loaded.bindings) evaluateBinding(loaded.policies.get(binding.policyName)!, binding, context, outcome);
  return outcome;
}

/** The same object may be both among the policy documents and in the inventory; a selector must see it once. */
function uniqueObjects(objects: ReadonlyArray<Record<string, unknown>>): Array<Record<string, unknown>> {
  const byIdentity = new Map<string, Record<string, unknown>>();
  for (const object of objects) {
    const metadata = asRecord(object.metadata) ?? {};
    byIdentity.set(JSON.stringify([object.apiVersion, object.kind, metadata.namespace, metadata.name]), object);
  }
  return [...byIdentity.values()];
}
