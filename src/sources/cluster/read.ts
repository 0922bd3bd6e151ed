import type { ScanError } from '../../core/finding.js';
import { asArray, asRecord } from '../../parsers/kubernetes/values.js';
import type { ApiGetter } from './client.js';
import { discoverResources, qualifiedResource, type ResourceType } from './discovery.js';
import { ApiError } from './errors.js';
import { listObjects, type ListScope } from './list.js';

export interface ClusterSelection {
  /** Only these namespaces, and no cluster-scoped objects; empty reads the whole cluster. */
  namespaces: string[];
  excludeNamespaces: string[];
  /** Tried when the namespaces cannot be listed and a namespaced resource can only be listed per namespace. */
  fallbackNamespace?: string;
}

export interface LiveObject {
  type: ResourceType;
  /** As the API server returned it, with `apiVersion` and `kind`. */
  raw: Record<string, unknown>;
}

export type ClusterEvent = { type: 'object'; object: LiveObject } | { type: 'gap'; error: ScanError };

export interface ReadProgress {
  resource: string;
  objects: number;
}

/**
 * Controllers stamp their pod template into ReplicaSets, Pods and Jobs; those copies are checked through the
 * Deployment, StatefulSet, DaemonSet or CronJob that owns them, so they would only repeat its findings.
 */
const TEMPLATE_OWNERS = new Set(['apps/v1 Deployment', 'apps/v1 ReplicaSet', 'apps/v1 StatefulSet', 'apps/v1 DaemonSet', 'batch/v1 Job', 'batch/v1 CronJob', 'v1 ReplicationController']);

export function isTemplateCopy(raw: Record<string, unknown>): boolean {
  return asArray(asRecord(raw.metadata)?.ownerReferences).some((entry) => {
    const ref = asRecord(entry);
    return ref?.controller === true && TEMPLATE_OWNERS.has(`${String(ref.apiVersion)} ${String(ref.kind)}`);
  });
}

/**
 * Streams every object of every listable resource type, page by page, so memory holds one page at a time.
 * What cannot be read becomes a gap: forbidden lists are warnings naming the resource and namespaces (a
 * restricted account still gets the rest), lists that broke off midway are errors (the scan is incomplete).
 */
export async function* readCluster(client: ApiGetter, origin: string, selection: ClusterSelection, onProgress?: (progress: ReadProgress) => void): AsyncGenerator<ClusterEvent> {
  const discovery = await discoverResources(client, origin);
  for (const error of discovery.errors) yield { type: 'gap', error };
  const excluded = new Set(selection.excludeNamespaces);
  const wanted = selection.namespaces.filter((ns) => !excluded.has(ns));
  // Namespaces first: their names are needed to fall back to per-namespace lists.
  const types = [...discovery.types].sort((a, b) => Number(isNamespaces(b)) - Number(isNamespaces(a)));
  let knownNamespaces: string[] | undefined = wanted.length > 0 ? wanted : undefined;
  let objects = 0;
  let incomplete = 0;

  for (const type of types) {
    const resource = qualifiedResource(type);
    onProgress?.({ resource, objects });
    const forbidden: string[] = [];
    const failed: string[] = [];
    const scopes: Array<ListScope & { label: string }> = [];
    if (!type.namespaced) {
      if (selection.namespaces.length > 0) continue;
      scopes.push({ label: 'cluster-wide', ...excludeSelector('metadata.name', isNamespaces(type) ? excluded : new Set()) });
    } else if (wanted.length > 0) {
      scopes.push(...wanted.map((namespace) => ({ label: namespace, namespace })));
    } else {
      scopes.push({ label: 'cluster-wide', ...excludeSelector('metadata.namespace', excluded) });
    }

    for (let i = 0; i < scopes.length; i++) {
      const scope = scopes[i]!;
      const names: string[] = [];
      try {
        for await (const page of listObjects(client, type, scope)) {
          for (const raw of page) {
            const metadata = asRecord(raw.metadata);
            const namespace = typeof metadata?.namespace === 'string' ? metadata.namespace : undefined;
            if (isNamespaces(type) && typeof metadata?.name === 'string') names.push(metadata.name);
            if ((namespace && excluded.has(namespace)) || (isNamespaces(type) && excluded.has(String(metadata?.name))) || isTemplateCopy(raw)) continue;
            objects++;
            yield { type: 'object', object: { type, raw } };
          }
          onProgress?.({ resource, objects });
        }
        if (isNamespaces(type) && scope.label === 'cluster-wide') knownNamespaces = names.filter((ns) => !excluded.has(ns));
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (error.status === 403 && type.namespaced && scope.label === 'cluster-wide') {
          // A namespace-bound account may still read this resource in the namespaces it was given.
          const fallback = knownNamespaces ?? (selection.fallbackNamespace ? [selection.fallbackNamespace] : []);
          scopes.push(...fallback.filter((ns) => !excluded.has(ns)).map((namespace) => ({ label: namespace, namespace })));
          if (fallback.length === 0) forbidden.push(scope.label);
        } else if (error.status === 403) {
          forbidden.push(scope.label);
        } else if (error.status === 400 && scope.fieldSelector) {
          // Some types (podcertificaterequests) support no namespace field selector; filter here instead.
          scopes.push({ label: scope.label, ...(scope.namespace ? { namespace: scope.namespace } : {}) });
        } else if (error.status === 404 || error.status === 405) {
          // The type went away between discovery and listing (a CRD deleted meanwhile): nothing to read.
        } else {
          failed.push(`${scope.label}: ${error.message}`);
        }
      }
    }
    if (forbidden.length > 0) {
      incomplete++;
      yield { type: 'gap', error: { file: origin, message: `cannot list ${resource} ${where(forbidden)}: forbidden`, level: 'warning' } };
    }
    for (const failure of failed) {
      incomplete++;
      yield { type: 'gap', error: { file: origin, message: `cannot list ${resource} (${failure}); its objects may be missing` } };
    }
  }
  if (incomplete > 0) {
    yield {
      type: 'gap',
      error: { file: origin, message: `partial scan: ${incomplete} of ${types.length} resource types could not be read completely; findings about them may be missing`, level: 'warning' },
    };
  }
}

function isNamespaces(type: ResourceType): boolean {
  return type.group === '' && type.resource === 'namespaces';
}

function where(scopes: string[]): string {
  if (scopes.length === 1 && scopes[0] === 'cluster-wide') return 'cluster-wide';
  return scopes.length === 1 ? `in namespace ${scopes[0]}` : `in namespaces ${scopes.join(', ')}`;
}

/** Exclusion done by the server saves reading and discarding whole namespaces. */
function excludeSelector(field: string, excluded: ReadonlySet<string>): ListScope {
  return excluded.size > 0 ? { fieldSelector: [...excluded].map((ns) => `${field}!=${ns}`).join(',') } : {};
}
