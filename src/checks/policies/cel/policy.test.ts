import { describe, expect, it } from 'vitest';
import type { PolicyDocument, PolicyRequest } from '../types.js';
import { compileCelPolicies, resourceForKind } from './index.js';

const V1 = 'admissionregistration.k8s.io/v1';

function vap(name: string, spec: Record<string, unknown>, line = 1): PolicyDocument {
  return {
    object: {
      apiVersion: V1, kind: 'ValidatingAdmissionPolicy', metadata: { name },
      spec: {
        matchConstraints: { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'] }] },
        ...spec,
      },
    },
    file: 'policies.yaml',
    line,
  };
}

function binding(policyName: string, spec: Record<string, unknown> = {}, name = `${policyName}-binding`): PolicyDocument {
  return { object: { apiVersion: V1, kind: 'ValidatingAdmissionPolicyBinding', metadata: { name }, spec: { policyName, validationActions: ['Deny'], ...spec } }, file: 'policies.yaml', line: 40 };
}

function deployment(replicas: number, extra: { labels?: Record<string, string>; namespace?: string; name?: string } = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: extra.name ?? 'web', namespace: extra.namespace ?? 'shop', labels: extra.labels ?? { app: 'web' } },
    spec: { replicas, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } } },
  };
}

const create = (object: Record<string, unknown>, more: Partial<PolicyRequest> = {}): PolicyRequest => ({ object, operation: 'CREATE', ...more });

const replicasPolicy = (extra: Record<string, unknown> = {}) => vap('max-replicas', {
  validations: [{ expression: 'object.spec.replicas <= 5', ...extra }],
});

describe('compileCelPolicies: validations', () => {
  it('denies what a validation rejects and stays quiet otherwise, with the default message and reason', () => {
    const { set, errors } = compileCelPolicies([replicasPolicy(), binding('max-replicas')]);
    expect(errors).toEqual([]);
    expect(set.policies).toEqual([{ name: 'max-replicas', kind: 'ValidatingAdmissionPolicy', location: { file: 'policies.yaml', startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } }]);
    const denied = set.evaluate(create(deployment(10)));
    expect(denied.violations).toEqual([expect.objectContaining({
      policy: 'max-replicas', policyKind: 'ValidatingAdmissionPolicy', message: 'failed expression: object.spec.replicas <= 5', actions: ['deny'], reason: 'Invalid',
    })]);
    expect(set.evaluate(create(deployment(3)))).toEqual({ violations: [], failures: [], auditAnnotations: {} });
  });

  it('uses message, messageExpression, reason and fieldPath', () => {
    const { set } = compileCelPolicies([replicasPolicy({
      message: 'too many', messageExpression: "'replicas ' + string(object.spec.replicas) + ' > 5'", reason: 'Forbidden', fieldPath: 'spec.replicas',
    }), binding('max-replicas')]);
    expect(set.evaluate(create(deployment(9))).violations[0]).toMatchObject({ message: 'replicas 9 > 5', reason: 'Forbidden', path: ['spec', 'replicas'] });
  });

  it('falls back to message when messageExpression fails or gives an empty string', () => {
    for (const messageExpression of ['object.spec.nope', "''", '1']) {
      const { set } = compileCelPolicies([replicasPolicy({ message: 'too many', messageExpression }), binding('max-replicas')]);
      expect(set.evaluate(create(deployment(9))).violations[0]?.message).toBe('too many');
    }
  });

  it('maps validationActions to actions', () => {
    const { set } = compileCelPolicies([replicasPolicy(), binding('max-replicas', { validationActions: ['Warn', 'Audit'] })]);
    expect(set.evaluate(create(deployment(9))).violations[0]?.actions).toEqual(['warn', 'audit']);
  });

  it('records audit annotations keyed by policy, skipping null values', () => {
    const { set } = compileCelPolicies([vap('annotate', {
      auditAnnotations: [
        { key: 'replicas', valueExpression: "'replicas: ' + string(object.spec.replicas)" },
        { key: 'never', valueExpression: 'null' },
      ],
    }), binding('annotate')]);
    const result = set.evaluate(create(deployment(2)));
    expect(result.auditAnnotations).toEqual({ 'annotate/replicas': 'replicas: 2' });
    expect(result.violations).toEqual([]);
  });

  it('turns evaluation errors into failures with the failurePolicy and the binding actions', () => {
    const failing = (failurePolicy?: string) => vap('broken', { validations: [{ expression: 'object.spec.missing > 1' }], ...(failurePolicy ? { failurePolicy } : {}) });
    const fail = compileCelPolicies([failing(), binding('broken', { validationActions: ['Warn'] })]).set.evaluate(create(deployment(1)));
    expect(fail.failures).toEqual([expect.objectContaining({ policy: 'broken', failurePolicy: 'Fail', actions: ['warn'], message: expect.stringMatching(/^expression 'object.spec.missing > 1' resulted in error: .*missing/) })]);
    const ignore = compileCelPolicies([failing('Ignore'), binding('broken')]).set.evaluate(create(deployment(1)));
    expect(ignore.failures[0]?.failurePolicy).toBe('Ignore');
  });

  it('stops a runaway expression at the cost limit with a failure', () => {
    const { set } = compileCelPolicies([vap('runaway', {
      validations: [{ expression: 'object.spec.template.spec.containers.all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, true)))' }],
    }), binding('runaway')], { costLimit: 500 });
    expect(set.evaluate(create(deployment(1))).failures[0]?.message).toMatch(/actual cost limit exceeded/);
  });

  it('answers no authorizer check offline: a failure, decided by failurePolicy', () => {
    const { set } = compileCelPolicies([vap('authz', {
      validations: [{ expression: "authorizer.group('apps').resource('deployments').check('create').allowed()" }],
    }), binding('authz')]);
    expect(set.evaluate(create(deployment(1))).failures[0]?.message).toMatch(/cannot be answered offline/);
  });
});

