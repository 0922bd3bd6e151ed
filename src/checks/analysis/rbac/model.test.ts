import { describe, expect, it } from 'vitest';
import { describeRule, isClusterAdminEquivalent } from './model.js';
import { binding, docs, modelOf, role } from './testing.js';

const labelled = (name: string, labels: string, rules: string[]) => role('ClusterRole', name, rules, `\n  labels: {${labels}}`);

describe('buildRbacModel', () => {
  it('replaces an aggregated ClusterRole\'s own rules with the union of the selected roles\' rules', () => {
    const model = modelOf(docs(
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: agg\naggregationRule:\n  clusterRoleSelectors:\n    - matchLabels: {agg: "yes"}\n    - matchExpressions: [{key: extra, operator: Exists}]\nrules:\n  - {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}\n`,
      labelled('a', 'agg: "yes"', ['{apiGroups: [""], resources: [pods], verbs: [get]}']),
      labelled('b', 'extra: "1"', ['{apiGroups: [""], resources: [pods], verbs: [get]}', '{apiGroups: [""], resources: [services], verbs: [list]}']),
      labelled('c', 'agg: "no"', ['{apiGroups: [""], resources: [secrets], verbs: [get]}']),
    ));
    const agg = model.roles.find((r) => r.name === 'agg')!;
    expect(agg.aggregated).toBe(true);
    expect(agg.rules.map((r) => `${r.source.name}: ${describeRule(r.rule)}`)).toEqual(['a: get on pods in core', 'b: list on services in core']);
    expect(isClusterAdminEquivalent(agg)).toBe(false);
  });

  it('resolves aggregation of aggregated roles to the controller\'s fixpoint', () => {
    const model = modelOf(docs(
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: admin-like\naggregationRule:\n  clusterRoleSelectors: [{matchLabels: {to-admin: "true"}}]\n`,
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: edit-like\n  labels: {to-admin: "true"}\naggregationRule:\n  clusterRoleSelectors: [{matchLabels: {to-edit: "true"}}]\n`,
      labelled('crd-edit', 'to-edit: "true"', ['{apiGroups: [example.com], resources: [widgets], verbs: [create]}']),
    ));
    expect(model.roles.find((r) => r.name === 'admin-like')!.rules.map((r) => r.source.name)).toEqual(['crd-edit']);
  });

  it('keeps an aggregated role\'s own rules when its selectors collect none, as the controller applies no rules then', () => {
    const aggregator = (name: string, label: string) =>
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}\n  labels: {to-outer: "true"}\naggregationRule:\n  clusterRoleSelectors: [{matchLabels: {${label}: "true"}}]\nrules:\n  - {apiGroups: [""], resources: [configmaps], verbs: [get]}\n`;
    const model = modelOf(docs(
      aggregator('unmatched', 'nothing-has-this'),
      aggregator('matches-empty', 'empty'),
      labelled('empty-role', 'empty: "true"', []),
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: outer\naggregationRule:\n  clusterRoleSelectors: [{matchLabels: {to-outer: "true"}}]\n`,
    ));
    const rulesOf = (name: string) => model.roles.find((r) => r.name === name)!.rules.map((r) => `${r.source.name}: ${describeRule(r.rule)}`);
    expect(rulesOf('unmatched')).toEqual(['unmatched: get on configmaps in core']);
    expect(rulesOf('matches-empty')).toEqual(['matches-empty: get on configmaps in core']);
    // Rules kept that way are what other aggregated roles collect (the controller dedupes equal rules).
    expect(rulesOf('outer')).toEqual(['matches-empty: get on configmaps in core']);
  });

  it('reports an invalid selector and keeps the role\'s stored rules, as the controller never updates it', () => {
    const model = modelOf(`apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: agg\naggregationRule:\n  clusterRoleSelectors:\n    - matchExpressions: [{key: a, operator: Equals, values: [x]}]\nrules:\n  - {apiGroups: [""], resources: [pods], verbs: [get]}\n`);
    expect(model.problems.map((p) => [p.kind, p.path.join('.')])).toEqual([['invalid-aggregation-rule', 'aggregationRule.clusterRoleSelectors.0.matchExpressions.0.operator']]);
    expect(model.roles[0]!.rules).toHaveLength(1);
  });

  it('reports bindings to missing roles and ClusterRoleBindings to Roles, but not to built-in ClusterRoles', () => {
    const model = modelOf(docs(
      binding('to-missing', 'kind: ClusterRole\n  name: nope', ['{kind: User, name: a}']),
      binding('to-role', 'kind: Role\n  name: r', ['{kind: User, name: a}']),
      binding('ns-missing', 'kind: Role\n  name: r', ['{kind: User, name: a}'], 'app'),
      binding('to-edit', 'kind: ClusterRole\n  name: edit', ['{kind: User, name: a}'], 'app'),
      binding('to-system', 'kind: ClusterRole\n  name: system:node', ['{kind: User, name: a}']),
      binding('bad-kind', 'kind: Group\n  name: x', ['{kind: User, name: a}']),
    ));
    expect(model.problems.map((p) => [p.kind, p.object.name, p.path.join('.')])).toEqual([
      ['missing-role', 'to-missing', 'roleRef.name'],
      ['invalid-role-ref', 'to-role', 'roleRef.kind'],
      ['missing-role', 'ns-missing', 'roleRef.name'],
      ['invalid-role-ref', 'bad-kind', 'roleRef.kind'],
    ]);
  });

  it('does not report bindings to the Roles the API server bootstraps in kube-system and kube-public', () => {
    const model = modelOf(docs(
      binding('auth-reader', 'kind: Role\n  name: extension-apiserver-authentication-reader', ['{kind: ServiceAccount, name: metrics-server, namespace: kube-system}'], 'kube-system'),
      binding('leader', 'kind: Role\n  name: system::leader-locking-kube-scheduler', ['{kind: ServiceAccount, name: my-scheduler, namespace: kube-system}'], 'kube-system'),
      binding('signer', 'kind: Role\n  name: system:controller:bootstrap-signer', ['{kind: User, name: a}'], 'kube-public'),
      binding('elsewhere', 'kind: Role\n  name: extension-apiserver-authentication-reader', ['{kind: User, name: a}'], 'app'),
    ));
    expect(model.problems.map((p) => [p.kind, p.object.name])).toEqual([['missing-role', 'elsewhere']]);
  });

  it('knows cluster-admin by name when the input omits it', () => {
    const model = modelOf(binding('ops', 'kind: ClusterRole\n  name: cluster-admin', ['{kind: Group, name: ops}']));
    const admin = model.bindings[0]!.role!;
    expect(admin.builtIn).toBe(true);
    expect(admin.object).toBeUndefined();
    expect(isClusterAdminEquivalent(admin)).toBe(true);
    expect(model.problems).toEqual([]);
  });

  it('defaults a ServiceAccount subject\'s namespace to the RoleBinding\'s, and drops it in a ClusterRoleBinding', () => {
    const model = modelOf(docs(
      role('Role', 'r', ['{apiGroups: [""], resources: [pods], verbs: [get]}']),
      binding('rb', 'kind: Role\n  name: r', ['{kind: ServiceAccount, name: app}'], 'app'),
      binding('crb', 'kind: ClusterRole\n  name: view', ['{kind: ServiceAccount, name: app}', '{kind: User, name: "system:serviceaccount:ci:bot"}']),
    ));
    expect(model.bindings[0]!.subjects.map((s) => s.subject)).toEqual([{ kind: 'ServiceAccount', name: 'app', namespace: 'app' }]);
    expect(model.bindings[1]!.subjects).toEqual([{ subject: { kind: 'ServiceAccount', namespace: 'ci', name: 'bot' }, index: 1 }]);
  });

  it('lists every namespace with its default ServiceAccount and token Secrets', () => {
    const model = modelOf(docs(
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ci\n',
      'apiVersion: v1\nkind: Secret\ntype: kubernetes.io/service-account-token\nmetadata:\n  name: builder-token\n  namespace: ci\n  annotations: {kubernetes.io/service-account.name: builder}\n',
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: builder\n  namespace: ci\n',
    ));
    expect(model.namespaces).toEqual(['ci']);
    expect(model.serviceAccounts.map((s) => `${s.namespace}/${s.name}`)).toEqual(['ci/builder', 'ci/default']);
    expect(model.tokenSecrets.map((s) => [s.name, s.serviceAccount])).toEqual([['builder-token', 'builder']]);
  });

  it('ignores objects that are not RBAC and values of the wrong type', () => {
    const model = modelOf(docs(
      'apiVersion: example.com/v1\nkind: Role\nmetadata:\n  name: lookalike\n',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: odd\nrules: [null, 3, {verbs: get, resources: [1, pods]}]\n',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: odd\nroleRef: 7\nsubjects: [null, {kind: Robot, name: r}]\n',
    ));
    expect(model.roles.map((r) => r.name)).toEqual(['odd']);
    expect(model.roles[0]!.rules.map((r) => r.rule.resources)).toEqual([[], [], ['pods']]);
    expect(model.bindings[0]!.subjects).toEqual([]);
    expect(model.problems.map((p) => p.kind)).toEqual(['invalid-role-ref']);
  });
});
