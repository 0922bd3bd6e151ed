import type { AddressSet } from './addresses.js';
import { adminRuleMatches, decide, subjectSelects, type AdminStep } from './admin.js';
import type { AdminPolicy, AdminRule } from './admin-model.js';
import {
  ALL_CONNECTIONS,
  connectionsKey,
  NO_CONNECTIONS,
  NO_PORTS_SPEC,
  intersectConnections,
  portSpecKey,
  resolvePortSpec,
  unionPortSpecs,
  type Connections,
  type PortSpec,
} from './connections.js';
import { contains } from './intervals.js';
import type { NetpolModel, Policy, PolicyPeer, Workload } from './model.js';
import { externalBlocks } from './partition.js';
import { isEmptySelector, selectorMatches, type Labels, type LabelSelector } from '../../../parsers/kubernetes/label-selector.js';

/**
 * A peer naming every pod of every namespace (`namespaceSelector: {}` with no or an empty
 * podSelector), in a NetworkPolicy or an admin policy. It is the only kind of peer that names the
 * ingress controller, whose namespace and labels the input does not give.
 */
export function namesEveryPod(peer: { type: string; namespaceSelector?: LabelSelector; podSelector?: LabelSelector }): boolean {
  return peer.type === 'pods' && !!peer.namespaceSelector && isEmptySelector(peer.namespaceSelector) && (!peer.podSelector || isEmptySelector(peer.podSelector));
}

/** Workloads no selector can tell apart: same namespace, labels and named ports. */
export interface WorkloadClass {
  id: number;
  namespace: string;
  labels: Labels;
  namedPorts: ReadonlyMap<string, number>;
  workloads: Workload[];
}

interface AdminMatch {
  classIds: number[];
  blockIds: number[];
}

/** Connection ids at the peers where the admin tiers decide a class's verdict. */
export interface AdminOverrides {
  classes: Map<number, number>;
  blocks: Map<number, number>;
}

/** What a set of selecting policies allows, per peer, before named ports are resolved. */
export interface Profile {
  policies: readonly number[];
  /** From rules whose peers are absent: applies to every workload and every external block. */
  everywhere?: number;
  perClass: Map<number, number>;
  perBlock: Map<number, number>;
}

class Interner<T> {
  readonly values: T[] = [];
  private readonly ids = new Map<string, number>();
  constructor(private readonly keyOf: (value: T) => string) {}
  id(value: T): number {
    const key = this.keyOf(value);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(key, id);
    }
    return id;
  }
}

/**
 * The precomputed state every query shares: workload classes, which policies select which class,
 * selector matches per peer (computed once per peer, not per pair), and the external blocks.
 */
export class NetpolAnalysis {
  readonly classes: WorkloadClass[] = [];
  readonly classOf = new Map<Workload, WorkloadClass>();
  readonly blocks: AddressSet[];
  readonly ingressPolicies: number[][];
  readonly egressPolicies: number[][];
  readonly specs = new Interner<PortSpec>(portSpecKey);
  readonly conns = new Interner<Connections>(connectionsKey);
  private readonly classesByNamespace = new Map<string, WorkloadClass[]>();
  /** The classes of a namespace that carry a label with a value (see labelKey). */
  private readonly classesByLabel = new Map<string, WorkloadClass[]>();
  private readonly peerCache = new Map<string, readonly number[]>();
  private readonly blockCache = new Map<PolicyPeer, readonly number[]>();
  private readonly unionCache = new Map<string, number>();
  private readonly resolveCache = new Map<string, number>();
  private readonly intersectCache = new Map<string, number>();
  private readonly namedPortKeys = new Interner<ReadonlyMap<string, number>>((m) => JSON.stringify([...m].sort()));
  /** Per direction and class: the AdminNetworkPolicy rules whose policy's subject selects it, in evaluation order. */
  readonly adminRules: Record<'ingress' | 'egress', Array<Array<{ policy: AdminPolicy; rule: AdminRule }>>>;
  /** Per class: whether the BaselineAdminNetworkPolicy's subject selects it. */
  readonly baselineSelects: boolean[];
  private readonly adminMatchCache = new Map<AdminRule, AdminMatch>();
  private readonly adminRuleIds = new Map<AdminRule, number>();
  private readonly profileIds = new Map<Profile, number>();
  private readonly overrideCache = new Map<string, AdminOverrides>();

