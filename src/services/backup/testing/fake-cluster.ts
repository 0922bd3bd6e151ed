import type { ApiGetter } from '../../../sources/cluster/client.js';
import { ApiError } from '../../../sources/cluster/errors.js';

/** A resource type of the fake cluster and its objects (namespaced types have `metadata.namespace`). */
export interface FakeType {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  objects: Array<Record<string, unknown>>;
}

/**
 * An API server reduced to discovery and paged lists, for backup tests: honours `limit`/`continue`, per-namespace
 * list paths, equality label selectors (`a=b,c=d`) and single-object GETs. Tests mutate `types` between backups.
 */
export function fakeCluster(types: FakeType[], calls: string[] = []): ApiGetter {
  return {
    async getJson(path, query = {}) {
      calls.push(path);
      if (path === '/apis') {
        const groups = [...new Set(types.filter((t) => t.group).map((t) => `${t.group}/${t.version}`))];
        return { groups: groups.map((gv) => ({ name: gv.split('/')[0], preferredVersion: { groupVersion: gv } })) };
      }
      const discovery = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
      if (discovery) {
        const group = discovery[2] ?? '';
        const version = discovery[1] ?? discovery[3];
        const served = types.filter((t) => t.group === group && t.version === version);
        if (served.length === 0) throw new ApiError(404, 'NotFound', `${path} not found`);
        return { resources: served.map((t) => ({ name: t.resource, kind: t.kind, namespaced: t.namespaced, verbs: ['get', 'list'] })) };
      }
      const match = /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(path);
      const type = match ? types.find((t) => t.group === (match[1] ?? '') && t.resource === match[3]) : undefined;
      if (!match || !type) throw new ApiError(404, 'NotFound', `${path} not found`);
      const namespace = match[2] ? decodeURIComponent(match[2]) : undefined;
      const name = match[4] ? decodeURIComponent(match[4]) : undefined;
      const metaOf = (o: Record<string, unknown>) => (o.metadata ?? {}) as { name?: string; namespace?: string; labels?: Record<string, string> };
      if (name !== undefined) {
        const found = type.objects.find((o) => metaOf(o).name === name && metaOf(o).namespace === namespace);
        if (!found) throw new ApiError(404, 'NotFound', `${path} not found`);
        return structuredClone(found);
      }
      const wanted = (query.labelSelector ?? '').split(',').filter(Boolean).map((term) => term.split('='));
      const items = type.objects.filter((o) => (namespace === undefined || metaOf(o).namespace === namespace) && wanted.every(([k, v]) => metaOf(o).labels?.[k!] === v));
      const start = Number(query.continue ?? '0');
      const limit = Number(query.limit ?? items.length);
      const next = start + limit < items.length ? String(start + limit) : '';
      return { items: structuredClone(items.slice(start, start + limit)), metadata: { continue: next } };
    },
  };
}

export function configMap(namespace: string, name: string, data: Record<string, string>, labels: Record<string, string> = {}): Record<string, unknown> {
  return { metadata: { namespace, name, labels, uid: `uid-${name}`, resourceVersion: '1' }, data };
}

export function secret(namespace: string, name: string, data: Record<string, string>): Record<string, unknown> {
  return { metadata: { namespace, name, uid: `uid-${name}`, resourceVersion: '1' }, type: 'Opaque', data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])) };
}

export function namespaceObject(name: string): Record<string, unknown> {
  return { metadata: { name, uid: `uid-ns-${name}` }, spec: { finalizers: ['kubernetes'] } };
}
