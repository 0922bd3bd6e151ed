import { describe, expect, it } from 'vitest';
import { compileCelPolicies } from './index.js';
import { mergeApplyConfiguration } from './apply-configuration.js';
import type { PolicyDocument, PolicyRequest } from '../types.js';

const GROUP = 'admissionregistration.k8s.io/v1';

function map(name: string, mutations: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: GROUP, kind: 'MutatingAdmissionPolicy', metadata: { name },
    spec: {
      matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }] },
      reinvocationPolicy: 'Never', failurePolicy: 'Fail', mutations, ...extra,
    },
  };
}
const binding = (name: string, spec: Record<string, unknown> = {}) => ({ apiVersion: GROUP, kind: 'MutatingAdmissionPolicyBinding', metadata: { name }, spec: { policyName: name, ...spec } });
const apply = (expression: string) => ({ patchType: 'ApplyConfiguration', applyConfiguration: { expression } });
const jsonPatch = (expression: string) => ({ patchType: 'JSONPatch', jsonPatch: { expression } });
const docs = (...objects: Array<Record<string, unknown>>): PolicyDocument[] => objects.map((object, i) => ({ object, file: 'policies.yaml', line: i * 10 + 1 }));

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } };
const request = (object: Record<string, unknown> = pod): PolicyRequest => ({ object, operation: 'CREATE', namespace: 'shop' });