  constructor(readonly model: NetpolModel) {
    const byKey = new Map<string, WorkloadClass>();
    for (const workload of model.workloads) {
      const key = JSON.stringify([workload.namespace, Object.entries(workload.labels).sort(), [...workload.namedPorts].sort()]);
      let cls = byKey.get(key);
      if (!cls) {
        cls = { id: this.classes.length, namespace: workload.namespace, labels: workload.labels, namedPorts: workload.namedPorts, workloads: [] };
        byKey.set(key, cls);
        this.classes.push(cls);
        const list = this.classesByNamespace.get(cls.namespace) ?? [];
        list.push(cls);
        this.classesByNamespace.set(cls.namespace, list);
        for (const [label, value] of Object.entries(cls.labels)) {
          const key = labelKey(cls.namespace, label, value);
          const withLabel = this.classesByLabel.get(key);
          if (withLabel) withLabel.push(cls);
          else this.classesByLabel.set(key, [cls]);
        }
      }
      cls.workloads.push(workload);
      this.classOf.set(workload, cls);
    }
    this.blocks = externalBlocks(model.enforced, [...model.admin, ...(model.baseline ? [model.baseline] : [])]);
    this.ingressPolicies = this.classes.map(() => []);
    this.egressPolicies = this.classes.map(() => []);
    model.enforced.forEach((policy, index) => {
      for (const cls of this.selectedBy(policy)) {
        if (policy.affectsIngress) this.ingressPolicies[cls.id]!.push(index);
        if (policy.affectsEgress) this.egressPolicies[cls.id]!.push(index);
      }
    });
    this.adminRules = { ingress: this.classes.map(() => []), egress: this.classes.map(() => []) };
    for (const policy of model.admin) {
      for (const cls of this.classes) {
        if (!subjectSelects(policy, this.namespaceLabels(cls), cls.labels)) continue;
        for (const rule of policy.ingress) this.adminRules.ingress[cls.id]!.push({ policy, rule });
        for (const rule of policy.egress) this.adminRules.egress[cls.id]!.push({ policy, rule });
      }
    }
    const baseline = model.baseline;
    this.baselineSelects = this.classes.map((cls) => !!baseline && subjectSelects(baseline, this.namespaceLabels(cls), cls.labels));
  }

  namespaceLabels(cls: WorkloadClass): Labels {
    return this.model.namespaces.get(cls.namespace)?.labels ?? {};
  }

  /** Whether the admin tiers take part in a class's decisions for one direction. */
  hasAdmin(cls: WorkloadClass, direction: 'ingress' | 'egress', networkPolicyIsolated: boolean): boolean {
    return this.adminRules[direction][cls.id]!.length > 0 || (this.baselineSelects[cls.id]! && !networkPolicyIsolated);
  }

  /** Which classes and external blocks an admin rule names, as flags and as id lists. */
  private adminMatches(rule: AdminRule): AdminMatch {
    let cached = this.adminMatchCache.get(rule);
    if (!cached) {
      cached = {
        classIds: this.classes.filter((c) => adminRuleMatches(rule, { namespaceLabels: this.namespaceLabels(c), podLabels: c.labels })).map((c) => c.id),
        blockIds: this.blocks.flatMap((b, k) => (adminRuleMatches(rule, { addresses: b }) ? [k] : [])),
      };
      this.adminMatchCache.set(rule, cached);
    }
    return cached;
  }

