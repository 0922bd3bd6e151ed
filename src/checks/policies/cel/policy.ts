import type { CelValue } from '@bufbuild/cel';
import type { Location } from '../../../core/finding.js';
import { parseSelector, selectorMatches, type LabelSelector, type PolicyIssue } from '../../../parsers/kubernetes/label-selector.js';
import { asArray, asRecord, asString } from '../../../parsers/kubernetes/values.js';
import type { PolicyAction, PolicyDocument, PolicyFailure, PolicyViolation } from '../types.js';
import { CostLimitError, PolicyBudget } from './cost.js';
import { CelEvaluationError, compileExpression, type CelBindings, type CompileOptions, type CompiledExpression } from './environment.js';
import { isNamespacedKind } from '../../rules/kubernetes/namespaces/scope.js';
import { labelsOf, matches, parseMatchResources, type MatchRequest, type MatchResources } from './match.js';
import { CelSyntaxError } from './syntax.js';
import { toCel } from './values.js';
import { LazyVariables } from './variables.js';

export const POLICY_KIND = 'ValidatingAdmissionPolicy';
export const BINDING_KIND = 'ValidatingAdmissionPolicyBinding';
export const API_GROUP = 'admissionregistration.k8s.io';

type FailurePolicy = 'Fail' | 'Ignore';

export interface Expression {
  source: string;
  run: CompiledExpression;
}

interface Validation {
  expression: Expression;
  message?: string;
  messageExpression?: Expression;
  reason: string;
  fieldPath?: ReadonlyArray<string | number>;
}

/** What validating and mutating policies share: matching, params, conditions, variables, the failure policy. */
export interface PolicyBase {
  name: string;
  /** ValidatingAdmissionPolicy or MutatingAdmissionPolicy, for messages and findings. */
  kind: string;
  location: Location;
  paramKind?: { apiVersion: string; kind: string };
  match: MatchResources;
  matchConditions: ReadonlyArray<{ name: string; expression: Expression }>;
  variables: ReadonlyArray<{ name: string; expression: Expression }>;
  failurePolicy: FailurePolicy;
}

export interface CompiledPolicy extends PolicyBase {
  validations: readonly Validation[];
  auditAnnotations: ReadonlyArray<{ key: string; value: Expression }>;
}

export interface ParamRef {
  name?: string;
  namespace?: string;
  selector?: LabelSelector;
  notFoundAction: 'Allow' | 'Deny';
}

export interface BindingBase {
  name: string;
  policyName: string;
  location: Location;
  match?: MatchResources;
  paramRef?: ParamRef;
}

export interface CompiledBinding extends BindingBase {
  actions: readonly PolicyAction[];
}

export function locationOf(document: PolicyDocument): Location {
  return { file: document.file, startLine: document.line, startColumn: 1, endLine: document.line, endColumn: 1 };
}

function nameOf(object: Record<string, unknown>): string {
  return asString(asRecord(object.metadata)?.name) ?? '';
}