describe('MutatingAdmissionPolicy', () => {
  it('applies an apply configuration and a JSON patch in order, each seeing what the previous one made', () => {
    const { set, errors } = compileCelPolicies(docs(
      map('label', [
        apply("Object{metadata: Object.metadata{labels: {'team': 'web'}}}"),
        jsonPatch("[JSONPatch{op: 'add', path: '/metadata/annotations', value: {'team-was': object.metadata.labels['team']}}]"),
      ]),
      binding('label'),
    ));
    expect(errors).toEqual([]);
    const result = set.mutate!(request());
    expect(result.failures).toEqual([]);
    expect(result.object).toEqual({ ...pod, metadata: { ...pod.metadata, labels: { app: 'web', team: 'web' }, annotations: { 'team-was': 'web' } } });
    expect(result.mutations).toEqual([expect.objectContaining({
      policy: 'label', policyKind: 'MutatingAdmissionPolicy',
      changes: [{ op: 'add', path: ['metadata', 'labels', 'team'], value: 'web' }, { op: 'add', path: ['metadata', 'annotations'], value: { 'team-was': 'web' } }],
    })]);
    // Validation is not a mutating policy's business.
    expect(set.evaluate(request())).toEqual({ violations: [], failures: [], auditAnnotations: {} });
  });

  it('leaves objects alone that the constraints, the binding or a matchCondition exclude', () => {
    const { set } = compileCelPolicies(docs(
      map('only-labelled', [apply("Object{metadata: Object.metadata{labels: {'seen': 'yes'}}}")], {
        matchConditions: [{ name: 'labelled', expression: "'app' in object.metadata.labels" }],
      }),
      binding('only-labelled', { matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } } }),
    ));
    expect(set.mutate!(request()).mutations).toHaveLength(1);
    expect(set.mutate!(request({ ...pod, metadata: { name: 'x', namespace: 'shop' } })).mutations).toEqual([]);
    expect(set.mutate!({ ...request(), namespace: 'other', object: { ...pod, metadata: { ...pod.metadata, namespace: 'other' } } }).mutations).toEqual([]);
    expect(set.mutate!(request({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop', labels: { app: 'x' } } })).mutations).toEqual([]);
  });

  it('reads params and variables', () => {
    const { set } = compileCelPolicies(docs(
      map('from-params', [apply('Object{metadata: Object.metadata{labels: {variables.key: params.data.value}}}')], {
        paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
        variables: [{ name: 'key', expression: "params.data.key + '-label'" }],
      }),
      binding('from-params', { paramRef: { name: 'settings', namespace: 'shop', parameterNotFoundAction: 'Deny' } }),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, data: { key: 'tier', value: 'gold' } },
    ));
    expect(set.mutate!(request()).object).toMatchObject({ metadata: { labels: { app: 'web', 'tier-label': 'gold' } } });
  });

  it('reports a failing mutation under its failurePolicy and changes nothing then', () => {
    const { set } = compileCelPolicies(docs(
      map('broken', [jsonPatch("[JSONPatch{op: 'add', path: '/metadata/labels/a', value: 'b'}, JSONPatch{op: 'remove', path: '/spec/missing'}]")]),
      binding('broken'),
      map('ignored', [apply('Object{spec: Object.spec{tolerations: []}}')], { failurePolicy: 'Ignore' }),
      binding('ignored'),
    ));
    const result = set.mutate!(request());
    expect(result.object).toEqual(pod);
    expect(result.failures).toEqual([
      expect.objectContaining({ policy: 'broken', failurePolicy: 'Fail', message: '/spec/missing: path not found' }),
      expect.objectContaining({ policy: 'ignored', failurePolicy: 'Ignore', message: 'invalid ApplyConfiguration: may not mutate atomic arrays, maps or structs: .spec.tolerations' }),
    ]);
  });

  it('skips a JSON patch whose test does not hold, as the apiserver does', () => {
    const { set } = compileCelPolicies(docs(
      map('guarded', [jsonPatch("[JSONPatch{op: 'test', path: '/metadata/labels/app', value: 'api'}, JSONPatch{op: 'add', path: '/metadata/labels/api', value: 'yes'}]")]),
      binding('guarded'),
    ));
    const result = set.mutate!(request());
    expect(result).toEqual({ object: pod, mutations: [], failures: [] });
  });

  it('reinvokes an IfNeeded policy once when a later policy changed the object, and only those on request', () => {
    const { set } = compileCelPolicies(docs(
      map('count-labels', [apply("Object{metadata: Object.metadata{annotations: {'labels': string(size(object.metadata.labels))}}}")], { reinvocationPolicy: 'IfNeeded' }),
      binding('count-labels'),
      map('add-label', [apply("Object{metadata: Object.metadata{labels: {'added': 'yes'}}}")]),
      binding('add-label'),
    ));
    const result = set.mutate!(request());
    expect(result.mutations.map((m) => m.policy)).toEqual(['count-labels', 'add-label', 'count-labels']);
    expect(result.object).toMatchObject({ metadata: { labels: { app: 'web', added: 'yes' }, annotations: { labels: '2' } } });
    const later = set.mutate!(request({ ...pod, metadata: { ...pod.metadata, labels: { a: '1', b: '2', c: '3' } } }), undefined, { reinvocation: true });
    expect(later.mutations.map((m) => m.policy)).toEqual(['count-labels']);
  });

  it('gives file:line errors for what the apiserver would refuse', () => {
    const { errors, set } = compileCelPolicies(docs(
      { ...map('no-reinvocation', [apply('Object{}')]), spec: { ...(map('x', [apply('Object{}')]).spec as Record<string, unknown>), reinvocationPolicy: undefined } },
      map('bad-type', [{ patchType: 'StrategicMerge' }]),
      map('bad-expression', [jsonPatch('[JSONPatch{op: ')]),
      map('no-mutations', []),
      { apiVersion: GROUP, kind: 'MutatingAdmissionPolicyBinding', metadata: { name: 'b' }, spec: {} },
      map('fine', [apply('Object{}')]),
    ));
    expect(errors.map((e) => `${e.line}: ${e.message}`)).toEqual([
      '1: MutatingAdmissionPolicy "no-reinvocation": spec.reinvocationPolicy: Required value',
      '11: MutatingAdmissionPolicy "bad-type": spec.mutations[0].patchType: Unsupported value: "StrategicMerge": supported values: "ApplyConfiguration", "JSONPatch"',
      expect.stringMatching(/^21: MutatingAdmissionPolicy "bad-expression": spec\.mutations\[0\]\.jsonPatch\.expression: Invalid value: compilation failed: /),
      '31: MutatingAdmissionPolicy "no-mutations": spec.mutations: Required value: mutations must contain at least one item',
      '41: MutatingAdmissionPolicyBinding "b": spec.policyName: Required value',
    ]);
    expect(set.policies).toEqual([expect.objectContaining({ name: 'fine', kind: 'MutatingAdmissionPolicy' })]);
  });

  it('reads the v1beta1 and v1alpha1 shapes', () => {
    for (const version of ['v1beta1', 'v1alpha1']) {
      const { set, errors } = compileCelPolicies(docs(
        { ...map('old', [apply("Object{metadata: Object.metadata{labels: {'v': 'x'}}}")]), apiVersion: `admissionregistration.k8s.io/${version}` },
        { ...binding('old'), apiVersion: `admissionregistration.k8s.io/${version}` },
      ));
      expect(errors).toEqual([]);
      expect(set.mutate!(request()).mutations).toHaveLength(1);
    }
  });
});

describe('mergeApplyConfiguration', () => {
  const object = {
    metadata: { labels: { a: '1' }, finalizers: ['x'] },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      containers: [
        { name: 'app', image: 'a', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80, protocol: 'TCP' }] },
        { name: 'side', image: 's' },
      ],
    },
  };

  it('merges maps by field and map lists by their keys, keeping what the configuration does not name', () => {
    const merged = mergeApplyConfiguration(object, {
      metadata: { labels: { b: '2' }, finalizers: ['x', 'y'] },
      spec: { containers: [{ name: 'app', env: [{ name: 'B', value: '2' }, { name: 'A', value: 'one' }], ports: [{ containerPort: 80, name: 'http' }] }, { name: 'new', image: 'n' }] },
    });
    expect(merged).toEqual({
      metadata: { labels: { a: '1', b: '2' }, finalizers: ['x', 'y'] },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        containers: [
          { name: 'app', image: 'a', env: [{ name: 'A', value: 'one' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }] },
          { name: 'side', image: 's' },
          { name: 'new', image: 'n' },
        ],
      },
    });
    expect(object.metadata.labels).toEqual({ a: '1' });
  });

  it('removes a field set to null and ignores an empty list for a field the object lacks', () => {
    expect(mergeApplyConfiguration(object, { metadata: { labels: { a: null } }, spec: { volumes: [] } })).toEqual({ ...object, metadata: { ...object.metadata, labels: {} } });
  });

  it('refuses atomic lists and maps, as the apiserver does', () => {
    expect(() => mergeApplyConfiguration(object, { spec: { selector: { matchLabels: { app: 'x' } } } })).toThrow('may not mutate atomic arrays, maps or structs: .spec.selector');
    expect(() => mergeApplyConfiguration(object, { spec: { containers: [{ name: 'app', args: ['x'] }] } })).toThrow('.spec.containers.args');
  });
});
