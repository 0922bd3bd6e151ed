import type { JsonPath } from '../../../core/fix.js';
import type { KubernetesObject } from '../../../parsers/kubernetes/objects.js';
import { asArray, asRecord, asString, getPath } from '../../../parsers/kubernetes/values.js';
import { containersOf, podTemplateOf } from '../../../parsers/kubernetes/workloads.js';
import type { MeshEvidence, MeshOptions, NamespaceInfo, Workload } from './types.js';

export const ISTIO = {
  namespaceInjection: 'istio-injection',
  revision: 'istio.io/rev',
  podInject: 'sidecar.istio.io/inject',
  dataplaneMode: 'istio.io/dataplane-mode',
  sidecarStatus: 'sidecar.istio.io/status',
  proxyContainer: 'istio-proxy',
} as const;

export const LINKERD = {
  inject: 'linkerd.io/inject',
  proxyContainer: 'linkerd-proxy',
} as const;

export interface MeshInventory {
  namespaces: Map<string, NamespaceInfo>;
  workloads: Workload[];
  workloadsByNamespace: Map<string, Workload[]>;
  peerAuthentications: KubernetesObject[];
  destinationRules: KubernetesObject[];
  services: KubernetesObject[];
  rootNamespace: string;
  defaultNamespace: string;
  istio?: MeshEvidence;
  linkerd?: MeshEvidence;
}

/** Label and annotation values as the API server would store them; YAML booleans are tolerated as their text. */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(asRecord(value) ?? {})) {
    if (typeof entry === 'string') out[key] = entry;
    else if (typeof entry === 'boolean' || typeof entry === 'number') out[key] = String(entry);
  }
  return out;
}

