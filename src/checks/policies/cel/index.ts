import type { CelValue } from '@bufbuild/cel';
import { isBuiltInKind } from '../../../parsers/kubernetes/objects.js';
import { asRecord, asString } from '../../../parsers/kubernetes/values.js';
import type {
  CompiledPolicies, PolicyDocument, PolicyInventory, PolicyLoadError, PolicyRequest, PolicyResult, PolicySet,
} from '../types.js';
import { DEFAULT_PER_CALL_LIMIT } from './cost.js';
import { offlineAuthorizer } from './library/authorizer.js';
import { isNamespacedKind } from '../../rules/kubernetes/namespaces/scope.js';
import { labelsOf, resourceForKind, type MatchRequest } from './match.js';
import {
  API_GROUP, BINDING_KIND, POLICY_KIND, compileBinding, compilePolicy, evaluateBinding, parseFieldPath,
  type CompiledBinding, type CompiledPolicy, type PolicyOutcome,
} from './policy.js';
import { toCel } from './values.js';

export { resourceForKind } from './match.js';

export interface CelPolicyOptions {
  /** Cost limit of one expression (the apiserver's per-call limit, 1,000,000 by default). */
  costLimit?: number;
}

const SERVED_VERSIONS = new Set([`${API_GROUP}/v1`, `${API_GROUP}/v1beta1`]);

function isKind(object: Record<string, unknown>, kind: string): boolean {
  return object.kind === kind && typeof object.apiVersion === 'string' && SERVED_VERSIONS.has(object.apiVersion);
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
 * Compiles the ValidatingAdmissionPolicies and bindings among `documents` (admissionregistration.k8s.io v1 and
 * v1beta1) into a set that evaluates requests as the kube-apiserver does. Objects of a policy's paramKind among the
 * documents are kept as params; everything else is ignored. A policy or binding that does not compile is left out
 * with a file:line error, and the others still load.
 */
export function compileCelPolicies(documents: PolicyDocument[], options: CelPolicyOptions = {}): CompiledPolicies {
  const errors: PolicyLoadError[] = [];
  const policies = new Map<string, CompiledPolicy>();
  const bindings = new Map<string, CompiledBinding>();
  const others: Array<Record<string, unknown>> = [];
  const report = (document: PolicyDocument, kind: string, messages: string[]) => {
    const name = asString(asRecord(document.object.metadata)?.name) ?? '';
    for (const message of messages) {
      // Messages start with the field they are about; where the parser can locate it, the error points there.
      const field = /^([A-Za-z][\w.[\]]*):/.exec(message)?.[1];
      const line = (field && document.locate?.(parseFieldPath(field))?.startLine) || document.line;
      errors.push({ file: document.file, line, message: `${kind} "${name}": ${message}` });
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
    } else {
      others.push(document.object);
    }
  }
  const paramKinds = new Set([...policies.values()].flatMap((p) => (p.paramKind ? [`${p.paramKind.apiVersion}/${p.paramKind.kind}`] : [])));
  const params = others.filter((object) => paramKinds.has(`${String(object.apiVersion)}/${String(object.kind)}`));
  const active = [...bindings.values()].filter((binding) => policies.has(binding.policyName));
  const set: PolicySet = {
    policies: [...policies.values()].map((policy) => ({ name: policy.name, kind: POLICY_KIND, location: policy.location })),
    evaluate: (request, inventory) => evaluate(request, inventory, { policies, bindings: active, params, perCallLimit: options.costLimit ?? DEFAULT_PER_CALL_LIMIT }),
  };
  return { set, errors };
}

interface LoadedPolicies {
  policies: ReadonlyMap<string, CompiledPolicy>;
  bindings: readonly CompiledBinding[];
  params: ReadonlyArray<Record<string, unknown>>;
  perCallLimit: number;
}

function evaluate(request: PolicyRequest, inventory: PolicyInventory | undefined, loaded: LoadedPolicies): PolicyResult {
  const outcome: PolicyOutcome = { violations: [], failures: [], auditAnnotations: {} };
  const subject = request.object ?? request.oldObject;
  if (!subject || loaded.bindings.length === 0) return outcome;
  const { group, version } = splitApiVersion(asString(subject.apiVersion) ?? '');
  const kind = asString(subject.kind) ?? '';
  const resource = resourceForKind(kind);
  if (group === API_GROUP && EXEMPT_RESOURCES.has(resource)) return outcome;
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
    for (const binding of loaded.bindings) {
      const policy = loaded.policies.get(binding.policyName)!;
      outcome.failures.push({ policy: policy.name, policyKind: POLICY_KIND, message: 'the object is nested too deeply to evaluate', failurePolicy: policy.failurePolicy, actions: ['deny'], policyLocation: policy.location });
    }
    return outcome;
  }
  const paramObjects = inventory ? uniqueObjects([...loaded.params, ...inventory.objects]) : loaded.params;
  for (const binding of loaded.bindings) {
    evaluateBinding(loaded.policies.get(binding.policyName)!, binding, {
      request: matchRequest, bindings, paramObjects, perCallLimit: loaded.perCallLimit,
    }, outcome);
  }
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