  /**
   * Where the admin tiers change a class's verdict in one direction: only at the peers some of its
   * admin rules name, and only where the result differs from what NetworkPolicy alone gives.
   * Classes with the same rules, policies (and, for ingress, named ports) share one result; peers
   * with the same matching rules, NetworkPolicy spec and named ports share one computation.
   */
  adminOverrides(cls: WorkloadClass, direction: 'ingress' | 'egress', profile: Profile | undefined): AdminOverrides {
    const baseline = this.model.baseline;
    const anpRefs = this.adminRules[direction][cls.id]!;
    const refs = [...anpRefs, ...(baseline && this.baselineSelects[cls.id] && !profile ? baseline[direction].map((rule) => ({ policy: baseline, rule })) : [])];
    const ownPorts = direction === 'ingress' ? this.namedPortKeys.id(cls.namedPorts) : -1;
    const shareKey = `${direction}|${refs.map((r) => this.adminRuleId(r.rule)).join(',')}|${profile ? this.profileId(profile) : -1}|${ownPorts}`;
    const shared = this.overrideCache.get(shareKey);
    if (shared) return shared;

    const matches = refs.map((r) => this.adminMatches(r.rule));
    const all = this.conns.id(ALL_CONNECTIONS);
    const none = this.conns.id(NO_CONNECTIONS);
    // The set of rules naming a peer, hash-consed in a trie: node ids stand for rule sets.
    const trie: Array<Map<number, number>> = [new Map()];
    const parent: number[] = [-1];
    const ruleAt: number[] = [-1];
    const child = (node: number, rule: number) => {
      let next = trie[node]!.get(rule);
      if (next === undefined) {
        next = trie.length;
        trie.push(new Map());
        parent.push(node);
        ruleAt.push(rule);
        trie[node]!.set(rule, next);
      }
      return next;
    };
    // rule set -> spec -> named ports -> connection id
    const cache = new Map<number, Map<number, Map<number, number>>>();
    const verdict = (node: number, spec: number | undefined, destination: WorkloadClass | undefined): number => {
      const portsId = destination ? this.namedPortKeys.id(destination.namedPorts) : -1;
      let bySpec = cache.get(node);
      if (!bySpec) cache.set(node, (bySpec = new Map()));
      let byPorts = bySpec.get(spec ?? -1);
      if (!byPorts) bySpec.set(spec ?? -1, (byPorts = new Map()));
      let id = byPorts.get(portsId);
      if (id === undefined) {
        const hit: number[] = [];
        for (let n = node; n > 0; n = parent[n]!) hit.unshift(ruleAt[n]!);
        const step = (i: number): AdminStep => ({ ...refs[i]!, ports: resolvePortSpec(refs[i]!.rule.ports, destination?.namedPorts) });
        const networkPolicy = profile ? (spec === undefined ? NO_CONNECTIONS : this.conns.values[this.resolve(spec, destination)]!) : undefined;
        id = this.conns.id(decide(hit.filter((i) => i < anpRefs.length).map(step), networkPolicy, hit.filter((i) => i >= anpRefs.length).map(step)).allowed);
        byPorts.set(portsId, id);
      }
      return id;
    };
    const collect = (count: number, ids: (m: AdminMatch) => number[], specOf: (peer: number) => number | undefined, destinationOf: (peer: number) => WorkloadClass | undefined) => {
      const nodeOf = new Int32Array(count);
      matches.forEach((m, i) => {
        for (const peer of ids(m)) nodeOf[peer] = child(nodeOf[peer]!, i);
      });
      const out = new Map<number, number>();
      for (let peer = 0; peer < count; peer++) {
        if (nodeOf[peer] === 0) continue;
        const spec = specOf(peer);
        const destination = destinationOf(peer);
        const id = verdict(nodeOf[peer]!, spec, destination);
        const plain = !profile ? all : spec === undefined ? none : this.resolve(spec, destination);
        if (id !== plain) out.set(peer, id);
      }
      return out;
    };
    const result: AdminOverrides = {
      classes: collect(this.classes.length, (m) => m.classIds, (peer) => profile && this.unionSpecs(profile.everywhere, profile.perClass.get(peer)), (peer) => (direction === 'egress' ? this.classes[peer] : cls)),
      blocks: collect(this.blocks.length, (m) => m.blockIds, (k) => profile && this.unionSpecs(profile.everywhere, profile.perBlock.get(k)), () => (direction === 'egress' ? undefined : cls)),
    };
    this.overrideCache.set(shareKey, result);
    return result;
  }

  private adminRuleId(rule: AdminRule): number {
    let id = this.adminRuleIds.get(rule);
    if (id === undefined) this.adminRuleIds.set(rule, (id = this.adminRuleIds.size));
    return id;
  }

  private profileId(profile: Profile): number {
    let id = this.profileIds.get(profile);
    if (id === undefined) this.profileIds.set(profile, (id = this.profileIds.size));
    return id;
  }

  /** Classes a policy's podSelector selects: only in the policy's own namespace. */
  selectedBy(policy: Policy): WorkloadClass[] {
    // A namespace of a large tree holds hundreds of classes: the selector's first label, if any, narrows them to those
    // carrying it (in class order, as the namespace lists them), and the whole selector decides among those.
    const [first] = policy.podSelector.matchLabels;
    const candidates = first ? this.classesByLabel.get(labelKey(policy.namespace, first[0], first[1])) : this.classesByNamespace.get(policy.namespace);
    return (candidates ?? []).filter((c) => selectorMatches(policy.podSelector, c.labels));
  }

  /** Class ids a `pods` peer matches; namespaceSelector and podSelector in one peer are ANDed. */
  peerClasses(policy: Policy, peer: Extract<PolicyPeer, { type: 'pods' }>): readonly number[] {
    const key = `${peer.namespaceSelector ? '*' : policy.namespace}|${peer.namespaceSelector?.key ?? ''}|${peer.podSelector?.key ?? ''}`;
    let ids = this.peerCache.get(key);
    if (!ids) {
      const candidates = peer.namespaceSelector
        ? [...this.model.namespaces.values()]
            .filter((ns) => selectorMatches(peer.namespaceSelector!, ns.labels))
            .flatMap((ns) => this.classesByNamespace.get(ns.name) ?? [])
        : (this.classesByNamespace.get(policy.namespace) ?? []);
      ids = candidates.filter((c) => !peer.podSelector || selectorMatches(peer.podSelector, c.labels)).map((c) => c.id);
      this.peerCache.set(key, ids);
    }
    return ids;
  }

