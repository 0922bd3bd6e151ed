import { isAdminPolicyObject } from '../../../analysis/netpol/admin-model.js';
import { selectorMatches, type LabelSelector, type Labels } from '../../../../parsers/kubernetes/label-selector.js';
import { isBuiltInKind, type KubernetesObject } from '../../../../parsers/kubernetes/objects.js';
import { asArray, asRecord } from '../../../../parsers/kubernetes/values.js';

/**
 * Operators (prometheus-operator, ECK, Strimzi, CloudNativePG, Zalando's postgres-operator...) make
 * pods from custom resources, so the pods a policy is written for may be absent from the manifests.
 * A custom resource of the policy's namespace accounts for the selector when:
 * - the selector matches one of its label maps: its own labels, or a `labels` map in its spec, where
 *   operators take pod labels from (`podMetadata`, `podTemplate.metadata`, `template.pod.metadata`,
 *   `inheritedMetadata`);
 * - the selector names it: a value of the selector is the resource's name
 *   (`prometheus: k8s`, `cnpg.io/cluster: pg`, `app.kubernetes.io/instance: main`);
 * - a key of the selector is in the resource's API domain (`strimzi.io/cluster` for
 *   `kafka.strimzi.io`, `elasticsearch.k8s.elastic.co/cluster-name` for ECK).
 * Only resources that look like something that runs pods count (see makesPods): a ServiceMonitor or
 * a Certificate named after the app says nothing about its pods. A plain typo (`app: wbe`) meets none
 * of these.
 */
export function operatorResourceFor(selector: LabelSelector, customResources: readonly KubernetesObject[]): KubernetesObject | undefined {
  const values = new Set([...selector.matchLabels.map(([, v]) => v), ...selector.requirements.filter((r) => r.operator === 'In').flatMap((r) => [...r.values])]);
  const keys = [...selector.matchLabels.map(([k]) => k), ...selector.requirements.filter((r) => r.operator === 'In' || r.operator === 'Exists').map((r) => r.key)];
  const keyDomains = new Set(keys.filter((key) => key.includes('/')).map((key) => domainOf(key.split('/')[0]!)));
  return customResources.find((resource) => {
    if (resource.name && values.has(resource.name)) return true;
    const group = resource.apiVersion?.includes('/') ? resource.apiVersion.split('/')[0]! : '';
    if (group.includes('.') && keyDomains.has(domainOf(group))) return true;
    return labelMaps(resource.raw).some((labels) => selectorMatches(selector, labels));
  });
}

/** The custom resources that run pods (see isOperatorResource), by namespace (objects without one are in `defaultNamespace`). */
export function operatorResourcesByNamespace(objects: readonly KubernetesObject[], defaultNamespace: string): Map<string, KubernetesObject[]> {
  const byNamespace = new Map<string, KubernetesObject[]>();
  for (const object of objects) {
    if (!isOperatorResource(object)) continue;
    const namespace = object.namespace ?? defaultNamespace;
    const list = byNamespace.get(namespace);
    if (list) list.push(object);
    else byNamespace.set(namespace, [object]);
  }
  return byNamespace;
}

/** A custom resource that looks like it runs pods through its operator (see makesPods). */
export function isOperatorResource(object: KubernetesObject): boolean {
  return !isBuiltInKind(object.kind) && !isAdminPolicyObject(object) && makesPods(object.raw.spec, 0);
}

/**
 * Fields operators' pod-running resources have and configuration-only ones (ServiceMonitor,
 * Certificate, ExternalSecret, VirtualService) do not: a replica count, a pod template or pod
 * metadata, an image or version to run, node sets.
 */
const POD_MAKER_FIELDS = new Set(['replicas', 'instances', 'numberOfInstances', 'nodeSets', 'podTemplate', 'podMetadata', 'template', 'image', 'imageName', 'version']);

function makesPods(spec: unknown, depth: number): boolean {
  const record = asRecord(spec);
  if (!record || depth > 2) return false;
  return Object.entries(record).some(([key, value]) => POD_MAKER_FIELDS.has(key) || makesPods(value, depth + 1));
}

/** The last two labels of a DNS name: `common.k8s.elastic.co` and `elasticsearch.k8s.elastic.co` share `elastic.co`. */
function domainOf(name: string): string {
  return name.split('.').slice(-2).join('.');
}

const MAX_DEPTH = 8;

/** The object's labels and every string map named `labels` in its spec (bounded: the input is untrusted). */
function labelMaps(raw: Record<string, unknown>): Labels[] {
  const maps: Labels[] = [];
  const add = (value: unknown) => {
    const record = asRecord(value);
    if (!record) return;
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(record)) if (typeof v === 'string') labels[k] = v;
    if (Object.keys(labels).length > 0) maps.push(labels);
  };
  add(asRecord(raw.metadata)?.labels);
  const walk = (value: unknown, depth: number) => {
    if (depth > MAX_DEPTH) return;
    if (Array.isArray(value)) {
      for (const item of asArray(value)) walk(item, depth + 1);
      return;
    }
    const record = asRecord(value);
    if (!record) return;
    for (const [key, child] of Object.entries(record)) {
      if (key === 'labels') add(child);
      else walk(child, depth + 1);
    }
  };
  walk(raw.spec, 0);
  return maps;
}
