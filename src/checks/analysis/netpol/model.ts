import type { JsonPath } from '../../../core/fix.js';
import type { KubernetesObject } from '../../../parsers/kubernetes/objects.js';
import { asArray, asRecord, asString } from '../../../parsers/kubernetes/values.js';
import { podTemplateOf, WORKLOAD_KINDS } from '../../../parsers/kubernetes/workloads.js';
import { parseAddressOrCidr, parseCidr, type AddressSet } from './addresses.js';
import { contains, normalize, subtract, type Range } from './intervals.js';
import { ALL_PORTS_SPEC, connectionsOf, isProtocol, MAX_PORT, MIN_PORT, NO_PORTS_SPEC, unionPortSpecs, type PortSpec, type Protocol } from './connections.js';
import { parseSelector, type Labels, type LabelSelector, type PolicyIssue } from '../../../parsers/kubernetes/label-selector.js';
import { isPortName, isPortNumber, listField, mapItem } from './fields.js';
import { isAdminPolicyObject, parseAdminPolicy, type AdminPolicy, type NodeInfo } from './admin-model.js';
import { exposures, type Exposure } from './ingress.js';

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface ContainerPort {
  port: number;
  protocol: Protocol;
  name?: string;
  path: JsonPath;
}

export interface Workload {
  namespace: string;
  name: string;
  /** The owning controller's kind for Pods created by one, as np-guard's analyzer names them. */
  kind: string;
  labels: Labels;
  ports: readonly ContainerPort[];
  /** `PROTO/name` to container port, for resolving named ports in policies. */
  namedPorts: ReadonlyMap<string, number>;
  object: KubernetesObject;
  labelsPath: JsonPath;
}

export interface NamespaceInfo {
  name: string;
  labels: Labels;
  object?: KubernetesObject;
}

export type PolicyPeer =
  | { type: 'pods'; namespaceSelector?: LabelSelector; podSelector?: LabelSelector; path: JsonPath }
  | { type: 'ipBlock'; cidr: string; addresses: AddressSet; path: JsonPath };

export interface PolicyRule {
  path: JsonPath;
  /** Undefined when `from`/`to` is absent or empty: every source or destination, in and out of the cluster. */
  peers?: readonly PolicyPeer[];
  ports: PortSpec;
  /** `ports` absent or empty: every port of every protocol. */
  allPorts: boolean;
}

export interface Policy {
  object: KubernetesObject;
  namespace: string;
  name: string;
  podSelector: LabelSelector;
  affectsIngress: boolean;
  affectsEgress: boolean;
  ingress: readonly PolicyRule[];
  egress: readonly PolicyRule[];
  /** Problems the API server would reject the policy for; such a policy is left out of the analysis. */
  issues: readonly PolicyIssue[];
}

export interface NetpolModel {
  namespaces: ReadonlyMap<string, NamespaceInfo>;
  workloads: readonly Workload[];
  /** Every NetworkPolicy, valid or not. */
  policies: readonly Policy[];
  /** Valid policies only: what the cluster would enforce. */
  enforced: readonly Policy[];
  /** Every AdminNetworkPolicy and BaselineAdminNetworkPolicy, valid or not. */
  adminPolicies: readonly AdminPolicy[];
  /** Valid AdminNetworkPolicies, in evaluation order: priority, then name (the API leaves ties undefined). */
  admin: readonly AdminPolicy[];
  /** The valid BaselineAdminNetworkPolicy (a singleton named `default`), if any. */
  baseline?: AdminPolicy;
  /** Workloads an Ingress or OpenShift Route sends outside traffic to, through the ingress controller. */
  exposed: ReadonlyMap<Workload, Exposure>;
}

export interface ModelOptions {
  /** Namespace of objects without one; default `default`. */
  defaultNamespace?: string;
}

export function buildModel(objects: readonly KubernetesObject[], options: ModelOptions = {}): NetpolModel {
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const nsOf = (object: KubernetesObject) => object.namespace ?? defaultNamespace;
  const namespaces = new Map<string, NamespaceInfo>();
  for (const object of objects) {
    if (object.kind !== 'Namespace' || !object.name || namespaces.has(object.name)) continue;
    const labels = stringLabels(asRecord(object.raw.metadata)?.labels);
    namespaces.set(object.name, { name: object.name, labels: { ...labels, [NAMESPACE_NAME_LABEL]: object.name }, object });
  }
  const workloads = collectWorkloads(objects, nsOf);
  for (const workload of workloads) {
    if (!namespaces.has(workload.namespace)) {
      namespaces.set(workload.namespace, { name: workload.namespace, labels: { [NAMESPACE_NAME_LABEL]: workload.namespace } });
    }
  }
  const policies = objects.filter(isNetworkPolicy).map((object) => parsePolicy(object, nsOf(object)));
  const nodes = objects.filter((o) => o.kind === 'Node').map(nodeInfo);
  const adminPolicies = objects.filter(isAdminPolicyObject).map((object) => parseAdminPolicy(object, nodes));
  const valid = adminPolicies.filter((p) => p.issues.length === 0);
  const admin = valid.filter((p) => !p.baseline).sort((a, b) => a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const baseline = valid.find((p) => p.baseline);
  return {
    namespaces,
    workloads,
    policies,
    enforced: policies.filter((p) => p.issues.length === 0),
    adminPolicies,
    admin,
    ...(baseline ? { baseline } : {}),
    exposed: exposures(objects, workloads, nsOf),
  };
}

/** A Node's labels and the IP addresses of its `status.addresses` (hostnames are not addresses). */
function nodeInfo(object: KubernetesObject): NodeInfo {
  const ranges = asArray(asRecord(object.raw.status)?.addresses).flatMap((entry) => {
    const address = asString(asRecord(entry)?.address);
    const range = address && !address.includes('/') ? parseAddressOrCidr(address) : undefined;
    return range ? [range] : [];
  });
  return { labels: stringLabels(asRecord(object.raw.metadata)?.labels), addresses: normalize(ranges) };
}

function isNetworkPolicy(object: KubernetesObject): boolean {
  return object.kind === 'NetworkPolicy' && (object.apiVersion ?? '').startsWith('networking.k8s.io/');
}

function stringLabels(value: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(asRecord(value) ?? {})) if (typeof v === 'string') labels[k] = v;
  return labels;
}