function apiGroup(object: KubernetesObject): string {
  const apiVersion = object.apiVersion ?? '';
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

function isIstioKind(object: KubernetesObject, kind: string, group: string): boolean {
  return object.kind === kind && apiGroup(object) === group;
}

export function collectInventory(objects: readonly KubernetesObject[], options: MeshOptions = {}): MeshInventory {
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const namespaceOf = (object: KubernetesObject): string => object.namespace ?? defaultNamespace;
  const inventory: MeshInventory = {
    namespaces: new Map(),
    workloads: [],
    workloadsByNamespace: new Map(),
    peerAuthentications: [],
    destinationRules: [],
    services: [],
    rootNamespace: options.rootNamespace ?? configuredRootNamespace(objects) ?? 'istio-system',
    defaultNamespace,
  };
  const owners = new Set(objects.map((o) => `${namespaceOf(o)}/${o.kind}/${o.name ?? ''}`));
  for (const object of objects) {
    if (object.kind === 'Namespace' && object.name && apiGroup(object) === '') {
      const metadata = asRecord(object.raw.metadata);
      inventory.namespaces.set(object.name, {
        name: object.name,
        object,
        labels: stringMap(metadata?.labels),
        annotations: stringMap(metadata?.annotations),
      });
    } else if (isIstioKind(object, 'PeerAuthentication', 'security.istio.io')) inventory.peerAuthentications.push(object);
    else if (isIstioKind(object, 'DestinationRule', 'networking.istio.io')) inventory.destinationRules.push(object);
    else if (object.kind === 'Service' && apiGroup(object) === '') inventory.services.push(object);
    else {
      const workload = toWorkload(object, namespaceOf(object), owners);
      if (!workload) continue;
      inventory.workloads.push(workload);
      const inNamespace = inventory.workloadsByNamespace.get(workload.namespace) ?? [];
      inNamespace.push(workload);
      inventory.workloadsByNamespace.set(workload.namespace, inNamespace);
    }
  }
  const byObject = new Map(inventory.workloads.map((w) => [w.object, w]));
  for (const object of objects) {
    if (inventory.istio && inventory.linkerd) break;
    inventory.istio ??= istioEvidence(object, inventory.namespaces, byObject.get(object));
    inventory.linkerd ??= linkerdEvidence(object, inventory.namespaces, byObject.get(object));
  }
  return inventory;
}

/** Namespace info for a workload; a namespace absent from the input has unknown (empty) labels. */
export function namespaceInfo(inventory: MeshInventory, name: string): NamespaceInfo {
  return inventory.namespaces.get(name) ?? { name, labels: {}, annotations: {} };
}

function toWorkload(object: KubernetesObject, namespace: string, owners: Set<string>): Workload | undefined {
  // A PodTemplate object runs nothing; pods and ReplicaSets of a cluster dump repeat their owner's template.
  if (object.kind === 'PodTemplate' || ownedByInputObject(object, namespace, owners)) return undefined;
  const pod = podTemplateOf(object);
  if (!pod) return undefined;
  return {
    object,
    pod,
    namespace,
    name: object.name ?? '?',
    kind: object.kind,
    labels: stringMap(pod.metadata.labels),
    annotations: stringMap(pod.metadata.annotations),
  };
}

function ownedByInputObject(object: KubernetesObject, namespace: string, owners: Set<string>): boolean {
  return asArray(getPath(object.raw, ['metadata', 'ownerReferences'])).some((value) => {
    const ref = asRecord(value);
    return ref?.controller === true && owners.has(`${namespace}/${asString(ref.kind) ?? ''}/${asString(ref.name) ?? ''}`);
  });
}

function configuredRootNamespace(objects: readonly KubernetesObject[]): string | undefined {
  for (const object of objects) {
    if (!isIstioKind(object, 'IstioOperator', 'install.istio.io')) continue;
    const root = asString(getPath(object.raw, ['spec', 'meshConfig', 'rootNamespace']));
    if (root) return root;
  }
  return undefined;
}

export function hasContainer(workload: Workload, name: string): boolean {
  return containersOf(workload.pod).some((ref) => ref.name === name);
}

function labelRef(object: KubernetesObject, base: JsonPath, kind: 'labels' | 'annotations', key: string, description: string): MeshEvidence {
  return { object, path: [...base, kind, key], description };
}

function istioEvidence(object: KubernetesObject, namespaces: Map<string, NamespaceInfo>, workload: Workload | undefined): MeshEvidence | undefined {
  if (apiGroup(object).endsWith('istio.io')) return { object, path: ['kind'], description: `${object.kind} ${object.name ?? '?'}` };
  const ns = object.kind === 'Namespace' && object.name ? namespaces.get(object.name) : undefined;
  if (ns) {
    for (const key of [ISTIO.namespaceInjection, ISTIO.revision, ISTIO.dataplaneMode]) {
      if (key in ns.labels) return labelRef(object, ['metadata'], 'labels', key, `namespace ${ns.name} label ${key}=${ns.labels[key]}`);
    }
  }
  if (!workload) return undefined;
  const { metadataPath } = workload.pod;
  for (const key of [ISTIO.podInject, ISTIO.revision, ISTIO.dataplaneMode]) {
    if (key in workload.labels) return labelRef(object, metadataPath, 'labels', key, `${describeWorkload(workload)} label ${key}`);
  }
  if (ISTIO.podInject in workload.annotations) {
    return labelRef(object, metadataPath, 'annotations', ISTIO.podInject, `${describeWorkload(workload)} annotation ${ISTIO.podInject}`);
  }
  if (hasContainer(workload, ISTIO.proxyContainer)) {
    return { object, path: [...workload.pod.specPath, 'containers'], description: `${describeWorkload(workload)} container istio-proxy` };
  }
  return undefined;
}

function linkerdEvidence(object: KubernetesObject, namespaces: Map<string, NamespaceInfo>, workload: Workload | undefined): MeshEvidence | undefined {
  if (apiGroup(object).endsWith('linkerd.io')) return { object, path: ['kind'], description: `${object.kind} ${object.name ?? '?'}` };
  const ns = object.kind === 'Namespace' && object.name ? namespaces.get(object.name) : undefined;
  if (ns && LINKERD.inject in ns.annotations) {
    return labelRef(object, ['metadata'], 'annotations', LINKERD.inject, `namespace ${ns.name} annotation ${LINKERD.inject}`);
  }
  if (!workload) return undefined;
  if (LINKERD.inject in workload.annotations) {
    return labelRef(object, workload.pod.metadataPath, 'annotations', LINKERD.inject, `${describeWorkload(workload)} annotation ${LINKERD.inject}`);
  }
  if (hasContainer(workload, LINKERD.proxyContainer)) {
    return { object, path: [...workload.pod.specPath, 'containers'], description: `${describeWorkload(workload)} container linkerd-proxy` };
  }
  return undefined;
}

export function describeWorkload(workload: Workload): string {
  return `${workload.kind} ${workload.namespace}/${workload.name}`;
}

/** `Deployment app/web, Deployment app/api and 3 more`: findings name workloads without flooding. */
export function listWorkloads(workloads: readonly Workload[], limit = 5): string {
  const names = workloads.map(describeWorkload);
  if (names.length <= limit) return names.join(', ');
  return `${names.slice(0, limit).join(', ')} and ${names.length - limit} more`;
}

/** Kubernetes label-selector `matchLabels` semantics: every pair present. An empty selector matches nothing here. */
export function matchesLabels(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}
