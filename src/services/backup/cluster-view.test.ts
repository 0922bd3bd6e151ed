import { describe, expect, it } from 'vitest';
import { matchesType, selectingGetter } from './cluster-view.js';
import { fakeCluster } from './testing/fake-cluster.js';

const types = [
  { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true, objects: [{ metadata: { namespace: 'a', name: 's', labels: { app: 'x' } } }] },
  { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true, objects: [{ metadata: { namespace: 'a', name: 'c' } }] },
  { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true, objects: [] },
];

describe('selectingGetter', () => {
  it('narrows discovery to the selected types by resource, qualified name or kind', async () => {
    const names = async (include: string[], exclude: string[], path: string) =>
      ((await selectingGetter(fakeCluster(types), undefined, { include, exclude }).getJson(path)) as { resources: Array<{ name: string }> }).resources.map((r) => r.name);
    expect(await names(['Secret'], [], '/api/v1')).toEqual(['secrets']);
    expect(await names(['deployments.apps'], [], '/api/v1')).toEqual([]);
    expect(await names(['deployments.apps'], [], '/apis/apps/v1')).toEqual(['deployments']);
    expect(await names([], ['configmaps'], '/api/v1')).toEqual(['secrets']);
  });

  it('adds the label selector to list requests only', async () => {
    const getter = selectingGetter(fakeCluster(types), 'app=x', { include: [], exclude: [] });
    expect(((await getter.getJson('/api/v1/secrets', { limit: '500' })) as { items: unknown[] }).items).toHaveLength(1);
    expect(((await getter.getJson('/api/v1/configmaps', { limit: '500' })) as { items: unknown[] }).items).toHaveLength(0);
    expect(await getter.getJson('/api/v1/namespaces/a/secrets/s')).toMatchObject({ metadata: { name: 's' } });
  });

  it('matchesType applies the same rules to one type', () => {
    expect(matchesType({ resource: 'namespaces', group: '', kind: 'Namespace' }, { include: [], exclude: ['Namespace'] })).toBe(false);
    expect(matchesType({ resource: 'namespaces', group: '', kind: 'Namespace' }, { include: ['secrets'], exclude: [] })).toBe(false);
    expect(matchesType({ resource: 'namespaces', group: '', kind: 'Namespace' }, { include: [], exclude: [] })).toBe(true);
  });
});
