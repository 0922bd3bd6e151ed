import type { JsonPath } from '../../../core/fix.js';
import type { KubernetesObject } from '../../../parsers/kubernetes/objects.js';
import { asRecord, asString } from '../../../parsers/kubernetes/values.js';
import { parseCidr, type AddressSet } from './addresses.js';
import { connectionsOf, isProtocol, NO_PORTS_SPEC, ALL_PORTS_SPEC, unionPortSpecs, type PortSpec } from './connections.js';
import { isPortName, isPortNumber, listField, mapItem } from './fields.js';
import { normalize } from './intervals.js';
import { parseSelector, selectorMatches, type LabelSelector, type Labels, type PolicyIssue } from '../../../parsers/kubernetes/label-selector.js';

export type AdminAction = 'Allow' | 'Deny' | 'Pass';

/**
 * `namespaces: SEL` is a `pods` peer without podSelector. A `nodes` peer is, as the API defines it,
 * the addresses in `status.addresses` of the Nodes its selector matches: outside addresses, like a
 * `networks` peer's, drawn from the Node objects of the input.
 */
export type AdminPeer =
  | { type: 'pods'; namespaceSelector: LabelSelector; podSelector?: LabelSelector; path: JsonPath }
  | { type: 'networks'; addresses: AddressSet; path: JsonPath }
  | { type: 'nodes'; addresses: AddressSet; path: JsonPath };

/** A Node of the input: its labels and the addresses of its `status.addresses`. */
export interface NodeInfo {
  labels: Labels;
  addresses: AddressSet;
}

export interface AdminRule {
  name: string;
  action: AdminAction;
  peers: readonly AdminPeer[];
  ports: PortSpec;
  path: JsonPath;
}

/** An AdminNetworkPolicy or the BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1). */
export interface AdminPolicy {
  object: KubernetesObject;
  name: string;
  baseline: boolean;
  /** Lower numbers win; unused for the baseline. */
  priority: number;
  subject: { namespaceSelector: LabelSelector; podSelector?: LabelSelector };
  ingress: readonly AdminRule[];
  egress: readonly AdminRule[];
  issues: readonly PolicyIssue[];
  /** `nodes` peers that match no Node address of the input, for a warning: the policy still applies. */
  unmodelled: readonly PolicyIssue[];
}

export function isAdminPolicyObject(object: KubernetesObject): boolean {
  return (object.kind === 'AdminNetworkPolicy' || object.kind === 'BaselineAdminNetworkPolicy') && (object.apiVersion ?? '').startsWith('policy.networking.k8s.io/');
}

export function parseAdminPolicy(object: KubernetesObject, nodes: readonly NodeInfo[] = []): AdminPolicy {
  const issues: PolicyIssue[] = [];
  const unmodelled: PolicyIssue[] = [];
  const baseline = object.kind === 'BaselineAdminNetworkPolicy';
  const spec = mapItem(object.raw.spec, ['spec'], issues);
  const priority = spec.priority;
  if (!baseline && !(typeof priority === 'number' && Number.isInteger(priority) && priority >= 0 && priority <= 1000)) {
    issues.push({ path: ['spec', 'priority'], message: 'priority must be an integer from 0 to 1000' });
  }
  if (baseline && object.name !== 'default') issues.push({ path: ['metadata', 'name'], message: 'the BaselineAdminNetworkPolicy must be named "default"' });
  const subject = parseOneOfSelectors(mapItem(spec.subject, ['spec', 'subject'], issues), ['spec', 'subject'], issues);
  const actions: readonly AdminAction[] = baseline ? ['Allow', 'Deny'] : ['Allow', 'Deny', 'Pass'];
  const rules = (direction: 'ingress' | 'egress') =>
    listField(spec, direction, ['spec'], issues).map((value, i) => {
      const path: JsonPath = ['spec', direction, i];
      const rule = mapItem(value, path, issues);
      const action = rule.action;
      if (!actions.includes(action as AdminAction)) issues.push({ path: [...path, 'action'], message: `action must be ${actions.join(', ')}, not "${String(action)}"` });
      const peersField = direction === 'ingress' ? 'from' : 'to';
      const peerValues = listField(rule, peersField, path, issues);
      if (peerValues.length === 0) issues.push({ path: [...path, peersField], message: `${peersField} needs at least one peer` });
      const peers = peerValues.map((peer, j) => parsePeer(mapItem(peer, [...path, peersField, j], issues), [...path, peersField, j], direction, { issues, unmodelled, nodes }));
      return { name: asString(rule.name) ?? '', action: action as AdminAction, peers, ports: parsePorts(rule, path, issues), path };
    });
  return {
    object,
    name: object.name ?? '',
    baseline,
    priority: typeof priority === 'number' ? priority : 0,
    subject: subject ?? { namespaceSelector: parseSelector({}, [], []) },
    ingress: rules('ingress'),
    egress: rules('egress'),
    issues,
    unmodelled,
  };
}

