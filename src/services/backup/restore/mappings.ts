import { asArray, asRecord } from '../../../parsers/kubernetes/values.js';

/** `--namespace-map a=b`, `--storage-class-map x=y`: from-name to to-name. */
export type NameMap = ReadonlyMap<string, string>;

export interface RestoreMappings {
  namespaces: NameMap;
  storageClasses: NameMap;
}

export class MappingError extends Error {}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/**
 * Parses `from=to` pairs. Two sources mapped to one target would merge unrelated objects under one name, and one source
 * mapped twice is ambiguous: both are refused.
 */
export function parseNameMap(pairs: readonly string[], flag: string, kind: 'namespace' | 'storage-class'): Map<string, string> {
  const valid = kind === 'namespace' ? DNS_LABEL : DNS_SUBDOMAIN;
  const map = new Map<string, string>();
  const targets = new Map<string, string>();
  for (const pair of pairs) {
    const [from, to, ...rest] = pair.split('=');
    if (from === undefined || to === undefined || rest.length > 0 || !valid.test(from) || !valid.test(to)) {
      throw new MappingError(`--${flag} takes FROM=TO with ${kind === 'namespace' ? 'namespace names (DNS labels)' : 'StorageClass names'}, not "${pair}"`);
    }
    if (map.has(from)) throw new MappingError(`--${flag}: ${from} is mapped twice`);
    const earlier = targets.get(to);
    if (earlier !== undefined) throw new MappingError(`--${flag}: ${earlier} and ${from} are both mapped to ${to}`);
    map.set(from, to);
    targets.set(to, from);
  }
  return map;
}

export const mapName = (map: NameMap, name: string): string => map.get(name) ?? name;

/**
 * Rewrites, in place, every place an object names a namespace or StorageClass that a mapping moves: its own namespace
 * (a Namespace's own name), ServiceAccount subjects of bindings, the service a webhook or APIService calls, a
 * PersistentVolume's claim, and the StorageClass of claims and volumes.
 */
export function applyMappings(object: Record<string, unknown>, group: string, kind: string, mappings: RestoreMappings): void {
  const metadata = asRecord(object.metadata);
  if (metadata) {
    if (typeof metadata.namespace === 'string') metadata.namespace = mapName(mappings.namespaces, metadata.namespace);
    if (group === '' && kind === 'Namespace' && typeof metadata.name === 'string') {
      metadata.name = mapName(mappings.namespaces, metadata.name);
      const labels = asRecord(metadata.labels);
      // The apiserver keeps this label equal to the name; a stale one would mislead selectors until it does.
      if (labels && typeof labels['kubernetes.io/metadata.name'] === 'string') labels['kubernetes.io/metadata.name'] = metadata.name;
    }
  }
  if (group === 'rbac.authorization.k8s.io' && (kind === 'RoleBinding' || kind === 'ClusterRoleBinding')) {
    for (const subject of asArray(object.subjects).map(asRecord)) {
      if (subject?.kind === 'ServiceAccount' && typeof subject.namespace === 'string') subject.namespace = mapName(mappings.namespaces, subject.namespace);
    }
  }
  if (group === 'admissionregistration.k8s.io' && (kind === 'ValidatingWebhookConfiguration' || kind === 'MutatingWebhookConfiguration')) {
    for (const webhook of asArray(object.webhooks).map(asRecord)) mapServiceNamespace(asRecord(asRecord(webhook?.clientConfig)?.service), mappings.namespaces);
  }
  if (group === 'apiregistration.k8s.io' && kind === 'APIService') mapServiceNamespace(asRecord(asRecord(object.spec)?.service), mappings.namespaces);
  const spec = asRecord(object.spec);
  if (group !== '' || !spec) return;
  if (kind === 'PersistentVolume') {
    const claimRef = asRecord(spec.claimRef);
    if (claimRef && typeof claimRef.namespace === 'string') claimRef.namespace = mapName(mappings.namespaces, claimRef.namespace);
  }
  if ((kind === 'PersistentVolume' || kind === 'PersistentVolumeClaim') && typeof spec.storageClassName === 'string' && spec.storageClassName !== '') {
    spec.storageClassName = mapName(mappings.storageClasses, spec.storageClassName);
  }
}

function mapServiceNamespace(service: Record<string, unknown> | undefined, namespaces: NameMap): void {
  if (service && typeof service.namespace === 'string') service.namespace = mapName(namespaces, service.namespace);
}
