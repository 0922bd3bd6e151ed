import type { LoadedPolicies, PolicyCompiler, PolicyFailure, PolicyLoadError, PolicyRequest, PolicyViolation } from '../../checks/policies/index.js';
import { loadPolicies } from '../../checks/policies/load.js';
import { asRecord } from '../../parsers/kubernetes/values.js';
import type { CaseResult, Expectation, TestCase, TestGroup, ViolationMatcher } from './model.js';
import { readTests } from './read.js';

export interface PolicyTestOptions {
  /** Relative paths are resolved against it, and results name files relative to it. */
  cwd: string;
  /** The policy engines; default both. */
  compilers?: readonly PolicyCompiler[];
}

export interface PolicyTestReport {
  results: CaseResult[];
  /** Test files, objects or policies that could not be read or compiled: their cases did not run. */
  errors: PolicyLoadError[];
  passed: number;
  failed: number;
}

/** Runs every test under `root` against the policies it names, as `rampart scan` and the webhook would evaluate them. */
export async function runPolicyTests(root: string, options: PolicyTestOptions): Promise<PolicyTestReport> {
  const { groups, errors } = await readTests(root, options.cwd);
  const results: CaseResult[] = [];
  for (const group of groups) {
    const policies = await loadPolicies(group.policyFiles, { cwd: options.cwd, ...(options.compilers ? { compilers: options.compilers } : {}) });
    if (policies.errors.length > 0 || policies.policies.length === 0) {
      errors.push(...policies.errors);
      if (policies.errors.length === 0) errors.push({ file: group.file, message: 'the policy files named by this test hold no policy' });
      continue;
    }
    for (const testCase of group.cases) results.push(runCase(testCase, group, policies));
  }
  const passed = results.filter((r) => r.passed).length;
  return { results, errors, passed, failed: results.length - passed };
}

export function runCase(testCase: TestCase, group: Pick<TestGroup, 'inventory'>, policies: LoadedPolicies): CaseResult {
  const { request: given } = testCase;
  const object = given.object ?? given.oldObject ?? null;
  const namespace = asRecord(asRecord(object)?.metadata)?.namespace;
  const request: PolicyRequest = {
    ...given,
    ...(typeof namespace === 'string' ? { namespace } : {}),
    file: testCase.file,
  };
  const inventory = { objects: [...policies.params, ...group.inventory, ...(testCase.inventory ?? [])] };
  const violations: PolicyViolation[] = [];
  const failures: PolicyFailure[] = [];
  const faults: string[] = [];
  for (const set of policies.sets) {
    try {
      const result = set.evaluate(request, inventory);
      violations.push(...result.violations);
      failures.push(...result.failures);
    } catch (error) {
      // An engine fault fails the case rather than the run: the other cases still say what they can.
      faults.push(`policy evaluation failed: ${(error as Error).message}`);
    }
  }
  const allowed = !violations.some((v) => v.actions.includes('deny')) && !failures.some(deniesByFailure);
  const differences = [...faults, ...compare(testCase.expect, { violations, failures, allowed })];
  return {
    name: testCase.name,
    file: testCase.file,
    ...(testCase.line ? { line: testCase.line } : {}),
    passed: differences.length === 0,
    differences,
    actual: { allowed, violations, failures },
  };
}

function compare(expect: Expectation, actual: CaseResult['actual']): string[] {
  const differences: string[] = [];
  if (expect.allowed !== undefined && expect.allowed !== actual.allowed) {
    const denials = actual.violations.filter((v) => v.actions.includes('deny')).map(describeViolation);
    differences.push(expect.allowed ? `expected allowed, got denied: ${denials.join('; ') || 'a policy failed (failurePolicy Fail)'}` : 'expected denied, got allowed');
  }
  // A failure is never what a test meant, unless it expects the denial that failurePolicy Fail gives.
  for (const failure of actual.failures) {
    if (expect.allowed === false && deniesByFailure(failure)) continue;
    differences.push(`${failure.policyKind} ${failure.policy} could not be evaluated (failurePolicy ${failure.failurePolicy}): ${failure.message}`);
  }
  if (expect.violations) differences.push(...exactly('violation', expect.violations, actual.violations));
  if (expect.warnings) differences.push(...exactly('warning', expect.warnings, actual.violations.filter((v) => v.actions.includes('warn'))));
  for (const { matcher, violations } of expect.counts ?? []) {
    const matching = actual.violations.filter((v) => matches(matcher, v));
    const ok = violations === 'yes' ? matching.length > 0 : violations === 'no' ? matching.length === 0 : matching.length === violations;
    if (ok) continue;
    const wanted = violations === 'yes' ? 'one or more violations' : violations === 'no' ? 'no violation' : `${violations} violation${violations === 1 ? '' : 's'}`;
    differences.push(`expected ${wanted}${describeMatcher(matcher)}, got ${matching.length}${listed(actual.violations)}`);
  }
  return differences;
}

/** Each expectation takes one violation it matches; what is left on either side is a difference. */
function exactly(noun: string, expected: readonly ViolationMatcher[], actual: readonly PolicyViolation[]): string[] {
  const left = [...actual];
  const differences: string[] = [];
  for (const matcher of expected) {
    const index = left.findIndex((v) => matches(matcher, v));
    if (index >= 0) left.splice(index, 1);
    else differences.push(`expected a ${noun}${describeMatcher(matcher)}, got none${listed(actual)}`);
  }
  for (const violation of left) differences.push(`unexpected ${noun}: ${describeViolation(violation)}`);
  return differences;
}

/** `failurePolicy: Fail` denies, unless the language routes the failure through warn or audit actions. */
function deniesByFailure(failure: PolicyFailure): boolean {
  return failure.failurePolicy === 'Fail' && (failure.actions ?? ['deny']).includes('deny');
}

function matches(matcher: ViolationMatcher, violation: PolicyViolation): boolean {
  if (matcher.policy !== undefined && matcher.policy !== violation.policy) return false;
  if (matcher.message === undefined) return true;
  return matcher.messageIs === 'pattern' ? new RegExp(matcher.message, 'u').test(violation.message) : violation.message.includes(matcher.message);
}

function describeMatcher(matcher: ViolationMatcher): string {
  const policy = matcher.policy !== undefined ? ` of ${matcher.policy}` : '';
  const message = matcher.message === undefined ? '' : matcher.messageIs === 'pattern' ? ` matching /${matcher.message}/` : ` with a message containing "${matcher.message}"`;
  return `${policy}${message}`;
}

function describeViolation(violation: PolicyViolation): string {
  return `${violation.policy} (${violation.actions.join(', ')}): ${violation.message}`;
}

function listed(violations: readonly PolicyViolation[]): string {
  return violations.length === 0 ? '' : ` (violations: ${violations.map(describeViolation).join('; ')})`;
}