export function compileAt(source: unknown, path: string, errors: string[], variables?: ReadonlySet<string>, options: CompileOptions = {}): Expression | undefined {
  if (typeof source !== 'string' || source.trim() === '') {
    errors.push(`${path}: Required value: expression is not specified`);
    return undefined;
  }
  try {
    return { source, run: compileExpression(source, variables, options) };
  } catch (error) {
    // CelSyntaxError from our checks, or an Error from @bufbuild/cel's planner.
    errors.push(`${path}: Invalid value: compilation failed: ${error instanceof CelSyntaxError || error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/** Variables a policy's expressions may read: `params` only when it has a paramKind, as the apiserver declares them. */
function declaredVariables(hasParams: boolean): ReadonlySet<string> {
  const names = ['object', 'oldObject', 'request', 'namespaceObject', 'variables', 'authorizer'];
  return new Set(hasParams ? [...names, 'params'] : names);
}

/**
 * The parts of a policy both kinds share, compiled; field errors are added to `errors` as the apiserver's validation
 * would word them. `declared` is what the kind-specific expressions may read.
 */
export function compilePolicyBase(document: PolicyDocument, kind: string, errors: string[], options: CompileOptions = {}): { base: PolicyBase; declared: ReadonlySet<string> } {
  const object = document.object;
  const name = nameOf(object);
  if (!name) errors.push('metadata.name: Required value');
  const spec = asRecord(object.spec) ?? {};
  const paramKindRecord = asRecord(spec.paramKind);
  const paramKind = paramKindRecord
    ? { apiVersion: asString(paramKindRecord.apiVersion) ?? '', kind: asString(paramKindRecord.kind) ?? '' }
    : undefined;
  if (paramKind && (!paramKind.apiVersion || !paramKind.kind)) errors.push('spec.paramKind: Required value: apiVersion and kind');
  const declared = declaredVariables(paramKind !== undefined);
  const matchRecord = asRecord(spec.matchConstraints);
  if (!matchRecord || asArray(matchRecord.resourceRules).length === 0) errors.push('spec.matchConstraints.resourceRules: Required value');
  const match = parseMatchResources(matchRecord, 'spec.matchConstraints', errors);

  const failurePolicy = asString(spec.failurePolicy) ?? 'Fail';
  if (failurePolicy !== 'Fail' && failurePolicy !== 'Ignore') errors.push(`spec.failurePolicy: Unsupported value: "${failurePolicy}": supported values: "Fail", "Ignore"`);

  const named = (list: unknown, field: string) => asArray(list).map((item, i) => {
    const record = asRecord(item) ?? {};
    const itemName = asString(record.name) ?? '';
    if (!itemName) errors.push(`spec.${field}[${i}].name: Required value`);
    return { name: itemName, expression: compileAt(record.expression, `spec.${field}[${i}].expression`, errors, declared, options)! };
  });
  return {
    declared,
    base: {
      name,
      kind,
      location: locationOf(document),
      ...(paramKind ? { paramKind } : {}),
      match,
      matchConditions: named(spec.matchConditions, 'matchConditions'),
      variables: named(spec.variables, 'variables'),
      failurePolicy: failurePolicy as FailurePolicy,
    },
  };
}

/** Compiles one ValidatingAdmissionPolicy; returns field errors as the apiserver's validation would word them. */
export function compilePolicy(document: PolicyDocument): { policy?: CompiledPolicy; errors: string[] } {
  const errors: string[] = [];
  const { base, declared } = compilePolicyBase(document, POLICY_KIND, errors);
  const spec = asRecord(document.object.spec) ?? {};
  const validations = asArray(spec.validations).map((item, i): Validation | undefined => {
    const record = asRecord(item) ?? {};
    const path = `spec.validations[${i}]`;
    const expression = compileAt(record.expression, `${path}.expression`, errors, declared);
    const messageExpression = record.messageExpression === undefined ? undefined : compileAt(record.messageExpression, `${path}.messageExpression`, errors, declared);
    const message = asString(record.message);
    if (message !== undefined && /[\r\n]/.test(message)) errors.push(`${path}.message: Invalid value: message must not contain line breaks`);
    const fieldPath = asString(record.fieldPath);
    return expression && {
      expression,
      ...(message !== undefined && message.trim() !== '' ? { message } : {}),
      ...(messageExpression ? { messageExpression } : {}),
      reason: asString(record.reason) ?? 'Invalid',
      ...(fieldPath ? { fieldPath: parseFieldPath(fieldPath) } : {}),
    };
  });
  const auditAnnotations = asArray(spec.auditAnnotations).map((item, i) => {
    const record = asRecord(item) ?? {};
    const key = asString(record.key) ?? '';
    if (!key) errors.push(`spec.auditAnnotations[${i}].key: Required value`);
    return { key, value: compileAt(record.valueExpression, `spec.auditAnnotations[${i}].valueExpression`, errors, declared) };
  });
  if (validations.length === 0 && auditAnnotations.length === 0) {
    errors.push('spec: Required value: at least one of validations or auditAnnotations is required');
  }
  if (errors.length > 0) return { errors };
  return {
    errors,
    policy: {
      ...base,
      validations: validations.filter((v): v is Validation => v !== undefined),
      auditAnnotations: auditAnnotations.map((a) => ({ key: a.key, value: a.value! })),
    },
  };
}

/** `spec.containers[0].image` or `metadata.labels['app']` as path segments. */
export function parseFieldPath(text: string): Array<string | number> {
  const segments: Array<string | number> = [];
  const pattern = /\.?([A-Za-z_][\w-]*)|\[(\d+)\]|\[['"]([^'"]*)['"]\]/gy;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(match[3]!);
  }
  return segments;
}

const ACTIONS: Record<string, PolicyAction> = { Deny: 'deny', Warn: 'warn', Audit: 'audit' };

/** The parts of a binding both kinds share: its policy, match resources and paramRef. */
export function compileBindingBase(document: PolicyDocument, errors: string[]): BindingBase {
  const object = document.object;
  const name = nameOf(object);
  if (!name) errors.push('metadata.name: Required value');
  const spec = asRecord(object.spec) ?? {};
  const policyName = asString(spec.policyName) ?? '';
  if (!policyName) errors.push('spec.policyName: Required value');
  const match = spec.matchResources === undefined ? undefined : parseMatchResources(spec.matchResources, 'spec.matchResources', errors);
  const refRecord = asRecord(spec.paramRef);
  let paramRef: ParamRef | undefined;
  if (refRecord) {
    const selectorIssues: PolicyIssue[] = [];
    const selector = refRecord.selector === undefined ? undefined : parseSelector(refRecord.selector, ['spec', 'paramRef', 'selector'], selectorIssues);
    for (const issue of selectorIssues) errors.push(`${issue.path.join('.')}: ${issue.message}`);
    const refName = asString(refRecord.name);
    if ((refName === undefined) === (selector === undefined)) errors.push('spec.paramRef: Invalid value: exactly one of name or selector must be set');
    const notFound = asString(refRecord.parameterNotFoundAction);
    if (notFound === undefined) errors.push('spec.paramRef.parameterNotFoundAction: Required value');
    else if (notFound !== 'Allow' && notFound !== 'Deny') errors.push(`spec.paramRef.parameterNotFoundAction: Unsupported value: "${notFound}"`);
    const refNamespace = asString(refRecord.namespace);
    paramRef = {
      ...(refName !== undefined ? { name: refName } : {}),
      ...(refNamespace !== undefined ? { namespace: refNamespace } : {}),
      ...(selector ? { selector } : {}),
      notFoundAction: notFound === 'Deny' ? 'Deny' : 'Allow',
    };
  }
  return { name, policyName, location: locationOf(document), ...(match ? { match } : {}), ...(paramRef ? { paramRef } : {}) };
}

export function compileBinding(document: PolicyDocument): { binding?: CompiledBinding; errors: string[] } {
  const errors: string[] = [];
  const base = compileBindingBase(document, errors);
  const spec = asRecord(document.object.spec) ?? {};
  const actionNames = asArray(spec.validationActions).filter((a): a is string => typeof a === 'string');
  if (actionNames.length === 0) errors.push('spec.validationActions: Required value');
  for (const action of actionNames) {
    if (!(action in ACTIONS)) errors.push(`spec.validationActions: Unsupported value: "${action}": supported values: "Audit", "Deny", "Warn"`);
  }
  if (actionNames.includes('Deny') && actionNames.includes('Warn')) {
    errors.push('spec.validationActions: Invalid value: Deny and Warn may not be used together');
  }
  if (errors.length > 0) return { errors };
  return { errors, binding: { ...base, actions: [...new Set(actionNames.map((a) => ACTIONS[a]!))] } };
}

const NO_VARIABLES = toCel({});

/** Everything one evaluation of a policy for one request needs besides the policy itself. */
export interface EvaluationInput {
  request: MatchRequest;
  /** `object`, `oldObject`, `request`, `namespaceObject` and `authorizer`, already CEL values. */
  bindings: CelBindings;
  /** Candidate params objects (from the input and the inventory). */
  paramObjects: ReadonlyArray<Record<string, unknown>>;
  perCallLimit: number;
}

export interface PolicyOutcome {
  violations: PolicyViolation[];
  failures: PolicyFailure[];
  auditAnnotations: Record<string, string>;
}

/** Evaluates one binding of one policy for one request, as the apiserver's validating dispatcher does. */
export function evaluateBinding(policy: CompiledPolicy, binding: CompiledBinding, input: EvaluationInput, outcome: PolicyOutcome): void {
  if (!bindingMatches(policy, binding, input.request)) return;

  const failure = (message: string, actions: readonly PolicyAction[]) => {
    outcome.failures.push({
      policy: policy.name, policyKind: POLICY_KIND, message, failurePolicy: policy.failurePolicy, actions, policyLocation: policy.location,
    });
  };
  const params = bindingParams(policy, binding, input, (message) => failure(message, ['deny']));

  for (const param of params) {
    const { run, budget } = evaluationScope(policy, input.bindings, param, input.perCallLimit);
    const conditions = evaluateMatchConditions(policy, run);
    if (conditions === false) continue;
    if (typeof conditions === 'string') {
      failure(conditions, ['deny']);
      continue;
    }

    for (const validation of policy.validations) {
      let result: CelValue;
      try {
        result = run(validation.expression);
      } catch (error) {
        failure(evaluationMessage(validation.expression, error), binding.actions);
        if (error instanceof CostLimitError && budget.exhausted) break;
        continue;
      }
      if (result === true) continue;
      if (result !== false) {
        failure(`expression '${validation.expression.source}' resulted in error: no such overload`, binding.actions);
        continue;
      }
      outcome.violations.push({
        policy: policy.name,
        policyKind: POLICY_KIND,
        message: violationMessage(validation, run),
        actions: binding.actions,
        reason: validation.reason,
        ...(validation.fieldPath ? { path: validation.fieldPath } : {}),
        policyLocation: policy.location,
      });
    }

    for (const annotation of policy.auditAnnotations) {
      try {
        const value = run(annotation.value);
        if (value === null) continue;
        if (typeof value !== 'string') throw new CelEvaluationError(`valueExpression '${annotation.value.source}' resulted in unsupported return type: must evaluate to string or null`);
        outcome.auditAnnotations[`${policy.name}/${annotation.key}`] = value;
      } catch (error) {
        failure(evaluationMessage(annotation.value, error), binding.actions);
      }
    }
  }
}

/** Whether a request falls under the policy's matchConstraints and the binding's matchResources. */
export function bindingMatches(policy: PolicyBase, binding: BindingBase, request: MatchRequest): boolean {
  return matches(policy.match, request, false) && (!binding.match || matches(binding.match, request, true));
}

/**
 * The params a binding evaluates its policy with (`[null]` without a paramKind; none when they are not found and
 * the binding allows that). A binding that cannot be configured is reported through `failure` and gives none.
 */
export function bindingParams(policy: PolicyBase, binding: BindingBase, input: EvaluationInput, failure: (message: string) => void): Array<Record<string, unknown> | null> {
  if (!policy.paramKind) return [null];
  const found = findParams(policy, binding, input);
  if (typeof found === 'string') {
    failure(`failed to configure binding: ${found}`);
    return [];
  }
  if (found.length === 0 && binding.paramRef?.notFoundAction === 'Deny') {
    failure('failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction');
  }
  return found;
}

/** One evaluation's bindings (`params`, the lazy `variables`) and a runner charging one policy budget. */
export function evaluationScope(policy: PolicyBase, base: CelBindings, param: Record<string, unknown> | null, perCallLimit: number): { bindings: CelBindings; run: (expression: Expression) => CelValue; budget: PolicyBudget } {
  const budget = new PolicyBudget(perCallLimit);
  const bindings: CelBindings = { ...base, params: param === null ? null : toCel(param) };
  if (policy.variables.length === 0) {
    bindings.variables = NO_VARIABLES;
  } else {
    const evaluators = new Map(policy.variables.map((variable) => [variable.name, () => variable.expression.run(bindings)] as const));
    bindings.variables = new LazyVariables(evaluators).asCelMap();
  }
  return { bindings, budget, run: (expression) => budget.run(() => expression.run(bindings)) };
}

/** False when a condition is false (the policy does not apply); a message when one failed and none is false. */
export function evaluateMatchConditions(policy: PolicyBase, run: (e: Expression) => CelValue): boolean | string {
  let failed: string | undefined;
  for (const condition of policy.matchConditions) {
    try {
      const value = run(condition.expression);
      if (value === false) return false;
      if (value !== true) failed ??= `matchCondition '${condition.name}' resulted in error: expression must evaluate to bool`;
    } catch (error) {
      failed ??= `matchCondition '${condition.name}' resulted in error: ${(error as Error).message}`;
    }
  }
  return failed ?? true;
}

export function evaluationMessage(expression: Expression, error: unknown): string {
  if (error instanceof CostLimitError) return `expression '${expression.source}' resulted in error: ${error.message}`;
  if (error instanceof CelEvaluationError) return `expression '${expression.source}' resulted in error: ${error.message}`;
  throw error;
}

/** messageExpression when it gives a usable string, else message, else the apiserver's default. */
function violationMessage(validation: Validation, run: (e: Expression) => CelValue): string {
  const fallback = validation.message ?? `failed expression: ${validation.expression.source.trim()}`;
  if (!validation.messageExpression) return fallback;
  try {
    const value = run(validation.messageExpression);
    if (typeof value !== 'string' || value.trim() === '' || /[\r\n]/.test(value)) return fallback;
    return value.trim();
  } catch (error) {
    if (error instanceof CelEvaluationError || error instanceof CostLimitError) return fallback;
    throw error;
  }
}

/** The params objects a binding selects, or a configuration error as the apiserver words it. */
function findParams(policy: PolicyBase, binding: BindingBase, input: EvaluationInput): Array<Record<string, unknown>> | string {
  const ref = binding.paramRef;
  const paramKind = policy.paramKind!;
  if (!ref) return `policy binding '${binding.name}' has no paramRef but policy '${policy.name}' has paramKind`;
  const namespacedParams = isNamespacedKind(paramKind.kind);
  let namespace: string | undefined;
  if (namespacedParams) {
    namespace = ref.namespace ?? (input.request.namespaced ? input.request.namespace : undefined);
    if (namespace === undefined) return 'cannot use namespaced paramRef in policy binding that matches cluster-scoped resources';
  }
  return input.paramObjects.filter((candidate) => {
    if (candidate.apiVersion !== paramKind.apiVersion || candidate.kind !== paramKind.kind) return false;
    const metadata = asRecord(candidate.metadata) ?? {};
    if (namespacedParams && (asString(metadata.namespace) ?? 'default') !== namespace) return false;
    if (ref.name !== undefined) return metadata.name === ref.name;
    return ref.selector !== undefined && selectorMatches(ref.selector, labelsOf(candidate) ?? {});
  });
}