describe('compileCelPolicies: matching', () => {
  const load = (policyMatch: Record<string, unknown> | undefined, bindingSpec: Record<string, unknown> = {}) =>
    compileCelPolicies([
      vap('always', { ...(policyMatch ? { matchConstraints: policyMatch } : {}), validations: [{ expression: 'false', message: 'denied' }] }),
      binding('always', bindingSpec),
    ]).set;
  const denied = (set: ReturnType<typeof load>, request: PolicyRequest) => set.evaluate(request).violations.length > 0;
  const rule = (extra: Record<string, unknown> = {}) => ({ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'], ...extra });

  it('matches resource rules on group, version, resource and operation', () => {
    const set = load({ resourceRules: [rule()] });
    expect(denied(set, create(deployment(1)))).toBe(true);
    expect(denied(set, { object: deployment(1), oldObject: deployment(1), operation: 'UPDATE' })).toBe(false);
    expect(denied(set, create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' } }))).toBe(false);
    expect(denied(set, create({ ...deployment(1), apiVersion: 'apps/v1beta2' }))).toBe(false);
  });

  it('honours wildcards, resourceNames, scope and excludeResourceRules', () => {
    const all = { apiGroups: ['*'], apiVersions: ['*'], operations: ['*'], resources: ['*'] };
    expect(denied(load({ resourceRules: [all] }), create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'a' } }))).toBe(true);
    expect(denied(load({ resourceRules: [{ ...all, resources: ['pods/*'] }] }), create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'a' } }))).toBe(false);
    const named = load({ resourceRules: [rule({ resourceNames: ['api'] })] });
    expect(denied(named, create(deployment(1, { name: 'api' })))).toBe(true);
    expect(denied(named, create(deployment(1, { name: 'web' })))).toBe(false);
    const cluster = load({ resourceRules: [{ ...all, scope: 'Cluster' }] });
    expect(denied(cluster, create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } }))).toBe(true);
    expect(denied(cluster, create(deployment(1)))).toBe(false);
    const excluded = load({ resourceRules: [all], excludeResourceRules: [{ ...all, apiGroups: [''], resources: ['configmaps'] }] });
    expect(denied(excluded, create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'a' } }))).toBe(false);
    expect(denied(excluded, create(deployment(1)))).toBe(true);
  });

  it('never applies to admission configuration objects', () => {
    const set = load({ resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['*'], resources: ['*'] }] });
    expect(denied(set, create({ apiVersion: V1, kind: 'ValidatingAdmissionPolicy', metadata: { name: 'x' }, spec: {} }))).toBe(false);
  });

  it('matches namespace and object selectors, the binding narrowing the policy', () => {
    const set = load({ resourceRules: [rule()], namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] } },
      { matchResources: { objectSelector: { matchLabels: { app: 'web' } } } });
    const prod = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { env: 'prod' } } };
    expect(denied(set, create(deployment(1), { namespaceObject: prod }))).toBe(true);
    expect(denied(set, create(deployment(1, { labels: { app: 'db' } }), { namespaceObject: prod }))).toBe(false);
    expect(denied(set, create(deployment(1), { namespaceObject: { ...prod, metadata: { name: 'shop', labels: { env: 'dev' } } } }))).toBe(false);
    // without the Namespace object only its name label is known
    const byName = load({ resourceRules: [rule()], namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } });
    expect(denied(byName, create(deployment(1)))).toBe(true);
    expect(denied(byName, create(deployment(1, { namespace: 'other' })))).toBe(false);
  });

  it('skips the policy when a matchCondition is false, and fails by failurePolicy when one errs', () => {
    const conditions = (expression: string, failurePolicy = 'Fail') => compileCelPolicies([
      vap('conditional', { failurePolicy, matchConditions: [{ name: 'only-web', expression }], validations: [{ expression: 'false', message: 'denied' }] }),
      binding('conditional'),
    ]).set;
    expect(denied(conditions("object.metadata.name == 'web'"), create(deployment(1)))).toBe(true);
    expect(denied(conditions("object.metadata.name == 'api'"), create(deployment(1)))).toBe(false);
    const erring = conditions('object.metadata.nope == 1').evaluate(create(deployment(1)));
    expect(erring.violations).toEqual([]);
    expect(erring.failures[0]).toMatchObject({ failurePolicy: 'Fail', message: expect.stringMatching(/^matchCondition 'only-web' resulted in error/) });
  });

  it('evaluates DELETE against oldObject with object null', () => {
    const set = compileCelPolicies([
      vap('no-delete', {
        matchConstraints: { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['DELETE'], resources: ['deployments'] }] },
        validations: [{ expression: "object == null && oldObject.metadata.name != 'web'", message: 'web stays' }],
      }),
      binding('no-delete'),
    ]).set;
    expect(set.evaluate({ object: null, oldObject: deployment(1), operation: 'DELETE' }).violations[0]?.message).toBe('web stays');
    expect(set.evaluate({ object: null, oldObject: deployment(1, { name: 'api' }), operation: 'DELETE' }).violations).toEqual([]);
  });

  it('gives request, namespaceObject and variables as the apiserver does', () => {
    const set = compileCelPolicies([vap('context', {
      variables: [
        { name: 'unused', expression: 'object.spec.nope' },
        { name: 'image', expression: 'object.spec.template.spec.containers[0].image' },
        { name: 'tagged', expression: "variables.image.contains(':')" },
      ],
      validations: [
        { expression: "request.kind.kind == 'Deployment' && request.resource.resource == 'deployments' && request.operation == 'CREATE'", message: 'request' },
        { expression: "request.namespace == 'shop' && namespaceObject.metadata.name == 'shop' && request.userInfo.username == 'alice'", message: 'namespace' },
        { expression: '!variables.tagged', messageExpression: "'image ' + variables.image + ' is tagged'" },
      ],
    }), binding('context')]).set;
    const result = set.evaluate(create(deployment(1), { userInfo: { username: 'alice' } }));
    expect(result.failures).toEqual([]);
    expect(result.violations.map((v) => v.message)).toEqual(['image nginx:1.25 is tagged']);
  });
});

