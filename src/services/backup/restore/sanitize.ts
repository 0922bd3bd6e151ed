import { asRecord } from '../../../parsers/kubernetes/values.js';

/** Set by the apiserver for the object it stores; stale or refused in another cluster. */
const SERVER_METADATA = ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

/** Binding state a claim carries from the cluster it was bound in; the target's binder sets its own. */
const CLAIM_BINDING_ANNOTATIONS = [
  'pv.kubernetes.io/bind-completed',
  'pv.kubernetes.io/bound-by-controller',
  'volume.kubernetes.io/selected-node',
  'volume.beta.kubernetes.io/storage-provisioner',
  'volume.kubernetes.io/storage-provisioner',
];

/** Labels the Job controller derives from the Job's uid; the restored Job gets a new uid and new labels. */
const JOB_UID_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid'];

export interface SanitizeContext {
  /** A claim keeps its `volumeName` only when that PersistentVolume is restored with it. */
  restoredVolumes: ReadonlySet<string>;
}

/**
 * Removes, in place, what the source cluster's control plane assigned and the target must assign again: server
 * metadata, status, Service IPs, bindings of volumes to claims by uid, the node a pod ran on, and a Job's generated
 * selector. Owner references are the plan's to rewrite (it knows which owners are restored), except a StatefulSet's
 * on its claims, dropped here.
 */
export function sanitizeForRestore(object: Record<string, unknown>, group: string, kind: string, context: SanitizeContext): void {
  const metadata = asRecord(object.metadata);
  if (metadata) for (const field of SERVER_METADATA) delete metadata[field];
  delete object.status;
  if (group === '' && kind === 'PersistentVolumeClaim') dropStatefulSetOwner(metadata);
  const spec = asRecord(object.spec);
  if (!spec) return;
  if (group === '' && kind === 'Service') {
    // Headless stays headless; any other address belongs to the source cluster's service range.
    if (spec.clusterIP !== 'None') {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
  } else if (group === '' && kind === 'PersistentVolume') {
    const claimRef = asRecord(spec.claimRef);
    // Pre-bound by name to the restored claim; the uid and version were the source claim's.
    if (claimRef) for (const field of ['uid', 'resourceVersion']) delete claimRef[field];
  } else if (group === '' && kind === 'PersistentVolumeClaim') {
    const annotations = asRecord(metadata?.annotations);
    if (annotations) for (const key of CLAIM_BINDING_ANNOTATIONS) delete annotations[key];
    if (typeof spec.volumeName === 'string' && !context.restoredVolumes.has(spec.volumeName)) delete spec.volumeName;
  } else if (group === '' && kind === 'Pod') {
    delete spec.nodeName;
  } else if (group === 'batch' && kind === 'Job' && spec.manualSelector !== true) {
    delete spec.selector;
    const labels = asRecord(asRecord(asRecord(spec.template)?.metadata)?.labels);
    if (labels) for (const key of JOB_UID_LABELS) delete labels[key];
    const own = asRecord(metadata?.labels);
    if (own) for (const key of JOB_UID_LABELS) delete own[key];
  }
}

/**
 * A StatefulSet's claim must exist before the StatefulSet, which would otherwise make an empty one of the same name;
 * so it is restored without its owner reference, which the StatefulSet controller sets again
 * (persistentVolumeClaimRetentionPolicy).
 */
function dropStatefulSetOwner(metadata: Record<string, unknown> | undefined): void {
  if (!metadata || !Array.isArray(metadata.ownerReferences)) return;
  const refs = metadata.ownerReferences.filter((ref) => !(asRecord(ref)?.kind === 'StatefulSet' && String(asRecord(ref)?.apiVersion).startsWith('apps/')));
  if (refs.length > 0) metadata.ownerReferences = refs;
  else delete metadata.ownerReferences;
}
