import { asRecord } from '../../parsers/kubernetes/values.js';
import type { ApiGetter } from './client.js';
import type { ResourceType } from './discovery.js';
import { ApiError } from './errors.js';

export const PAGE_SIZE = 500;

export interface ListScope {
  namespace?: string;
  fieldSelector?: string;
}

export function listPath(type: ResourceType, namespace?: string): string {
  const base = type.group ? `/apis/${type.apiVersion}` : '/api/v1';
  return `${base}${namespace ? `/namespaces/${encodeURIComponent(namespace)}` : ''}/${type.resource}`;
}

/**
 * Pages of one list, each item with its `apiVersion` and `kind` (list items omit them). A continue token that
 * expired (410 Gone, the list outlived etcd's compaction window) restarts the list once from the start, skipping
 * objects already yielded; a second expiry throws, and the caller reports the list as incomplete.
 */
export async function* listObjects(client: ApiGetter, type: ResourceType, scope: ListScope = {}, pageSize = PAGE_SIZE): AsyncGenerator<Array<Record<string, unknown>>> {
  const path = listPath(type, scope.namespace);
  const seen = new Set<string>();
  let restarted = false;
  let token: string | undefined;
  for (;;) {
    let page: unknown;
    try {
      page = await client.getJson(path, {
        limit: String(pageSize),
        ...(scope.fieldSelector ? { fieldSelector: scope.fieldSelector } : {}),
        ...(token ? { continue: token } : {}),
      });
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 410 && token !== undefined && !restarted)) throw error;
      restarted = true;
      token = undefined;
      continue;
    }
    const record = obj(page);
    const items = Array.isArray(record.items) ? record.items : [];
    const fresh: Array<Record<string, unknown>> = [];
    for (const item of items) {
      const object = obj(item);
      const key = objectKey(object);
      if (restarted && seen.has(key)) continue;
      seen.add(key);
      fresh.push({ apiVersion: type.apiVersion, kind: type.kind, ...object });
    }
    if (fresh.length > 0) yield fresh;
    const next = obj(record.metadata).continue;
    if (typeof next !== 'string' || next === '') return;
    token = next;
  }
}

function objectKey(object: Record<string, unknown>): string {
  const metadata = obj(object.metadata);
  return `${String(metadata.namespace ?? '')}/${String(metadata.name ?? '')}`;
}

const obj = (value: unknown): Record<string, unknown> => asRecord(value) ?? {};