/** `namespaces: SEL` or `pods: {namespaceSelector, podSelector}`, exactly one. */
function parseOneOfSelectors(record: Record<string, unknown>, path: JsonPath, issues: PolicyIssue[]): { namespaceSelector: LabelSelector; podSelector?: LabelSelector } | undefined {
  const set = ['namespaces', 'pods'].filter((k) => record[k] !== undefined);
  if (set.length !== 1) {
    issues.push({ path, message: 'needs exactly one of namespaces or pods' });
    return undefined;
  }
  if (set[0] === 'namespaces') return { namespaceSelector: parseSelector(record.namespaces, [...path, 'namespaces'], issues) };
  const pods = mapItem(record.pods, [...path, 'pods'], issues);
  return {
    namespaceSelector: parseSelector(pods.namespaceSelector, [...path, 'pods', 'namespaceSelector'], issues),
    podSelector: parseSelector(pods.podSelector, [...path, 'pods', 'podSelector'], issues),
  };
}

interface PeerContext {
  issues: PolicyIssue[];
  unmodelled: PolicyIssue[];
  nodes: readonly NodeInfo[];
}

function parsePeer(peer: Record<string, unknown>, path: JsonPath, direction: 'ingress' | 'egress', { issues, unmodelled, nodes }: PeerContext): AdminPeer {
  if (direction === 'egress' && peer.networks !== undefined) {
    const ranges = listField(peer, 'networks', path, issues).flatMap((cidr, i) => {
      const range = typeof cidr === 'string' ? parseCidr(cidr) : undefined;
      if (!range) issues.push({ path: [...path, 'networks', i], message: `invalid CIDR "${String(cidr)}"` });
      return range ? [range] : [];
    });
    return { type: 'networks', addresses: normalize(ranges), path };
  }
  if (direction === 'egress' && peer.nodes !== undefined) {
    const selector = parseSelector(peer.nodes, [...path, 'nodes'], issues);
    const addresses = normalize(nodes.filter((node) => selectorMatches(selector, node.labels)).flatMap((node) => node.addresses));
    if (addresses.length === 0) {
      unmodelled.push({ path: [...path, 'nodes'], message: 'a nodes peer matches no Node with an address in the input (add `kubectl get nodes -o yaml`), so it matches nothing here; the rule\'s other peers still apply' });
    }
    return { type: 'nodes', addresses, path };
  }
  const selectors = parseOneOfSelectors(peer, path, issues);
  // Without a valid selector the policy is left out (see issues); the peer is a placeholder.
  return selectors ? { type: 'pods', ...selectors, path } : { type: 'networks', addresses: [], path };
}

function parsePorts(rule: Record<string, unknown>, path: JsonPath, issues: PolicyIssue[]): PortSpec {
  const values = listField(rule, 'ports', path, issues);
  if (values.length === 0) return ALL_PORTS_SPEC;
  let spec = NO_PORTS_SPEC;
  values.forEach((value, i) => {
    const entryPath = [...path, 'ports', i];
    const entry = mapItem(value, entryPath, issues);
    const number = asRecord(entry.portNumber);
    const range = asRecord(entry.portRange);
    const protocolOf = (record: Record<string, unknown>, at: JsonPath) => {
      const protocol = record.protocol ?? 'TCP';
      if (!isProtocol(protocol)) issues.push({ path: [...at, 'protocol'], message: `unknown protocol "${String(protocol)}"` });
      return isProtocol(protocol) ? protocol : 'TCP';
    };
    if (number) {
      if (!isPortNumber(number.port)) issues.push({ path: [...entryPath, 'portNumber', 'port'], message: 'port must be 1-65535' });
      else spec = unionPortSpecs(spec, { numbered: connectionsOf(protocolOf(number, [...entryPath, 'portNumber']), [[number.port, number.port]]), named: [] });
    } else if (range) {
      const { start, end } = range;
      if (!isPortNumber(start) || !isPortNumber(end) || end < start) issues.push({ path: [...entryPath, 'portRange'], message: 'portRange needs start <= end, both 1-65535' });
      else spec = unionPortSpecs(spec, { numbered: connectionsOf(protocolOf(range, [...entryPath, 'portRange']), [[start, end]]), named: [] });
    } else if (typeof entry.namedPort === 'string' && isPortName(entry.namedPort)) {
      spec = unionPortSpecs(spec, { numbered: NO_PORTS_SPEC.numbered, named: [`ANY/${entry.namedPort}`] });
    } else {
      issues.push({ path: entryPath, message: 'a port needs portNumber, portRange or a valid namedPort' });
    }
  });
  return spec;
}
