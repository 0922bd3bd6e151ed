import { IPV4_ALL, IPV6_ALL, isIpv6Value, type AddressSet } from './addresses.js';
import { equal, intersect, normalize, overlaps, size, subtract, type Range } from './intervals.js';
import type { AdminPolicy } from './admin-model.js';
import type { Policy } from './model.js';

/**
 * Splits the external address space into blocks every ipBlock either contains or misses, with the
 * algorithm of np-guard's netpol-analyzer (DisjointIPBlocks over the policies' blocks, each split
 * into contiguous ranges, plus the whole space; AdminNetworkPolicy `networks` and `nodes` too), so
 * `matrix --format lines` prints the same ranges.
 * The IPv6 space joins only when some policy mentions an IPv6 block.
 */
export function externalBlocks(policies: readonly Policy[], adminPolicies: readonly AdminPolicy[]): AddressSet[] {
  const referenced: AddressSet[] = [];
  let ipv6 = false;
  const add = (addresses: AddressSet) => {
    for (const range of addresses) {
      referenced.push([range]);
      if (isIpv6Value(range[1])) ipv6 = true;
    }
  };
  for (const policy of policies) {
    for (const rule of [...policy.ingress, ...policy.egress]) for (const peer of rule.peers ?? []) if (peer.type === 'ipBlock') add(peer.addresses);
  }
  for (const policy of adminPolicies) for (const rule of policy.egress) for (const peer of rule.peers) if (peer.type !== 'pods') add(peer.addresses);
  const universe: AddressSet[] = [[IPV4_ALL], ...(ipv6 ? [[IPV6_ALL] as AddressSet] : [])];
  return disjoint([...referenced, ...universe]);
}

function disjoint(blocks: AddressSet[]): AddressSet[] {
  const bySize = blocks.map((b) => ({ b, n: size(b) })).sort((x, y) => (x.n < y.n ? -1 : x.n > y.n ? 1 : 0));
  let result: AddressSet[] = [];
  for (const { b } of bySize) {
    let incoming: AddressSet = b;
    const added: AddressSet[] = [];
    for (let i = 0; i < result.length; i++) {
      const existing = result[i]!;
      if (!overlaps(existing, incoming)) continue;
      const common = intersect(existing, incoming);
      incoming = subtract(incoming, common);
      if (!equal(existing, common)) {
        added.push(common);
        result[i] = subtract(existing, common);
      }
      if (incoming.length === 0) break;
    }
    result = [...result, ...incoming.map((range: Range<bigint>) => [range] as AddressSet), ...added];
  }
  return result.map((set) => normalize(set));
}
