import type { JsonPath } from '../../../core/fix.js';
import type { KubernetesObject } from '../../../parsers/kubernetes/objects.js';
import { asArray, asRecord, asString, getPath } from '../../../parsers/kubernetes/values.js';
import { matchesLabels, stringMap, type MeshInventory } from './inventory.js';
import type { FieldRef, Workload } from './types.js';

const CLIENT_TLS_MODES = new Set(['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL']);
/** Kubernetes' default cluster domain; Istio qualifies short hosts with it too. */
const CLUSTER_DOMAIN = 'svc.cluster.local';

export interface ClientTlsSetting extends FieldRef {
  mode: string;
  host: string;
  port?: number;
  subset?: string;
  /** Destination workloads behind the host (and subset), whatever their mesh state. */
  workloads: Workload[];
}

export interface DestinationRuleAnalysis {
  settings: ClientTlsSetting[];
  problems: Array<FieldRef & { message: string }>;
}

/**
 * Every client TLS setting of a DestinationRule with the workloads it sends to. Hosts resolve like
 * Istio's ResolveShortnameToFQDN: a name without a dot is qualified with the rule's namespace; a
 * leading `*.` matches any suffix; `exportTo` and rule merging across namespaces are not modelled.
 */
export function analyzeDestinationRule(object: KubernetesObject, inventory: MeshInventory): DestinationRuleAnalysis {
  const problems: DestinationRuleAnalysis['problems'] = [];
  const settings: ClientTlsSetting[] = [];
  const host = asString(getPath(object.raw, ['spec', 'host']));
  if (!host) {
    problems.push({ object, path: ['spec', 'host'], message: 'spec.host is missing; the API server rejects the DestinationRule' });
    return { settings, problems };
  }
  const namespace = object.namespace ?? inventory.defaultNamespace;
  const fqdn = host === '*' || host.includes('.') ? host : `${host}.${namespace}.${CLUSTER_DOMAIN}`;
  const destinations = destinationWorkloads(fqdn, inventory);
  const policies: Array<{ path: JsonPath; subset?: string; labels?: Record<string, string> }> = [{ path: ['spec', 'trafficPolicy'] }];
  asArray(getPath(object.raw, ['spec', 'subsets'])).forEach((value, i) => {
    const subset = asRecord(value);
    if (!subset) return;
    const name = asString(subset.name) ?? `#${i}`;
    policies.push({ path: ['spec', 'subsets', i, 'trafficPolicy'], subset: name, labels: stringMap(subset.labels) });
  });
  for (const policy of policies) {
    const workloads = policy.labels ? destinations.filter((w) => matchesLabels(policy.labels!, w.labels)) : destinations;
    const read = (path: JsonPath, port?: number): void => {
      const mode = getPath(object.raw, path);
      if (mode === undefined) return;
      if (typeof mode !== 'string' || !CLIENT_TLS_MODES.has(mode)) {
        problems.push({ object, path, message: `tls.mode ${JSON.stringify(mode)} is not one of DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL; the API server rejects the DestinationRule` });
        return;
      }
      settings.push({
        object,
        path,
        mode,
        host,
        workloads,
        ...(port !== undefined ? { port } : {}),
        ...(policy.subset !== undefined ? { subset: policy.subset } : {}),
      });
    };
    read([...policy.path, 'tls', 'mode']);
    asArray(getPath(object.raw, [...policy.path, 'portLevelSettings'])).forEach((_, j) => {
      const port = getPath(object.raw, [...policy.path, 'portLevelSettings', j, 'port', 'number']);
      read([...policy.path, 'portLevelSettings', j, 'tls', 'mode'], typeof port === 'number' ? port : undefined);
    });
  }
  return { settings, problems };
}

function destinationWorkloads(host: string, inventory: MeshInventory): Workload[] {
  const out = new Set<Workload>();
  const services = host.startsWith('*')
    ? [...serviceHosts(inventory)].filter(([fqdn]) => hostMatches(host, fqdn)).flatMap(([, list]) => list)
    : (serviceHosts(inventory).get(host) ?? []);
  for (const service of services) {
    const namespace = service.namespace ?? inventory.defaultNamespace;
    const selector = stringMap(getPath(service.raw, ['spec', 'selector']));
    for (const workload of inventory.workloadsByNamespace.get(namespace) ?? []) {
      if (matchesLabels(selector, workload.labels)) out.add(workload);
    }
  }
  return [...out];
}

const hostIndex = new WeakMap<MeshInventory, Map<string, KubernetesObject[]>>();

/** Services by their cluster FQDN, built once per inventory: DestinationRules look hosts up. */
function serviceHosts(inventory: MeshInventory): Map<string, KubernetesObject[]> {
  let index = hostIndex.get(inventory);
  if (index) return index;
  index = new Map();
  for (const service of inventory.services) {
    const fqdn = `${service.name ?? ''}.${service.namespace ?? inventory.defaultNamespace}.${CLUSTER_DOMAIN}`;
    index.set(fqdn, [...(index.get(fqdn) ?? []), service]);
  }
  hostIndex.set(inventory, index);
  return index;
}

function hostMatches(pattern: string, fqdn: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return fqdn.endsWith(pattern.slice(1));
  return pattern === fqdn;
}
