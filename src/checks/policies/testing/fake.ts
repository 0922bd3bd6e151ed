import { asRecord } from '../../../parsers/kubernetes/values.js';
import type { PolicyCompiler } from '../index.js';
import type { PolicyAction, PolicyDocument, PolicyLoadError, PolicyResult, PolicySet } from '../types.js';

/**
 * A stand-in engine for tests of the wiring (loading, findings, suppressions, admission), independent of CEL and
 * Rego: `kind: FakePolicy` (`test.rampart.io/v1`) requires `spec.label` on every object it matches (`spec.kinds`).
 * `spec.unique: true` instead denies an object whose name another inventory object of its kind has; `spec.fail`
 * makes evaluation fail with that failurePolicy; `spec.crash: true` makes the engine itself throw.
 */
export const FAKE_API_VERSION = 'test.rampart.io/v1';

interface FakePolicy {
  name: string;
  label?: string;
  kinds?: string[];
  actions: PolicyAction[];
  unique: boolean;
  fail?: 'Fail' | 'Ignore';
  crash: boolean;
  location: { file: string; startLine: number; startColumn: number; endLine: number; endColumn: number };
}

export const fakeCompiler: PolicyCompiler = {
  accepts: (object) => object.apiVersion === FAKE_API_VERSION,
  compile(documents) {
    const errors: PolicyLoadError[] = [];
    const policies: FakePolicy[] = [];
    for (const document of documents) {
      if (document.object.apiVersion !== FAKE_API_VERSION) continue;
      const policy = readFake(document);
      if (typeof policy === 'string') errors.push({ file: document.file, line: document.line, message: policy });
      else policies.push(policy);
    }
    return { set: fakeSet(policies), errors };
  },
};

function readFake({ object, file, line }: PolicyDocument): FakePolicy | string {
  const name = asRecord(object.metadata)?.name;
  const spec = asRecord(object.spec);
  if (typeof name !== 'string' || !spec) return 'FakePolicy needs metadata.name and spec';
  if (spec.label !== undefined && typeof spec.label !== 'string') return 'spec.label must be a string';
  const actions = Array.isArray(spec.actions) ? (spec.actions as PolicyAction[]) : ['deny' as const];
  return {
    name,
    ...(typeof spec.label === 'string' ? { label: spec.label } : {}),
    ...(Array.isArray(spec.kinds) ? { kinds: spec.kinds as string[] } : {}),
    actions,
    unique: spec.unique === true,
    crash: spec.crash === true,
    ...(spec.fail === 'Fail' || spec.fail === 'Ignore' ? { fail: spec.fail } : {}),
    location: { file, startLine: line, startColumn: 1, endLine: line, endColumn: 1 },
  };
}

function fakeSet(policies: FakePolicy[]): PolicySet {
  return {
    policies: policies.map((p) => ({ name: p.name, kind: 'FakePolicy', location: p.location })),
    evaluate(request, inventory): PolicyResult {
      const result: PolicyResult = { violations: [], failures: [], auditAnnotations: {} };
      const object = request.object;
      if (!object) return result;
      for (const policy of policies) {
        if (policy.kinds && !policy.kinds.includes(String(object.kind))) continue;
        if (policy.crash) throw new Error('engine bug');
        const common = { policy: policy.name, policyKind: 'FakePolicy', policyLocation: policy.location };
        if (policy.fail) {
          result.failures.push({ ...common, message: 'no such key: boom', failurePolicy: policy.fail });
          continue;
        }
        const metadata = asRecord(object.metadata);
        if (policy.unique) {
          const twins = (inventory?.objects ?? []).filter((o) => o !== object && o.kind === object.kind && asRecord(o.metadata)?.name === metadata?.name);
          if (twins.length > 0) result.violations.push({ ...common, message: `another ${String(object.kind)} is named ${String(metadata?.name)}`, actions: policy.actions });
          continue;
        }
        if (policy.label && asRecord(metadata?.labels)?.[policy.label] === undefined) {
          result.violations.push({ ...common, message: `label ${policy.label} is required`, actions: policy.actions, path: ['metadata', 'labels'] });
        }
      }
      return result;
    },
  };
}
