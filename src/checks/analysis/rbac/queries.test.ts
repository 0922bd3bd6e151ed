import { describe, expect, it } from 'vitest';
import { buildWhoCanIndex, permissionsOf, type WhoCanQuery } from './queries.js';
import { resolveResource } from './resources.js';
import { formatSubject, parseSubject } from './subjects.js';
import { binding, docs, modelOf, role, testdata } from './testing.js';
import { buildRbacModel } from './model.js';
import { objectsOf } from './testing.js';

const SET = docs(
  role('ClusterRole', 'pod-reader', ['{apiGroups: [""], resources: [pods, pods/log], verbs: [get, list]}']),
  role('ClusterRole', 'scaler', ['{apiGroups: ["apps"], resources: ["*/scale"], verbs: [update]}']),
  role('ClusterRole', 'one-secret', ['{apiGroups: [""], resources: [secrets], resourceNames: [db], verbs: [get]}']),
  role('ClusterRole', 'metrics', ['{nonResourceURLs: ["/metrics", "/debug/*"], verbs: [get]}']),
  role('Role', 'exec', ['{apiGroups: [""], resources: [pods/exec], verbs: [create]}']),
  binding('readers', 'kind: ClusterRole\n  name: pod-reader', ['{kind: Group, name: devs}']),
  binding('app-readers', 'kind: ClusterRole\n  name: pod-reader', ['{kind: User, name: bob}'], 'app'),
  binding('scalers', 'kind: ClusterRole\n  name: scaler', ['{kind: ServiceAccount, name: hpa, namespace: kube-system}']),
  binding('db', 'kind: ClusterRole\n  name: one-secret', ['{kind: ServiceAccount, name: api}'], 'app'),
  binding('scrape', 'kind: ClusterRole\n  name: metrics', ['{kind: ServiceAccount, name: prom, namespace: mon}']),
  binding('debug', 'kind: Role\n  name: exec', ['{kind: User, name: carol}'], 'app'),
  binding('metrics-in-ns', 'kind: ClusterRole\n  name: metrics', ['{kind: User, name: dave}'], 'app'),
);

const resource = (verb: string, name: string, extra: Partial<Extract<WhoCanQuery, { kind: 'resource' }>> = {}): WhoCanQuery => {
  const resolved = resolveResource(name);
  return { kind: 'resource', verb, resource: resolved.resource, namespaced: resolved.namespaced, ...(resolved.group !== undefined ? { apiGroup: resolved.group } : {}), ...extra };
};

describe('who-can', () => {
  const index = buildWhoCanIndex(modelOf(SET));
  const who = (query: WhoCanQuery) => index.query(query).map((a) => `${formatSubject(a.subject)}@${a.scope ?? 'cluster'} via ${a.binding.name}`);

  it('scopes a RoleBinding to a ClusterRole to the binding\'s namespace', () => {
    expect(who(resource('list', 'pods'))).toEqual(['group:devs@cluster via readers', 'user:bob@app via app-readers']);
    expect(who(resource('list', 'pods', { namespace: 'app' }))).toEqual(['group:devs@cluster via readers', 'user:bob@app via app-readers']);
    expect(who(resource('list', 'pods', { namespace: 'other' }))).toEqual(['group:devs@cluster via readers']);
  });

  it('matches subresources exactly and through */sub', () => {
    expect(who(resource('get', 'pods', { subresource: 'log' }))).toEqual(['group:devs@cluster via readers', 'user:bob@app via app-readers']);
    expect(who(resource('create', 'pods', { subresource: 'exec', namespace: 'app' }))).toEqual(['user:carol@app via debug']);
    expect(who(resource('create', 'pods'))).toEqual([]);
    expect(who(resource('update', 'deployments.apps', { subresource: 'scale' }))).toEqual(['sa:kube-system/hpa@cluster via scalers']);
    expect(who(resource('update', 'deployments.apps'))).toEqual([]);
  });

  it('honours resourceNames: a name must be given and listed', () => {
    expect(who(resource('get', 'secrets', { name: 'db' }))).toEqual(['sa:app/api@app via db']);
    expect(who(resource('get', 'secrets', { name: 'other' }))).toEqual([]);
    expect(who(resource('get', 'secrets'))).toEqual([]);
  });

  it('answers non-resource URLs from ClusterRoleBindings only', () => {
    expect(who({ kind: 'nonResource', verb: 'get', path: '/metrics' })).toEqual(['sa:mon/prom@cluster via scrape']);
    expect(who({ kind: 'nonResource', verb: 'get', path: '/debug/pprof' })).toEqual(['sa:mon/prom@cluster via scrape']);
    expect(who({ kind: 'nonResource', verb: 'get', path: '/healthz' })).toEqual([]);
  });

  it('never lets a RoleBinding grant a cluster-scoped resource', () => {
    const index2 = buildWhoCanIndex(modelOf(docs(
      role('ClusterRole', 'nodes', ['{apiGroups: [""], resources: [nodes], verbs: [get]}']),
      binding('in-ns', 'kind: ClusterRole\n  name: nodes', ['{kind: User, name: a}'], 'app'),
    )));
    expect(index2.query(resource('get', 'nodes'))).toEqual([]);
    expect(index2.query(resource('get', 'nodes', { namespace: 'app' }))).toEqual([]);
  });

  it('lets a RoleBinding grant its own Namespace object, which the API server puts in that namespace', () => {
    const index2 = buildWhoCanIndex(modelOf(docs(
      role('ClusterRole', 'ns-admin', ['{apiGroups: [""], resources: [namespaces, namespaces/status], verbs: [get, list, update, delete]}']),
      binding('owner', 'kind: ClusterRole\n  name: ns-admin', ['{kind: User, name: a}'], 'app'),
    )));
    const answers = (query: WhoCanQuery) => index2.query(query).map((a) => `${formatSubject(a.subject)}@${a.scope ?? 'cluster'}`);
    for (const verb of ['get', 'update', 'delete']) expect(answers(resource(verb, 'namespaces', { name: 'app' })), verb).toEqual(['user:a@app']);
    expect(answers(resource('get', 'namespaces', { name: 'app', subresource: 'status' }))).toEqual(['user:a@app']);
    // Another namespace, a list (no name in the path) or -n naming another namespace: cluster-wide requests.
    expect(answers(resource('get', 'namespaces', { name: 'other' }))).toEqual([]);
    expect(answers(resource('list', 'namespaces'))).toEqual([]);
    expect(answers(resource('list', 'namespaces', { name: 'app' }))).toEqual([]);
    expect(answers(resource('get', 'namespaces', { name: 'other', namespace: 'app' }))).toEqual([]);
  });

  it('matches every group for a resource whose group it cannot know', () => {
    const index2 = buildWhoCanIndex(modelOf(docs(
      role('ClusterRole', 'widgets', ['{apiGroups: [example.com], resources: [widgets], verbs: [get]}']),
      binding('w', 'kind: ClusterRole\n  name: widgets', ['{kind: User, name: a}']),
    )));
    expect(index2.query(resource('get', 'widgets'))).toHaveLength(1);
    expect(index2.query(resource('get', 'widgets.example.com'))).toHaveLength(1);
    expect(index2.query(resource('get', 'widgets.other.io'))).toHaveLength(0);
  });

  it('finds the GitOps controller and operator in the realistic fixture', () => {
    const platform = buildWhoCanIndex(buildRbacModel(objectsOf(testdata('platform.yaml'))));
    const subjects = platform.query(resource('get', 'secrets', { namespace: 'argocd' })).map((a) => `${formatSubject(a.subject)} via ${a.binding.name}`);
    expect(subjects).toEqual([
      'sa:argocd/argocd-application-controller via argocd-application-controller',
      'sa:argocd/argocd-server via argocd-server',
      'sa:argocd/argocd-server via argocd-server',
      'sa:monitoring/prometheus-operator via prometheus-operator',
    ]);
  });
});

