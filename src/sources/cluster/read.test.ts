import { describe, expect, it } from 'vitest';
import type { ApiGetter } from './client.js';
import { discoverResources } from './discovery.js';
import { ApiError } from './errors.js';
import { listObjects } from './list.js';
import { readCluster, type ClusterEvent } from './read.js';

type Handler = (query: Record<string, string>) => unknown;

/** An API server reduced to its answers: each path maps to a body or a thrown error. */
function fakeApi(routes: Record<string, Handler | unknown>, calls: string[] = []): ApiGetter {
  return {
    async getJson(path, query = {}) {
      calls.push(`${path}${query.continue ? `?continue=${query.continue}` : ''}${query.fieldSelector ? `?fieldSelector=${query.fieldSelector}` : ''}`);
      const route = routes[path];
      if (route === undefined) throw new ApiError(404, 'NotFound', `${path} not found`);
      const body = typeof route === 'function' ? (route as Handler)(query) : route;
      if (body instanceof Error) throw body;
      return body;
    },
  };
}

const forbidden = (what: string) => new ApiError(403, 'Forbidden', `${what} is forbidden`);
const item = (name: string, namespace?: string, extra: Record<string, unknown> = {}) => ({ metadata: { name, ...(namespace ? { namespace } : {}) }, ...extra });
const list = (...items: unknown[]) => ({ items, metadata: {} });

const CORE = {
  resources: [
    { name: 'namespaces', kind: 'Namespace', namespaced: false, verbs: ['get', 'list'] },
    { name: 'pods', kind: 'Pod', namespaced: true, verbs: ['get', 'list'] },
    { name: 'pods/log', kind: 'Pod', namespaced: true, verbs: ['get'] },
    { name: 'secrets', kind: 'Secret', namespaced: true, verbs: ['list'] },
    { name: 'events', kind: 'Event', namespaced: true, verbs: ['list'] },
    { name: 'bindings', kind: 'Binding', namespaced: true, verbs: ['create'] },
  ],
};
const APIS = {
  groups: [
    { name: 'rbac.authorization.k8s.io', preferredVersion: { groupVersion: 'rbac.authorization.k8s.io/v1' } },
    { name: 'metrics.k8s.io', preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1' } },
    { name: 'broken.example.com', preferredVersion: { groupVersion: 'broken.example.com/v1' } },
  ],
};
const RBAC = { resources: [{ name: 'clusterroles', kind: 'ClusterRole', namespaced: false, verbs: ['list'] }] };

async function collect(events: AsyncIterable<ClusterEvent>) {
  const objects: string[] = [];
  const gaps: Array<{ message: string; level?: string }> = [];
  for await (const event of events) {
    if (event.type === 'object') {
      const metadata = event.object.raw.metadata as { name: string; namespace?: string };
      objects.push(`${String(event.object.raw.kind)} ${metadata.namespace ?? '-'}/${metadata.name}`);
    } else gaps.push({ message: event.error.message, ...(event.error.level ? { level: event.error.level } : {}) });
  }
  return { objects, gaps };
}

describe('discoverResources', () => {
  it('keeps listable top-level resources at preferred versions and reports groups that fail', async () => {
    const api = fakeApi({ '/apis': APIS, '/api/v1': CORE, '/apis/rbac.authorization.k8s.io/v1': RBAC, '/apis/broken.example.com/v1': new ApiError(503, 'ServiceUnavailable', 'the server is currently unable to handle the request') });
    const { types, errors } = await discoverResources(api, 'cluster://test');
    expect(types.map((t) => `${t.apiVersion} ${t.resource} ${t.namespaced}`)).toEqual(['v1 namespaces false', 'v1 pods true', 'v1 secrets true', 'rbac.authorization.k8s.io/v1 clusterroles false']);
    expect(errors).toEqual([{ file: 'cluster://test', message: 'cannot discover API broken.example.com/v1: the server is currently unable to handle the request; its objects were not scanned' }]);
  });

  it('survives malformed discovery documents', async () => {
    const api = fakeApi({ '/apis': { groups: 'nope' }, '/api/v1': { resources: [null, 7, { name: 3 }] } });
    expect((await discoverResources(api, 'cluster://x')).types).toEqual([]);
  });
});

describe('listObjects', () => {
  const pods = { group: '', apiVersion: 'v1', resource: 'pods', kind: 'Pod', namespaced: true };

  it('follows continue tokens and stamps apiVersion and kind on items', async () => {
    const pages: Record<string, unknown> = { '': { items: [item('a', 'x')], metadata: { continue: 't1' } }, t1: list(item('b', 'x')) };
    const api = fakeApi({ '/api/v1/pods': (q: Record<string, string>) => pages[q.continue ?? ''] });
    const got = [];
    for await (const page of listObjects(api, pods)) got.push(...page);
    expect(got).toEqual([
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'x' } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b', namespace: 'x' } },
    ]);
  });

  it('restarts once on an expired continue token without repeating objects', async () => {
    let expired = 0;
    const api = fakeApi({
      '/api/v1/pods': (q: Record<string, string>) => {
        if (!q.continue) return { items: [item('a', 'x')], metadata: { continue: expired === 0 ? 'old' : 'new' } };
        if (q.continue === 'old') return (expired++, new ApiError(410, 'Expired', 'too old resource version'));
        return list(item('b', 'x'));
      },
    });
    const names = [];
    for await (const page of listObjects(api, pods)) names.push(...page.map((p) => (p.metadata as { name: string }).name));
    expect(names).toEqual(['a', 'b']);
  });

  it('gives up on a second expiry', async () => {
    const api = fakeApi({ '/api/v1/pods': (q: Record<string, string>) => (q.continue ? new ApiError(410, 'Expired', 'too old') : { items: [item('a', 'x')], metadata: { continue: 't' } }) });
    await expect(async () => {
      for await (const _ of listObjects(api, pods)) void _;
    }).rejects.toThrow('too old');
  });
});