describe('compileCelPolicies: params', () => {
  const paramsPolicy = vap('max-from-params', {
    paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
    validations: [{ expression: 'object.spec.replicas <= int(params.data.max)', messageExpression: "'at most ' + params.data.max" }],
  });
  const configMap = (name: string, max: string, namespace = 'shop', labels: Record<string, string> = {}) =>
    ({ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels }, data: { max } }, file: 'params.yaml', line: 1 });

  it('reads params by name from the request namespace, from the documents or the inventory', () => {
    const { set } = compileCelPolicies([paramsPolicy, binding('max-from-params', { paramRef: { name: 'limits', parameterNotFoundAction: 'Deny' } }), configMap('limits', '3')]);
    expect(set.evaluate(create(deployment(5))).violations[0]?.message).toBe('at most 3');
    expect(set.evaluate(create(deployment(2))).violations).toEqual([]);
    const other = set.evaluate(create(deployment(5, { namespace: 'other' })), { objects: [configMap('limits', '10', 'other').object] });
    expect(other.violations).toEqual([]);
    expect(other.failures).toEqual([]);
  });

  it('evaluates once per param a selector finds', () => {
    const { set } = compileCelPolicies([paramsPolicy, binding('max-from-params', { paramRef: { selector: { matchLabels: { limits: 'true' } }, parameterNotFoundAction: 'Allow' } }),
      configMap('a', '3', 'shop', { limits: 'true' }), configMap('b', '4', 'shop', { limits: 'true' }), configMap('c', '1', 'shop')]);
    expect(set.evaluate(create(deployment(5))).violations.map((v) => v.message)).toEqual(['at most 3', 'at most 4']);
  });

  it('applies parameterNotFoundAction when no params are found', () => {
    const deny = compileCelPolicies([paramsPolicy, binding('max-from-params', { paramRef: { name: 'absent', parameterNotFoundAction: 'Deny' } })]).set;
    expect(deny.evaluate(create(deployment(1))).failures[0]).toMatchObject({ actions: ['deny'], message: expect.stringContaining('no params found') });
    const allow = compileCelPolicies([paramsPolicy, binding('max-from-params', { paramRef: { name: 'absent', parameterNotFoundAction: 'Allow' } })]).set;
    expect(allow.evaluate(create(deployment(1)))).toEqual({ violations: [], failures: [], auditAnnotations: {} });
  });

  it('reports a binding without paramRef for a policy with paramKind as a failure', () => {
    const { set } = compileCelPolicies([paramsPolicy, binding('max-from-params')]);
    expect(set.evaluate(create(deployment(1))).failures[0]?.message).toMatch(/no paramRef/);
  });
});

