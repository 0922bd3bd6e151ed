import type { ScanError } from '../../core/finding.js';
import { asRecord } from '../../parsers/kubernetes/values.js';
import type { ApiGetter } from './client.js';
import { ApiError } from './errors.js';

export interface ResourceType {
  /** `''` for the core group. */
  group: string;
  apiVersion: string;
  /** Plural resource name, e.g. `deployments`. */
  resource: string;
  kind: string;
  namespaced: boolean;
}

/**
 * Runtime state rather than configuration: events, leases, endpoints derived from Services, and copies of pod
 * templates (controller revisions). Reading them costs time and memory and yields no finding.
 */
const SKIPPED = new Set([
  '/events',
  'events.k8s.io/events',
  '/endpoints',
  'discovery.k8s.io/endpointslices',
  'coordination.k8s.io/leases',
  'coordination.k8s.io/leasecandidates',
  '/componentstatuses',
  'apps/controllerrevisions',
]);
/** Aggregated APIs that serve measurements of other objects. */
const SKIPPED_GROUPS = new Set(['metrics.k8s.io', 'custom.metrics.k8s.io', 'external.metrics.k8s.io']);

const DISCOVERY_CONCURRENCY = 8;

export interface Discovery {
  types: ResourceType[];
  /** Groups whose discovery failed (an aggregated API that is down): their objects are missing from the scan. */
  errors: ScanError[];
}

/** Every listable resource type the server serves, at each group's preferred version, core first. */
export async function discoverResources(client: ApiGetter, origin: string): Promise<Discovery> {
  const errors: ScanError[] = [];
  const groupVersions: Array<{ group: string; groupVersion: string }> = [{ group: '', groupVersion: 'v1' }];
  const groups = obj(await client.getJson('/apis')).groups;
  for (const entry of Array.isArray(groups) ? groups : []) {
    const group = obj(entry);
    const preferred = obj(group.preferredVersion).groupVersion;
    if (typeof group.name !== 'string' || typeof preferred !== 'string' || SKIPPED_GROUPS.has(group.name)) continue;
    groupVersions.push({ group: group.name, groupVersion: preferred });
  }

  const lists = await mapLimited(groupVersions, DISCOVERY_CONCURRENCY, async ({ group, groupVersion }) => {
    const path = group === '' ? '/api/v1' : `/apis/${groupVersion}`;
    try {
      return resourceTypes(group, groupVersion, await client.getJson(path));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      errors.push({ file: origin, message: `cannot discover API ${groupVersion}: ${error.message}; its objects were not scanned` });
      return [];
    }
  });
  return { types: lists.flat(), errors };
}

export function resourceTypes(group: string, groupVersion: string, list: unknown): ResourceType[] {
  const types: ResourceType[] = [];
  const resources = obj(list).resources;
  for (const entry of Array.isArray(resources) ? resources : []) {
    const resource = obj(entry);
    const { name, kind, verbs, namespaced } = resource;
    // `pods/log`, `deployments/scale`: subresources are views of their parent, never objects of their own.
    if (typeof name !== 'string' || name.includes('/') || typeof kind !== 'string' || !Array.isArray(verbs) || !verbs.includes('list')) continue;
    if (SKIPPED.has(`${group}/${name}`)) continue;
    types.push({ group, apiVersion: groupVersion, resource: name, kind, namespaced: namespaced === true });
  }
  return types;
}

/** `deployments.apps`, `pods`: how kubectl and RBAC rules name a resource type. */
export function qualifiedResource(type: Pick<ResourceType, 'group' | 'resource'>): string {
  return type.group ? `${type.resource}.${type.group}` : type.resource;
}


export async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const obj = (value: unknown): Record<string, unknown> => asRecord(value) ?? {};