describe('resolveResource', () => {
  it('reads kubectl spellings', () => {
    expect(resolveResource('deploy')).toEqual({ resource: 'deployments', group: 'apps', namespaced: true });
    expect(resolveResource('deployments.apps')).toEqual({ resource: 'deployments', group: 'apps', namespaced: true });
    expect(resolveResource('node')).toEqual({ resource: 'nodes', group: '', namespaced: false });
    expect(resolveResource('widgets')).toEqual({ resource: 'widgets', namespaced: true });
  });
});

describe('permissionsOf', () => {
  it('lists a ServiceAccount\'s rules from its own and its groups\' bindings, cluster-wide first', () => {
    const model = modelOf(docs(
      SET,
      role('ClusterRole', 'all-sa', ['{apiGroups: [""], resources: [configmaps], verbs: [get]}']),
      binding('every-sa-in-app', 'kind: ClusterRole\n  name: all-sa', ['{kind: Group, name: "system:serviceaccounts:app"}'], 'app'),
      binding('every-sa', 'kind: ClusterRole\n  name: all-sa', ['{kind: Group, name: "system:serviceaccounts"}']),
    ));
    const rows = permissionsOf(model, parseSubject('sa:app/api')!).map((p) => `${p.scope ?? 'cluster'} ${p.grant.binding.name} ${formatSubject(p.grant.entry.subject)}`);
    expect(rows).toEqual(['cluster every-sa group:system:serviceaccounts', 'app every-sa-in-app group:system:serviceaccounts:app', 'app db sa:app/api']);
  });

  it('gives users what system:authenticated holds, and anonymous what system:unauthenticated holds', () => {
    const model = modelOf(docs(
      role('ClusterRole', 'r', ['{apiGroups: [""], resources: [pods], verbs: [get]}']),
      binding('everyone', 'kind: ClusterRole\n  name: r', ['{kind: Group, name: "system:authenticated"}']),
      binding('nobody', 'kind: ClusterRole\n  name: r', ['{kind: Group, name: "system:unauthenticated"}']),
    ));
    expect(permissionsOf(model, parseSubject('alice')!).map((p) => p.grant.binding.name)).toEqual(['everyone']);
    expect(permissionsOf(model, parseSubject('system:anonymous')!).map((p) => p.grant.binding.name)).toEqual(['nobody']);
    expect(permissionsOf(model, parseSubject('group:devs')!)).toEqual([]);
  });
});

describe('parseSubject', () => {
  it('reads every accepted spelling', () => {
    expect(parseSubject('alice')).toEqual({ kind: 'User', name: 'alice' });
    expect(parseSubject('user:alice')).toEqual({ kind: 'User', name: 'alice' });
    expect(parseSubject('group:devs')).toEqual({ kind: 'Group', name: 'devs' });
    expect(parseSubject('sa:ci/bot')).toEqual({ kind: 'ServiceAccount', namespace: 'ci', name: 'bot' });
    expect(parseSubject('system:serviceaccount:ci:bot')).toEqual({ kind: 'ServiceAccount', namespace: 'ci', name: 'bot' });
    expect(parseSubject('')).toBeUndefined();
    expect(parseSubject('group:')).toBeUndefined();
    expect(parseSubject('sa:no-namespace')).toBeUndefined();
  });
});