describe('readCluster', () => {
  const base = { '/apis': { groups: [APIS.groups[0]] }, '/api/v1': CORE, '/apis/rbac.authorization.k8s.io/v1': RBAC };

  it('reads everything, skipping copies of pod templates stamped by controllers', async () => {
    const owned = { metadata: { name: 'web-abc', namespace: 'a', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', controller: true }] } };
    const api = fakeApi({
      ...base,
      '/api/v1/namespaces': list(item('a'), item('b')),
      '/api/v1/pods': list(item('bare', 'a'), owned),
      '/api/v1/secrets': list(item('s', 'b')),
      '/apis/rbac.authorization.k8s.io/v1/clusterroles': list(item('admin')),
    });
    const { objects, gaps } = await collect(readCluster(api, 'cluster://t', { namespaces: [], excludeNamespaces: [] }));
    expect(objects).toEqual(['Namespace -/a', 'Namespace -/b', 'Pod a/bare', 'Secret b/s', 'ClusterRole -/admin']);
    expect(gaps).toEqual([]);
  });

  it('falls back to per-namespace lists when a cluster-wide list is forbidden, and names what stayed unread', async () => {
    const api = fakeApi({
      ...base,
      '/api/v1/namespaces': list(item('a'), item('b')),
      '/api/v1/pods': forbidden('pods'),
      '/api/v1/namespaces/a/pods': list(item('p', 'a')),
      '/api/v1/namespaces/b/pods': forbidden('pods in b'),
      '/api/v1/secrets': forbidden('secrets'),
      '/api/v1/namespaces/a/secrets': forbidden('secrets in a'),
      '/api/v1/namespaces/b/secrets': forbidden('secrets in b'),
      '/apis/rbac.authorization.k8s.io/v1/clusterroles': forbidden('clusterroles'),
    });
    const { objects, gaps } = await collect(readCluster(api, 'cluster://t', { namespaces: [], excludeNamespaces: [] }));
    expect(objects).toEqual(['Namespace -/a', 'Namespace -/b', 'Pod a/p']);
    expect(gaps).toEqual([
      { message: 'cannot list pods in namespace b: forbidden', level: 'warning' },
      { message: 'cannot list secrets in namespaces a, b: forbidden', level: 'warning' },
      { message: 'cannot list clusterroles.rbac.authorization.k8s.io cluster-wide: forbidden', level: 'warning' },
      { message: 'partial scan: 3 of 4 resource types could not be read completely; findings about them may be missing', level: 'warning' },
    ]);
  });

  it('reads only the chosen namespaces and no cluster-scoped objects with --namespace', async () => {
    const calls: string[] = [];
    const api = fakeApi({ ...base, '/api/v1/namespaces/a/pods': list(item('p', 'a')), '/api/v1/namespaces/a/secrets': list() }, calls);
    const { objects } = await collect(readCluster(api, 'cluster://t', { namespaces: ['a'], excludeNamespaces: [] }));
    expect(objects).toEqual(['Pod a/p']);
    expect(calls.filter((c) => c.includes('namespaces') || c.includes('clusterroles'))).toEqual(['/api/v1/namespaces/a/pods', '/api/v1/namespaces/a/secrets']);
  });

  it('excludes namespaces on the server and again on the client', async () => {
    const calls: string[] = [];
    const api = fakeApi({
      ...base,
      '/api/v1/namespaces': list(item('a'), item('kube-system')),
      '/api/v1/pods': list(item('p', 'a'), item('q', 'kube-system')),
      '/api/v1/secrets': list(),
      '/apis/rbac.authorization.k8s.io/v1/clusterroles': list(),
    }, calls);
    const { objects } = await collect(readCluster(api, 'cluster://t', { namespaces: [], excludeNamespaces: ['kube-system'] }));
    expect(objects).toEqual(['Namespace -/a', 'Pod a/p']);
    expect(calls).toContain('/api/v1/pods?fieldSelector=metadata.namespace!=kube-system');
    expect(calls).toContain('/api/v1/namespaces?fieldSelector=metadata.name!=kube-system');
  });

  it('filters on the client when a type supports no namespace field selector', async () => {
    const api = fakeApi({
      ...base,
      '/api/v1/namespaces': list(item('a')),
      '/api/v1/pods': (q: Record<string, string>) => (q.fieldSelector ? new ApiError(400, 'BadRequest', 'field label not supported: metadata.namespace') : list(item('p', 'a'), item('q', 'skip'))),
      '/api/v1/secrets': list(),
      '/apis/rbac.authorization.k8s.io/v1/clusterroles': list(),
    });
    const { objects, gaps } = await collect(readCluster(api, 'cluster://t', { namespaces: [], excludeNamespaces: ['skip'] }));
    expect(objects).toEqual(['Namespace -/a', 'Pod a/p']);
    expect(gaps).toEqual([]);
  });

  it('reports a list that broke off as an error', async () => {
    const api = fakeApi({
      ...base,
      '/api/v1/namespaces': list(),
      '/api/v1/pods': new ApiError(500, 'InternalError', 'etcd timeout'),
      '/api/v1/secrets': list(),
      '/apis/rbac.authorization.k8s.io/v1/clusterroles': list(),
    });
    const { gaps } = await collect(readCluster(api, 'cluster://t', { namespaces: [], excludeNamespaces: [] }));
    expect(gaps[0]).toEqual({ message: 'cannot list pods (cluster-wide: etcd timeout); its objects may be missing' });
  });
});
