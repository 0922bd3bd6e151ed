import type { AdminAction, AdminPolicy, AdminRule } from './admin-model.js';
import {
  ALL_CONNECTIONS,
  intersectConnections,
  NO_CONNECTIONS,
  subtractConnections,
  unionConnections,
  type Connections,
} from './connections.js';
import { contains } from './intervals.js';
import { selectorMatches, type LabelSelector, type Labels } from '../../../parsers/kubernetes/label-selector.js';

/** One matching admin rule, its ports resolved on the destination. */
export interface AdminStep {
  policy: AdminPolicy;
  rule: AdminRule;
  ports: Connections;
}

export interface AdminDecision {
  allowed: Connections;
  /** Per AdminNetworkPolicy step, then per baseline step: the connections that rule decided. */
  taken: Connections[];
}

/**
 * One direction of one pod, with the admin tiers: AdminNetworkPolicy rules in order decide the ports
 * they match first (Allow, Deny, or Pass to the next tier); what is left or passed goes to
 * NetworkPolicy when one isolates the pod (`networkPolicy` defined), else to the baseline rules, and
 * whatever no tier decides is allowed.
 */
export function decide(anp: readonly AdminStep[], networkPolicy: Connections | undefined, baseline: readonly AdminStep[]): AdminDecision {
  let undecided = ALL_CONNECTIONS;
  let allowed = NO_CONNECTIONS;
  let passed = NO_CONNECTIONS;
  const taken: Connections[] = [];
  const take = (step: AdminStep, onto: (c: Connections) => void) => {
    const decided = intersectConnections(undecided, step.ports);
    undecided = subtractConnections(undecided, decided);
    taken.push(decided);
    onto(decided);
  };
  const apply = (action: AdminAction) => (c: Connections) => {
    if (action === 'Allow') allowed = unionConnections(allowed, c);
    else if (action === 'Pass') passed = unionConnections(passed, c);
  };
  for (const step of anp) take(step, apply(step.rule.action));
  undecided = unionConnections(undecided, passed);
  if (networkPolicy) return { allowed: unionConnections(allowed, intersectConnections(undecided, networkPolicy)), taken };
  for (const step of baseline) take(step, apply(step.rule.action));
  return { allowed: unionConnections(allowed, undecided), taken };
}

export function subjectSelects(policy: AdminPolicy, namespaceLabels: Labels, podLabels: Labels): boolean {
  return selectorMatches(policy.subject.namespaceSelector, namespaceLabels) && (!policy.subject.podSelector || selectorMatches(policy.subject.podSelector, podLabels));
}

export function podPeerMatches(peer: { namespaceSelector: LabelSelector; podSelector?: LabelSelector }, namespaceLabels: Labels, podLabels: Labels): boolean {
  return selectorMatches(peer.namespaceSelector, namespaceLabels) && (!peer.podSelector || selectorMatches(peer.podSelector, podLabels));
}

/** Whether an admin rule names a peer: a pod (by its labels) or an external block. */
export function adminRuleMatches(rule: AdminRule, peer: { namespaceLabels: Labels; podLabels: Labels } | { addresses: readonly (readonly [bigint, bigint])[] }): boolean {
  return rule.peers.some((p) => {
    if (p.type === 'pods') return 'podLabels' in peer && podPeerMatches(p, peer.namespaceLabels, peer.podLabels);
    return 'addresses' in peer && contains(p.addresses, peer.addresses);
  });
}
