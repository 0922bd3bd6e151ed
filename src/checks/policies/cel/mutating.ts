import { isCelList, isCelMap, type CelValue } from '@bufbuild/cel';
import { asArray, asRecord, asString } from '../../../parsers/kubernetes/values.js';
import type { PolicyDocument } from '../types.js';
import { ApplyConfigurationError, mergeApplyConfiguration } from './apply-configuration.js';
import { applyJsonPatch, JsonPatchError, JsonPatchTestFailed, type JsonPatchOperation } from '../../../core/json-patch.js';
import { labelsOf } from './match.js';
import {
  bindingMatches, bindingParams, compileAt, compileBindingBase, compilePolicyBase, evaluateMatchConditions, evaluationMessage,
  evaluationScope, type BindingBase, type EvaluationInput, type Expression, type PolicyBase,
} from './policy.js';
import { fromCel, NotJsonError, toCel } from './values.js';

export const MUTATING_POLICY_KIND = 'MutatingAdmissionPolicy';
export const MUTATING_BINDING_KIND = 'MutatingAdmissionPolicyBinding';

type PatchType = 'ApplyConfiguration' | 'JSONPatch';

interface Mutation {
  patchType: PatchType;
  expression: Expression;
}

export interface CompiledMutatingPolicy extends PolicyBase {
  mutations: readonly Mutation[];
  reinvocationPolicy: 'Never' | 'IfNeeded';
}

const PATCH_FIELDS: Readonly<Record<PatchType, string>> = { ApplyConfiguration: 'applyConfiguration', JSONPatch: 'jsonPatch' };

/** Compiles one MutatingAdmissionPolicy (v1, v1beta1 or v1alpha1: the fields read here are the same in all three). */
export function compileMutatingPolicy(document: PolicyDocument): { policy?: CompiledMutatingPolicy; errors: string[] } {
  const errors: string[] = [];
  const { base, declared } = compilePolicyBase(document, MUTATING_POLICY_KIND, errors, { mutating: true });
  const spec = asRecord(document.object.spec) ?? {};
  const reinvocationPolicy = asString(spec.reinvocationPolicy);
  if (reinvocationPolicy === undefined) errors.push('spec.reinvocationPolicy: Required value');
  else if (reinvocationPolicy !== 'Never' && reinvocationPolicy !== 'IfNeeded') {
    errors.push(`spec.reinvocationPolicy: Unsupported value: "${reinvocationPolicy}": supported values: "IfNeeded", "Never"`);
  }
  const list = asArray(spec.mutations);
  if (list.length === 0) errors.push('spec.mutations: Required value: mutations must contain at least one item');
  const mutations = list.map((item, i): Mutation | undefined => {
    const record = asRecord(item) ?? {};
    const path = `spec.mutations[${i}]`;
    const patchType = asString(record.patchType);
    if (patchType !== 'ApplyConfiguration' && patchType !== 'JSONPatch') {
      errors.push(`${path}.patchType: ${patchType === undefined ? 'Required value' : `Unsupported value: "${patchType}": supported values: "ApplyConfiguration", "JSONPatch"`}`);
      return undefined;
    }
    const field = PATCH_FIELDS[patchType];
    const expression = compileAt(asRecord(record[field])?.expression, `${path}.${field}.expression`, errors, declared, { mutating: true });
    return expression && { patchType, expression };
  });
  if (errors.length > 0) return { errors };
  return { errors, policy: { ...base, mutations: mutations.filter((m): m is Mutation => m !== undefined), reinvocationPolicy: reinvocationPolicy as 'Never' | 'IfNeeded' } };
}

export function compileMutatingBinding(document: PolicyDocument): { binding?: BindingBase; errors: string[] } {
  const errors: string[] = [];
  const binding = compileBindingBase(document, errors);
  return errors.length > 0 ? { errors } : { errors, binding };
}

class MutationError extends Error {}

/** The object after one mutation, or a MutationError naming what the expression gave that cannot apply. */
function applyMutation(object: Record<string, unknown>, mutation: Mutation, value: CelValue): Record<string, unknown> {
  const source = mutation.expression.source.trim();
  if (mutation.patchType === 'ApplyConfiguration') {
    if (!isCelMap(value)) throw new MutationError(`applyConfiguration expression '${source}' must evaluate to an Object`);
    return mergeApplyConfiguration(object, fromCel(value) as Record<string, unknown>);
  }
  if (!isCelList(value)) throw new MutationError(`jsonPatch expression '${source}' must evaluate to a list of JSONPatch`);
  const operations = [...value].map((item) => {
    const operation = fromCel(item);
    const record = asRecord(operation);
    if (!record || typeof record.op !== 'string' || typeof record.path !== 'string') {
      throw new MutationError(`jsonPatch expression '${source}' must evaluate to JSONPatch objects with op and path`);
    }
    return record as unknown as JsonPatchOperation;
  });
  let patched: Record<string, unknown> | undefined;
  try {
    patched = asRecord(applyJsonPatch(object, operations));
  } catch (error) {
    // A `test` that does not hold makes the whole patch a no-op, as in the apiserver.
    if (error instanceof JsonPatchTestFailed) return object;
    throw error;
  }
  if (!patched) throw new MutationError('the JSON patch replaced the object with something that is not an object');
  return patched;
}

/**
 * Applies one binding of one mutating policy to `object`, as the apiserver's mutating dispatcher does: when the
 * request matches and the matchConditions hold, each mutation in order, each seeing the object the previous one left
 * (and variables computed on it). A failure is reported through `failure` and the binding changes nothing.
 */
export function applyMutatingBinding(
  policy: CompiledMutatingPolicy, binding: BindingBase, input: EvaluationInput, object: Record<string, unknown>, failure: (message: string) => void,
): Record<string, unknown> {
  if (!bindingMatches(policy, binding, { ...input.request, objectLabels: labelsOf(object) })) return object;
  let current = object;
  for (const param of bindingParams(policy, binding, input, failure)) {
    const before = current;
    const scope = (state: Record<string, unknown>) => evaluationScope(policy, { ...input.bindings, object: toCel(state) }, param, input.perCallLimit);
    const conditions = evaluateMatchConditions(policy, scope(current).run);
    if (conditions === false) continue;
    if (typeof conditions === 'string') {
      failure(conditions);
      continue;
    }
    try {
      for (const mutation of policy.mutations) {
        let value: CelValue;
        try {
          value = scope(current).run(mutation.expression);
        } catch (error) {
          throw new MutationError(evaluationMessage(mutation.expression, error));
        }
        current = applyMutation(current, mutation, value);
      }
    } catch (error) {
      if (!(error instanceof MutationError || error instanceof JsonPatchError || error instanceof NotJsonError || error instanceof ApplyConfigurationError)) throw error;
      failure(error.message);
      current = before;
    }
  }
  return current;
}