describe('compileCelPolicies: malformed policies', () => {
  it('reports file:line and CEL\'s message for an expression that does not compile, and loads the rest', () => {
    const { set, errors } = compileCelPolicies([
      vap('bad-syntax', { validations: [{ expression: 'object.spec.replicas <=' }] }, 3),
      vap('bad-reference', { validations: [{ expression: 'objekt.spec.replicas < 3' }] }, 12),
      vap('bad-function', { validations: [{ expression: 'object.spec.replicas.frobnicate()' }] }, 20),
      vap('params-without-kind', { validations: [{ expression: 'params.x == 1' }] }, 25),
      replicasPolicy(),
      binding('max-replicas'),
    ]);
    expect(errors).toEqual([
      { file: 'policies.yaml', line: 3, message: expect.stringMatching(/^ValidatingAdmissionPolicy "bad-syntax": spec.validations\[0\].expression: Invalid value: compilation failed: line 1 column \d+ of the expression: /) },
      { file: 'policies.yaml', line: 12, message: expect.stringContaining("undeclared reference to 'objekt'") },
      { file: 'policies.yaml', line: 20, message: expect.stringContaining("undeclared reference to 'frobnicate'") },
      { file: 'policies.yaml', line: 25, message: expect.stringContaining("undeclared reference to 'params'") },
    ]);
    expect(set.policies.map((p) => p.name)).toEqual(['max-replicas']);
    expect(set.evaluate(create(deployment(9))).violations).toHaveLength(1);
  });

  it('points at the failing field when the document can locate it', () => {
    const document = { ...vap('located', { validations: [{ expression: 'true' }, { expression: 'object.(' }] }, 3), locate: (path: ReadonlyArray<string | number>) => (
      path.join('/') === 'spec/validations/1/expression' ? { file: 'policies.yaml', startLine: 9, startColumn: 19, endLine: 9, endColumn: 27 } : undefined) };
    expect(compileCelPolicies([document]).errors).toEqual([{ file: 'policies.yaml', line: 9, message: expect.stringContaining('spec.validations[1].expression') }]);
  });

  it('points at the line of a multi-line expression the error is on, with the column inside the expression', async () => {
    const { readPolicyDocuments } = await import('../load.js');
    const { makeTree } = await import('../../../testing/tree.js');
    const tree = await makeTree({
      'policy.yaml': [
        'apiVersion: admissionregistration.k8s.io/v1',
        'kind: ValidatingAdmissionPolicy',
        'metadata: {name: multi-line}',
        'spec:',
        '  matchConstraints: {resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}]}',
        '  validations:',
        '    - expression: "object.metadata.name != \'\'"',
        '    - expression: |',
        '        object.metadata.name.size() < 10 &&',
        '          objekt.spec != null',
        '',
      ].join('\n'),
    });
    try {
      const { documents } = await readPolicyDocuments(['policy.yaml'], { cwd: tree.root });
      expect(compileCelPolicies(documents).errors).toEqual([{
        file: 'policy.yaml', line: 10,
        message: "ValidatingAdmissionPolicy \"multi-line\": spec.validations[1].expression: Invalid value: compilation failed: line 2 column 3 of the expression: undeclared reference to 'objekt'",
      }]);
    } finally {
      await tree.cleanup();
    }
  });

  it('rejects invalid shapes the apiserver would reject', () => {
    const { errors } = compileCelPolicies([
      { object: { apiVersion: V1, kind: 'ValidatingAdmissionPolicy', metadata: { name: 'empty' }, spec: {} }, file: 'p.yaml', line: 1 },
      vap('bad-failure-policy', { failurePolicy: 'Sometimes', validations: [{ expression: 'true' }] }),
      vap('bad-selector', { matchConstraints: { resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['*'], resources: ['*'] }], namespaceSelector: { matchExpressions: [{ key: 'a', operator: 'Near' }] } }, validations: [{ expression: 'true' }] }),
      binding('x', { validationActions: ['Deny', 'Warn'] }),
      binding('y', { validationActions: [] }),
      binding('z', { paramRef: { name: 'a', selector: {}, parameterNotFoundAction: 'Deny' } }),
      vap('dup', { validations: [{ expression: 'true' }] }),
      vap('dup', { validations: [{ expression: 'true' }] }),
    ]);
    const text = errors.map((e) => e.message).join('\n');
    expect(text).toMatch(/"empty": spec.matchConstraints.resourceRules: Required value/);
    expect(text).toMatch(/"empty": spec: Required value: at least one of validations/);
    expect(text).toMatch(/"bad-failure-policy": spec.failurePolicy: Unsupported value/);
    expect(text).toMatch(/"bad-selector": .*unknown selector operator "Near"/);
    expect(text).toMatch(/"x-binding": .*Deny and Warn may not be used together/);
    expect(text).toMatch(/"y-binding": spec.validationActions: Required value/);
    expect(text).toMatch(/"z-binding": spec.paramRef: Invalid value: exactly one of name or selector/);
    expect(text).toMatch(/"dup": metadata.name: Duplicate value/);
  });

  it('ignores other kinds and other API groups', () => {
    const { set, errors } = compileCelPolicies([
      { object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }, file: 'a.yaml', line: 1 },
      { object: { apiVersion: 'example.com/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: 'x' } }, file: 'a.yaml', line: 5 },
    ]);
    expect(errors).toEqual([]);
    expect(set.policies).toEqual([]);
  });
});