  /** External blocks inside an ipBlock peer (by construction, a block is wholly in or out). */
  peerBlocks(peer: Extract<PolicyPeer, { type: 'ipBlock' }>): readonly number[] {
    let ids = this.blockCache.get(peer);
    if (!ids) {
      ids = this.blocks.flatMap((block, i) => (contains(peer.addresses, block) ? [i] : []));
      this.blockCache.set(peer, ids);
    }
    return ids;
  }

  unionSpecs(a: number | undefined, b: number | undefined): number | undefined {
    if (a === undefined || a === b) return b;
    if (b === undefined) return a;
    const key = a < b ? `${a},${b}` : `${b},${a}`;
    let id = this.unionCache.get(key);
    if (id === undefined) {
      id = this.specs.id(unionPortSpecs(this.specs.values[a]!, this.specs.values[b]!));
      this.unionCache.set(key, id);
    }
    return id;
  }

  /** A spec's connections on a destination; external destinations have no named ports. */
  resolve(spec: number, destination: WorkloadClass | undefined): number {
    const value = this.specs.values[spec]!;
    const portsKey = value.named.length === 0 || !destination ? -1 : this.namedPortKeys.id(destination.namedPorts);
    const key = `${spec}:${portsKey}`;
    let id = this.resolveCache.get(key);
    if (id === undefined) {
      id = this.conns.id(resolvePortSpec(value, portsKey < 0 ? undefined : destination!.namedPorts));
      this.resolveCache.set(key, id);
    }
    return id;
  }

  intersect(a: number, b: number): number {
    if (a === b) return a;
    const key = a < b ? `${a},${b}` : `${b},${a}`;
    let id = this.intersectCache.get(key);
    if (id === undefined) {
      id = this.conns.id(intersectConnections(this.conns.values[a]!, this.conns.values[b]!));
      this.intersectCache.set(key, id);
    }
    return id;
  }

  /**
   * What the ingress controller may send a class, in every tier: only rules that allow every source
   * or name every pod of every namespace count for it (see namesEveryPod).
   */
  fromIngressController(cls: WorkloadClass): Connections {
    const policies = this.ingressPolicies[cls.id]!;
    let networkPolicy: Connections | undefined;
    if (policies.length > 0) {
      let spec = NO_PORTS_SPEC;
      for (const index of policies) {
        for (const rule of this.model.enforced[index]!.ingress) if (!rule.peers || rule.peers.some(namesEveryPod)) spec = unionPortSpecs(spec, rule.ports);
      }
      networkPolicy = resolvePortSpec(spec, cls.namedPorts);
    }
    if (!this.hasAdmin(cls, 'ingress', policies.length > 0)) return networkPolicy ?? ALL_CONNECTIONS;
    const steps = (refs: ReadonlyArray<{ policy: AdminPolicy; rule: AdminRule }>): AdminStep[] =>
      refs.filter((r) => r.rule.peers.some(namesEveryPod)).map((r) => ({ ...r, ports: resolvePortSpec(r.rule.ports, cls.namedPorts) }));
    const baseline = this.model.baseline;
    const base = baseline && this.baselineSelects[cls.id] && !networkPolicy ? steps(baseline.ingress.map((rule) => ({ policy: baseline, rule }))) : [];
    return decide(steps(this.adminRules.ingress[cls.id]!), networkPolicy, base).allowed;
  }

  /** Accumulates the rules of a set of policies in one direction into per-peer port specs. */
  profile(policies: readonly number[], direction: 'ingress' | 'egress'): Profile {
    const profile: Profile = { policies, perClass: new Map(), perBlock: new Map() };
    const add = (map: Map<number, number>, target: number, spec: number) => map.set(target, this.unionSpecs(map.get(target), spec)!);
    for (const index of policies) {
      const policy = this.model.enforced[index]!;
      for (const rule of policy[direction]) {
        const spec = this.specs.id(rule.ports);
        if (!rule.peers) {
          profile.everywhere = this.unionSpecs(profile.everywhere, spec);
          continue;
        }
        for (const peer of rule.peers) {
          if (peer.type === 'ipBlock') for (const block of this.peerBlocks(peer)) add(profile.perBlock, block, spec);
          else for (const cls of this.peerClasses(policy, peer)) add(profile.perClass, cls, spec);
        }
      }
    }
    return profile;
  }
}

export function analyse(model: NetpolModel): NetpolAnalysis {
  return new NetpolAnalysis(model);
}

/** A key for a label and its value in a namespace: a collision only adds candidates, which the selector then decides on. */
function labelKey(namespace: string, label: string, value: string): string {
  return `${namespace}\0${label}\0${value}`;
}
