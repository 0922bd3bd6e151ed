import { asArray, asRecord } from '../../../parsers/kubernetes/values.js';
import { matchesType, type TypeFilter } from '../cluster-view.js';
import type { BackupObject } from '../types.js';
import { applyMappings, mapName, type RestoreMappings } from './mappings.js';
import { orderForRestore, type Orderable } from './order.js';
import { sanitizeForRestore } from './sanitize.js';

export interface RestoreFilter {
  /**
   * Source namespaces to restore (before mapping); empty: all. With any, the only cluster-scoped objects restored are
   * their Namespaces, the CRDs of their custom resources and the volumes bound to their claims.
   */
  namespaces: readonly string[];
  excludeNamespaces: readonly string[];
  /** As for `backup create`: `deployments.apps`, `secrets` or a kind (`Deployment`). */
  types: TypeFilter;
}

export interface PlannedObject extends Orderable {
  /** As stored in the backup. */
  apiVersion: string;
  kind: string;
  /** The object to write: mapped and sanitized; owner references still carry the source uids. */
  body: Record<string, unknown>;
  /** Per entry of `metadata.ownerReferences`: the key of the restored owner, or undefined (not restored). */
  ownerRefKeys: Array<string | undefined>;
  /** Namespace in the backup, when a mapping moved it. */
  sourceNamespace?: string;
}

export interface SkippedObject {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  reason: string;
}

export interface RestorePlan {
  objects: PlannedObject[];
  skipped: SkippedObject[];
}

/** Pod templates stamped out by these controllers: the restored controller makes them again. */
const CONTROLLERS = new Set(['apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', 'apps/DaemonSet', 'batch/Job', 'batch/CronJob', '/ReplicationController', '/Service']);
/**
 * What those controllers make from their spec. Anything else they own is restored: a StatefulSet's claims (owned
 * under a retention policy) hold the binding to the data.
 */
const GENERATED = new Set(['/Pod', 'apps/ReplicaSet', 'apps/ControllerRevision', 'batch/Job', 'discovery.k8s.io/EndpointSlice']);

function objectKey(group: string, resource: string, namespace: string | undefined, name: string): string {
  return `${group}/${resource}/${namespace ?? ''}/${name}`;
}

/**
 * What a restore writes, in order: the selected objects, with mappings applied and what belongs to the source
 * cluster removed. Objects the target makes itself (controllers' pods and replica sets, token Secrets, the root CA
 * ConfigMap) are skipped with the reason. The backup objects are not modified.
 */
export function planRestore(backup: readonly BackupObject[], filter: RestoreFilter, mappings: RestoreMappings): RestorePlan {
  const selected = select(backup, filter);
  const selectedIds = new Map(selected.map((item) => [sourceId(item.group, item.kind, item.namespace, item.name), item]));
  const skipped: SkippedObject[] = [];
  const kept: BackupObject[] = [];
  for (const item of selected) {
    const reason = skipReason(item, selectedIds);
    if (reason) skipped.push({ apiVersion: item.apiVersion, kind: item.kind, ...(item.namespace ? { namespace: item.namespace } : {}), name: item.name, reason });
    else kept.push(item);
  }

  const targetNamespace = (item: BackupObject) => (item.namespace === undefined ? undefined : mapName(mappings.namespaces, item.namespace));
  const targetName = (item: BackupObject) => (item.group === '' && item.kind === 'Namespace' ? mapName(mappings.namespaces, item.name) : item.name);
  const keyOf = (item: BackupObject) => objectKey(item.group, item.resource, targetNamespace(item), targetName(item));
  const keptIds = new Map(kept.map((item) => [sourceId(item.group, item.kind, item.namespace, item.name), keyOf(item)]));
  const restoredVolumes = new Set(kept.filter((item) => item.group === '' && item.kind === 'PersistentVolume').map((item) => item.name));

  const objects = kept.map((item): PlannedObject => {
    // A JSON round trip: the objects came from JSON, and it is several times cheaper than structuredClone.
    const body = JSON.parse(JSON.stringify(item.object)) as Record<string, unknown>;
    body.apiVersion = item.apiVersion;
    body.kind = item.kind;
    applyMappings(body, item.group, item.kind, mappings);
    sanitizeForRestore(body, item.group, item.kind, { restoredVolumes });
    const ownerRefKeys = asArray(asRecord(body.metadata)?.ownerReferences).map((ref) => ownerOf(asRecord(ref), item.namespace, keptIds));
    const namespace = targetNamespace(item);
    return {
      key: keyOf(item),
      group: item.group,
      resource: item.resource,
      ...(namespace !== undefined ? { namespace } : {}),
      name: targetName(item),
      owners: ownerRefKeys.filter((key): key is string => key !== undefined),
      ownerRefKeys,
      apiVersion: item.apiVersion,
      kind: item.kind,
      body,
      ...(namespace !== item.namespace && item.namespace !== undefined ? { sourceNamespace: item.namespace } : {}),
    };
  });
  return { objects: orderForRestore(objects), skipped };
}

