import { asRecord } from '../../parsers/kubernetes/values.js';
import type { ApiGetter } from '../../sources/cluster/client.js';

export interface TypeFilter {
  /** Resource types to read only (`deployments.apps`, `deployments`, `Deployment`); empty for all. */
  include: string[];
  exclude: string[];
}

/**
 * The cluster as the backup selection sees it: list requests carry the label selector (the server filters, nothing
 * unselected is transferred) and discovery answers list only the selected resource types, so readCluster reads
 * exactly the selection without knowing about it.
 */
export function selectingGetter(client: ApiGetter, labelSelector: string | undefined, types: TypeFilter): ApiGetter {
  const include = new Set(types.include.map((t) => t.toLowerCase()));
  const exclude = new Set(types.exclude.map((t) => t.toLowerCase()));
  return {
    async getJson(path, query) {
      const isList = query?.limit !== undefined;
      const answer = await client.getJson(path, isList && labelSelector ? { ...query, labelSelector } : query);
      if (isList || (include.size === 0 && exclude.size === 0)) return answer;
      const group = discoveryGroup(path);
      if (group === undefined) return answer;
      const record = asRecord(answer);
      if (!record || !Array.isArray(record.resources)) return answer;
      return { ...record, resources: record.resources.filter((entry) => selected(entry, group, include, exclude)) };
    },
  };
}

/** `/api/v1` → `''`, `/apis/apps/v1` → `apps`; other paths are not resource discovery. */
function discoveryGroup(path: string): string | undefined {
  if (path === '/api/v1') return '';
  const match = /^\/apis\/([^/]+)\/[^/]+$/.exec(path);
  return match?.[1];
}

function selected(entry: unknown, group: string, include: ReadonlySet<string>, exclude: ReadonlySet<string>): boolean {
  const resource = asRecord(entry);
  const name = typeof resource?.name === 'string' ? resource.name : '';
  // Subresources are dropped by discovery anyway; keep them so it sees the same answer.
  if (name.includes('/')) return true;
  const names = [name, group ? `${name}.${group}` : name, typeof resource?.kind === 'string' ? resource.kind : ''].map((n) => n.toLowerCase());
  if (names.some((n) => exclude.has(n))) return false;
  return include.size === 0 || names.some((n) => include.has(n));
}

export function matchesType(names: { resource: string; group: string; kind: string }, types: TypeFilter): boolean {
  return selected({ name: names.resource, kind: names.kind }, names.group, new Set(types.include.map((t) => t.toLowerCase())), new Set(types.exclude.map((t) => t.toLowerCase())));
}