describe('resourceForKind', () => {
  it.each([
    ['Deployment', 'deployments'], ['Ingress', 'ingresses'], ['NetworkPolicy', 'networkpolicies'], ['Endpoints', 'endpoints'],
    ['StorageClass', 'storageclasses'], ['Pod', 'pods'], ['CronTab', 'crontabs'],
  ])('%s -> %s', (kind, resource) => {
    expect(resourceForKind(kind)).toBe(resource);
  });
});

describe('compileCelPolicies: hostile input', () => {
  it('survives garbage shapes in policies without throwing', () => {
    const garbage: unknown[] = [null, 'x', 42, [], { validations: 'no' }, { validations: [null, 3, { expression: 7 }] }, { matchConstraints: 'x', validations: [{ expression: 'true' }] }];
    const documents = garbage.map((spec, i) => ({ object: { apiVersion: V1, kind: 'ValidatingAdmissionPolicy', metadata: { name: `g${i}` }, spec }, file: 'g.yaml', line: i + 1 }) as PolicyDocument);
    const bindings = garbage.map((spec, i) => ({ object: { apiVersion: V1, kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: `b${i}` }, spec }, file: 'g.yaml', line: 100 + i }) as PolicyDocument);
    const { set, errors } = compileCelPolicies([...documents, ...bindings]);
    expect(set.policies).toEqual([]);
    expect(new Set(errors.map((e) => e.line)).size).toBe(garbage.length * 2);
  });

  it('fails the policies, rather than throwing, on an object nested beyond the stack', () => {
    const { set } = compileCelPolicies([replicasPolicy(), binding('max-replicas')]);
    let deep: Record<string, unknown> = {};
    const object = { ...deployment(1), spec: { replicas: 1, deep } };
    for (let i = 0; i < 100_000; i++) {
      const next = {};
      deep.x = next;
      deep = next;
    }
    expect(set.evaluate(create(object)).failures[0]?.message).toMatch(/nested too deeply/);
  });

  it('reads v1beta1 policies and bindings', () => {
    const beta = (document: PolicyDocument) => ({ ...document, object: { ...document.object, apiVersion: 'admissionregistration.k8s.io/v1beta1' } });
    const { set } = compileCelPolicies([beta(replicasPolicy()), beta(binding('max-replicas'))]);
    expect(set.evaluate(create(deployment(9))).violations).toHaveLength(1);
  });
});