interface OwnerRef {
  kind: string;
  name: string;
}

function controllerOf(object: KubernetesObject): OwnerRef | undefined {
  for (const ref of asArray(asRecord(object.raw.metadata)?.ownerReferences)) {
    const record = asRecord(ref);
    if (record?.controller === true && typeof record.kind === 'string' && typeof record.name === 'string') return { kind: record.kind, name: record.name };
  }
  return undefined;
}

/**
 * One workload per controller: in a cluster dump, Pods and ReplicaSets whose controller is in the
 * input fold into it (so a Deployment is one workload, not three). A Pod whose controller is absent
 * is named after that controller, as np-guard's analyzer does.
 */
function collectWorkloads(objects: readonly KubernetesObject[], nsOf: (o: KubernetesObject) => string): Workload[] {
  const present = new Set<string>();
  for (const object of objects) {
    if (object.name && WORKLOAD_KINDS.includes(object.kind)) present.add(`${nsOf(object)}/${object.kind}/${object.name}`);
  }
  const byKey = new Map<string, Workload>();
  for (const object of objects) {
    if (object.kind === 'PodTemplate' || !object.name) continue;
    const pod = podTemplateOf(object);
    if (!pod) continue;
    const namespace = nsOf(object);
    const owner = controllerOf(object);
    if (owner && present.has(`${namespace}/${owner.kind}/${owner.name}`)) continue;
    const named = object.kind === 'Pod' && owner && owner.kind !== 'Node' ? owner : { kind: object.kind, name: object.name };
    const key = `${namespace}/${named.name}[${named.kind}]`;
    if (byKey.has(key)) continue;
    const ports: ContainerPort[] = [];
    asArray(pod.spec.containers).forEach((container, c) => {
      asArray(asRecord(container)?.ports).forEach((value, p) => {
        const record = asRecord(value);
        const port = record?.containerPort;
        if (typeof port !== 'number') return;
        const protocol = record?.protocol === undefined ? 'TCP' : record.protocol;
        if (!isProtocol(protocol)) return;
        const name = asString(record?.name);
        ports.push({ port, protocol, ...(name ? { name } : {}), path: [...pod.specPath, 'containers', c, 'ports', p] });
      });
    });
    const namedPorts = new Map<string, number>();
    for (const port of ports) if (port.name && !namedPorts.has(`${port.protocol}/${port.name}`)) namedPorts.set(`${port.protocol}/${port.name}`, port.port);
    byKey.set(key, {
      namespace,
      name: named.name,
      kind: named.kind,
      labels: stringLabels(pod.metadata.labels),
      ports,
      namedPorts,
      object,
      labelsPath: [...pod.metadataPath, 'labels'],
    });
  }
  return [...byKey.values()];
}

function parsePolicy(object: KubernetesObject, namespace: string): Policy {
  const issues: PolicyIssue[] = [];
  const spec = asRecord(object.raw.spec) ?? {};
  if (!asRecord(object.raw.spec)) issues.push({ path: ['spec'], message: 'a NetworkPolicy needs a spec map' });
  const podSelector = parseSelector(spec.podSelector, ['spec', 'podSelector'], issues);
  const types = listField(spec, 'policyTypes', ['spec'], issues);
  types.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') issues.push({ path: ['spec', 'policyTypes', i], message: `unknown policy type "${String(t)}" (use Ingress or Egress)` });
  });
  // The API server's defaulting: Ingress always, Egress only when egress rules are present.
  const affectsIngress = types.length > 0 ? types.includes('Ingress') : true;
  const affectsEgress = types.length > 0 ? types.includes('Egress') : asArray(spec.egress).length > 0;
  const rules = (direction: 'ingress' | 'egress') =>
    listField(spec, direction, ['spec'], issues).map((value, i) =>
      parseRule(mapItem(value, ['spec', direction, i], issues), ['spec', direction, i], direction === 'ingress' ? 'from' : 'to', issues),
    );
  return {
    object,
    namespace,
    name: object.name ?? '',
    podSelector,
    affectsIngress,
    affectsEgress,
    ingress: rules('ingress'),
    egress: rules('egress'),
    issues,
  };
}

