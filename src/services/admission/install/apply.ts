import type { ApiClient } from '../../../sources/cluster/client.js';
import { resourceTypes, type ResourceType } from '../../../sources/cluster/discovery.js';
import { ApiError } from '../../../sources/cluster/errors.js';
import { listPath } from '../../../sources/cluster/list.js';
import { asRecord } from '../../../parsers/kubernetes/values.js';
import { MANAGED_BY_LABEL, MANAGER } from './manifests.js';

/** Server-side apply owner of every field Rampart writes, for `kubectl get --show-managed-fields` to name. */
export const FIELD_MANAGER = 'rampart';

export interface ApplyOptions {
  /** `dryRun=All`: the apiserver validates and admits everything and stores nothing. */
  dryRun?: boolean;
}

export interface AppliedObject {
  kind: string;
  name: string;
  namespace?: string;
  /** `skipped`: a CustomResourceDefinition another tool installed (Kyverno ships the same ones) is left alone. */
  action: 'applied' | 'skipped';
}

/**
 * Server-side apply, in order, as field manager `rampart`: applying the same manifests twice changes nothing, and
 * fields other managers own (an HPA's replicas, cert-manager's injected caBundle) are left to them.
 */
export async function applyManifests(client: ApiClient, manifests: Array<Record<string, unknown>>, options: ApplyOptions = {}): Promise<AppliedObject[]> {
  const types = new ResourceTypes(client);
  const applied: AppliedObject[] = [];
  for (const manifest of manifests) {
    const apiVersion = String(manifest.apiVersion);
    const kind = String(manifest.kind);
    const metadata = asRecord(manifest.metadata) ?? {};
    const name = String(metadata.name);
    const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
    const type = await types.find(apiVersion, kind);
    const path = `${listPath(type, type.namespaced ? namespace : undefined)}/${encodeURIComponent(name)}`;
    const entry: AppliedObject = { kind, name, ...(namespace ? { namespace } : {}), action: 'applied' };
    if (kind === 'CustomResourceDefinition' && (await ownedByOthers(client, path))) {
      applied.push({ ...entry, action: 'skipped' });
      continue;
    }
    await client.requestJson({
      method: 'PATCH',
      path,
      // Forced: on a re-install, fields an earlier `kubectl apply` of the same manifests holds move to Rampart.
      query: { fieldManager: FIELD_MANAGER, force: 'true', ...(options.dryRun ? { dryRun: 'All' } : {}) },
      body: JSON.stringify(manifest),
      contentType: 'application/apply-patch+yaml',
    });
    applied.push(entry);
  }
  return applied;
}

/** Fetches an object, or undefined when it does not exist. */
export async function getObject(client: ApiClient, path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return asRecord(await client.getJson(path)) ?? undefined;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

async function ownedByOthers(client: ApiClient, path: string): Promise<boolean> {
  const existing = await getObject(client, path);
  if (!existing) return false;
  return asRecord(asRecord(existing.metadata)?.labels)?.[MANAGED_BY_LABEL] !== MANAGER;
}

/** Kind to resource name, read from the apiserver's discovery of each group version once. */
class ResourceTypes {
  private readonly cache = new Map<string, ResourceType[]>();

  constructor(private readonly client: ApiClient) {}

  async find(apiVersion: string, kind: string): Promise<ResourceType> {
    let types = this.cache.get(apiVersion);
    if (!types) {
      const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
      let list: unknown;
      try {
        list = await this.client.getJson(group ? `/apis/${apiVersion}` : `/api/${apiVersion}`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) list = {};
        else throw error;
      }
      types = resourceTypes(group, apiVersion, list);
      this.cache.set(apiVersion, types);
    }
    const type = types.find((candidate) => candidate.kind === kind);
    if (!type) throw new ApiError(404, 'NotFound', `the cluster does not serve ${kind} (${apiVersion})${apiVersion.startsWith('cert-manager.io/') ? ': install cert-manager, or use --certificate self-signed' : ''}`);
    return type;
  }
}