/** Backed-up objects carry no uid (a uid means nothing in another cluster): owners are found by kind and name. */
function sourceId(group: string, kind: string, namespace: string | undefined, name: string): string {
  return `${group}/${kind}/${namespace ?? ''}/${name}`;
}

/** An owner is in the dependent's namespace, or cluster-scoped (a namespaced object cannot own across namespaces). */
function ownerOf<T>(ref: Record<string, unknown> | undefined, namespace: string | undefined, ids: ReadonlyMap<string, T>): T | undefined {
  if (typeof ref?.apiVersion !== 'string' || typeof ref.kind !== 'string' || typeof ref.name !== 'string') return undefined;
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0]! : '';
  return (namespace !== undefined ? ids.get(sourceId(group, ref.kind, namespace, ref.name)) : undefined) ?? ids.get(sourceId(group, ref.kind, undefined, ref.name));
}

function select(backup: readonly BackupObject[], filter: RestoreFilter): BackupObject[] {
  const included = new Set(filter.namespaces);
  const excluded = new Set(filter.excludeNamespaces);
  const byType = backup.filter((item) => matchesType(item, filter.types));
  const inScope = (item: BackupObject): boolean => {
    const namespace = item.namespace ?? (item.group === '' && item.kind === 'Namespace' ? item.name : undefined);
    if (namespace !== undefined) return !excluded.has(namespace) && (included.size === 0 || included.has(namespace));
    return included.size === 0;
  };
  const chosen = byType.filter(inScope);
  if (included.size === 0) return chosen;
  // Cluster-scoped objects the selected namespaces need: the definitions of their custom resources, and the volumes
  // bound to their claims.
  const neededKinds = new Set(chosen.map((item) => `${item.group}/${item.kind}`));
  const needed = byType.filter((item) => {
    const spec = asRecord(item.object.spec);
    if (item.group === 'apiextensions.k8s.io' && item.kind === 'CustomResourceDefinition') return neededKinds.has(`${String(spec?.group)}/${String(asRecord(spec?.names)?.kind)}`);
    if (item.group === '' && item.kind === 'PersistentVolume') return included.has(String(asRecord(spec?.claimRef)?.namespace));
    return false;
  });
  return [...needed, ...chosen];
}

/** Kept by the API server itself from its own configuration; the source's copy holds the source's CA and addresses. */
const API_SERVER_OBJECTS = new Set(['/Service/default/kubernetes', '/ConfigMap/kube-system/extension-apiserver-authentication', '/ConfigMap/kube-system/kube-apiserver-legacy-service-account-token-tracking']);

/**
 * Why the target must make this object itself, if it must: restoring the source's copy would hand the target the
 * source's state (its CA, its service IPs, its token signatures) or fight the control plane that keeps it.
 */
function skipReason(item: BackupObject, selected: ReadonlyMap<string, BackupObject>): string | undefined {
  const metadata = asRecord(item.object.metadata);
  if (item.group === '' && item.kind === 'Secret' && item.object.type === 'kubernetes.io/service-account-token') {
    return 'a ServiceAccount token: the target cluster mints its own, signed with its own key';
  }
  if (item.group === '' && item.kind === 'ConfigMap' && item.name === 'kube-root-ca.crt') return 'published by the target cluster (its own CA)';
  if (API_SERVER_OBJECTS.has(`${item.group}/${item.kind}/${item.namespace ?? ''}/${item.name}`)) return 'kept by the target\'s API server';
  if (item.group === 'networking.k8s.io' && (item.kind === 'IPAddress' || item.kind === 'ServiceCIDR')) return 'service IP allocation of the source cluster; the target allocates its own';
  if (item.group === 'apiregistration.k8s.io' && asRecord(metadata?.labels)?.['kube-aggregator.kubernetes.io/automanaged'] !== undefined) return 'registered by the target\'s API server for the groups it serves';
  if (asRecord(metadata?.labels)?.['kubernetes.io/bootstrapping'] === 'rbac-defaults') return 'default RBAC, reconciled by the target\'s API server at start-up';
  if (asRecord(metadata?.annotations)?.['apf.kubernetes.io/autoupdate-spec'] === 'true') return 'API priority and fairness default, kept by the target\'s API server';
  for (const entry of asArray(asRecord(item.object.metadata)?.ownerReferences)) {
    const ref = asRecord(entry);
    const owner = ref?.controller === true ? ownerOf(ref, item.namespace, selected) : undefined;
    if (owner && CONTROLLERS.has(`${owner.group}/${owner.kind}`) && GENERATED.has(`${item.group}/${item.kind}`)) return `made by its controller ${owner.kind} ${owner.name}, which is restored`;
  }
  return undefined;
}