function parseRule(rule: Record<string, unknown>, path: JsonPath, peersField: 'from' | 'to', issues: PolicyIssue[]): PolicyRule {
  const peerValues = listField(rule, peersField, path, issues);
  const peers = peerValues.length === 0 ? undefined : peerValues.map((value, i) => parsePeer(mapItem(value, [...path, peersField, i], issues), [...path, peersField, i], issues));
  const portValues = listField(rule, 'ports', path, issues);
  let ports = portValues.length === 0 ? ALL_PORTS_SPEC : NO_PORTS_SPEC;
  portValues.forEach((value, i) => {
    const parsed = parsePort(mapItem(value, [...path, 'ports', i], issues), [...path, 'ports', i], issues);
    if (parsed) ports = unionPortSpecs(ports, parsed);
  });
  return { path, ...(peers ? { peers } : {}), ports, allPorts: portValues.length === 0 };
}

function parsePeer(peer: Record<string, unknown>, path: JsonPath, issues: PolicyIssue[]): PolicyPeer {
  const hasIpBlock = peer.ipBlock !== undefined;
  const hasSelectors = peer.namespaceSelector !== undefined || peer.podSelector !== undefined;
  if (hasIpBlock) {
    if (hasSelectors) issues.push({ path, message: 'a peer with ipBlock may not also have namespaceSelector or podSelector' });
    return parseIpBlock(mapItem(peer.ipBlock, [...path, 'ipBlock'], issues), [...path, 'ipBlock'], issues);
  }
  if (!hasSelectors) issues.push({ path, message: 'a peer needs podSelector, namespaceSelector or ipBlock' });
  return {
    type: 'pods',
    path,
    ...(peer.namespaceSelector !== undefined ? { namespaceSelector: parseSelector(peer.namespaceSelector, [...path, 'namespaceSelector'], issues) } : {}),
    ...(peer.podSelector !== undefined ? { podSelector: parseSelector(peer.podSelector, [...path, 'podSelector'], issues) } : {}),
  };
}

function parseIpBlock(block: Record<string, unknown>, path: JsonPath, issues: PolicyIssue[]): PolicyPeer {
  const cidrText = asString(block.cidr) ?? '';
  const cidr = parseCidr(cidrText);
  if (!cidr) issues.push({ path: [...path, 'cidr'], message: `invalid CIDR "${String(block.cidr ?? '')}"` });
  const excepts: Array<Range<bigint>> = [];
  listField(block, 'except', path, issues).forEach((value, i) => {
    const except = typeof value === 'string' ? parseCidr(value) : undefined;
    if (!except) issues.push({ path: [...path, 'except', i], message: `invalid CIDR "${String(value)}" in except` });
    else if (cidr && !contains([cidr], [except])) issues.push({ path: [...path, 'except', i], message: `except "${value as string}" is not inside cidr "${cidrText}"` });
    else excepts.push(except);
  });
  return { type: 'ipBlock', cidr: cidrText, addresses: cidr ? subtract([cidr], normalize(excepts)) : [], path };
}

function parsePort(entry: Record<string, unknown>, path: JsonPath, issues: PolicyIssue[]): PortSpec | undefined {
  const protocol = entry.protocol === undefined ? 'TCP' : entry.protocol;
  if (!isProtocol(protocol)) {
    issues.push({ path: [...path, 'protocol'], message: `unknown protocol "${String(protocol)}" (use TCP, UDP or SCTP)` });
    return undefined;
  }
  const { port, endPort } = entry;
  if (port === undefined) {
    if (endPort !== undefined) issues.push({ path: [...path, 'endPort'], message: 'endPort needs a numeric port' });
    return { numbered: connectionsOf(protocol, [[MIN_PORT, MAX_PORT]]), named: [] };
  }
  if (typeof port === 'string') {
    if (!isPortName(port)) issues.push({ path: [...path, 'port'], message: `invalid port name "${port}"` });
    if (endPort !== undefined) issues.push({ path: [...path, 'endPort'], message: 'endPort cannot be used with a named port' });
    return { numbered: connectionsOf(protocol, []), named: [`${protocol}/${port}`] };
  }
  if (!isPortNumber(port)) {
    issues.push({ path: [...path, 'port'], message: `port ${String(port)} is not between 1 and 65535` });
    return undefined;
  }
  if (endPort === undefined) return { numbered: connectionsOf(protocol, [[port, port]]), named: [] };
  if (!isPortNumber(endPort) || endPort < port) {
    issues.push({ path: [...path, 'endPort'], message: `endPort ${String(endPort)} must be a port number not below port ${port}` });
    return undefined;
  }
  return { numbered: connectionsOf(protocol, [[port, endPort]]), named: [] };
}
