import type { JsonPath } from '../../core/fix.js';
import type { ResourceRef } from '../../core/finding.js';
import { ownString } from './own-string.js';
import { asRecord } from './values.js';
import type { Located, ParsedYamlFile, YamlDocument } from './documents.js';

export interface KubernetesObject {
  apiVersion?: string;
  kind: string;
  name?: string;
  namespace?: string;
  raw: Record<string, unknown>;
  document: YamlDocument;
  /** Where the object sits inside its document: `[]`, or `['items', i]` inside a List. */
  basePath: JsonPath;
  /** Maps a field path to the source range; rendered charts replace it to point at templates. */
  locate(path: JsonPath): Located;
  /** Where `rampart fix` may apply this object's patches as they are; absent for rendered templates. */
  editable?: EditTarget;
}

export interface EditTarget {
  file: string;
  documentIndex: number;
  basePath: JsonPath;
}

/** Copied out of the file's text (see ownString): a finding keeps its resource until the report is written. */
export function resourceRef(object: KubernetesObject): ResourceRef {
  // Assigned rather than spread in, here and in makeObject: made per object of a large tree, and V8 copies a
  // conditional spread through a slow generic path. The keys keep their order.
  const ref = {} as ResourceRef;
  if (object.apiVersion) ref.apiVersion = ownString(object.apiVersion);
  ref.kind = ownString(object.kind);
  if (object.namespace) ref.namespace = ownString(object.namespace);
  if (object.name) ref.name = ownString(object.name);
  return ref;
}

/** True for a document that looks like a Kubernetes object, as opposed to other YAML (CI configs, values files). */
export function isKubernetesShaped(value: unknown): value is Record<string, unknown> & { apiVersion: string; kind: string } {
  const record = asRecord(value);
  return !!record && typeof record.apiVersion === 'string' && typeof record.kind === 'string' && record.kind !== '';
}

/**
 * The objects of a file. Lists are read item by item: `kubectl get -o yaml` gives a `List` whose
 * items carry their kind; the API's own list responses (`PodList`, `NetworkPolicyList`, what
 * `kubectl get --raw` and client libraries return) leave `kind` and `apiVersion` out of the items, so
 * they are taken from the list (`PodList` in `v1` holds `v1` `Pod`s).
 */
export function extractObjects(file: ParsedYamlFile): KubernetesObject[] {
  const objects: KubernetesObject[] = [];
  for (const document of file.documents) {
    const value = document.value;
    if (!isKubernetesShaped(value)) continue;
    const items = value.items;
    if (value.kind.endsWith('List') && Array.isArray(items)) {
      const itemKind = value.kind === 'List' ? undefined : value.kind.slice(0, -'List'.length);
      items.forEach((item, i) => {
        if (isKubernetesShaped(item)) objects.push(makeObject(item, document, ['items', i]));
        else if (itemKind && isUntypedItem(item)) objects.push(makeObject(item, document, ['items', i], { apiVersion: value.apiVersion, kind: itemKind }));
      });
      continue;
    }
    objects.push(makeObject(value, document, []));
  }
  return objects;
}

/** An item of a typed list, which the API server sends without kind and apiVersion. */
function isUntypedItem(value: unknown): value is Record<string, unknown> {
  const record = asRecord(value);
  return !!record && record.kind === undefined && record.apiVersion === undefined && !!asRecord(record.metadata);
}

/** `type` names the kind of a list item that does not carry its own (see extractObjects). */
export function makeObject(raw: Record<string, unknown>, document: YamlDocument, basePath: JsonPath, type?: { apiVersion: string; kind: string }): KubernetesObject {
  const metadata = asRecord(raw.metadata) ?? {};
  const name = typeof metadata.name === 'string' ? metadata.name : undefined;
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
  const locateInDocument = document.locate;
  const object = { apiVersion: type?.apiVersion ?? (raw.apiVersion as string), kind: type?.kind ?? (raw.kind as string) } as KubernetesObject;
  if (name !== undefined) object.name = name;
  if (namespace !== undefined) object.namespace = namespace;
  object.raw = raw;
  object.document = document;
  object.basePath = basePath;
  // Through the document's locate function only, so a pruned copy of this object (pipeline/retain.ts) does not keep
  // the full document value alive.
  object.locate = (path) => locateInDocument([...basePath, ...path]);
  object.editable = { file: document.file, documentIndex: document.index, basePath };
  return object;
}

/** Kinds served by a stock API server; anything else is a CRD instance or a typo. */
const BUILT_IN_KINDS = new Set([
  'Binding', 'ComponentStatus', 'ConfigMap', 'Endpoints', 'Event', 'LimitRange', 'Namespace', 'Node',
  'PersistentVolume', 'PersistentVolumeClaim', 'Pod', 'PodTemplate', 'ReplicationController', 'ResourceQuota',
  'Secret', 'Service', 'ServiceAccount', 'ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet',
  'StatefulSet', 'HorizontalPodAutoscaler', 'CronJob', 'Job', 'Lease', 'EndpointSlice', 'Ingress', 'IngressClass',
  'NetworkPolicy', 'IPAddress', 'ServiceCIDR', 'PodDisruptionBudget', 'ClusterRole', 'ClusterRoleBinding', 'Role',
  'RoleBinding', 'PriorityClass', 'CSIDriver', 'CSINode', 'CSIStorageCapacity', 'StorageClass', 'VolumeAttachment',
  'VolumeAttributesClass', 'CustomResourceDefinition', 'APIService', 'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'RuntimeClass', 'FlowSchema',
  'PriorityLevelConfiguration', 'CertificateSigningRequest', 'ClusterTrustBundle', 'PodSecurityPolicy',
  'DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice', 'StorageVersionMigration',
  'TokenReview', 'SubjectAccessReview', 'SelfSubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectReview',
  'SelfSubjectRulesReview', 'LeaseCandidate', 'PodScheduling', 'PodSchedulingContext',
]);

export function isBuiltInKind(kind: string): boolean {
  return BUILT_IN_KINDS.has(kind);
}
