import { IPV4_ALL, IPV6_ALL } from '../../../analysis/netpol/addresses.js';
import { contains } from '../../../analysis/netpol/intervals.js';
import type { JsonPath } from '../../../../core/fix.js';
import { defineSetRule } from '../rule.js';
import { describePolicy, NETPOL_READS, NETPOL_REFERENCES, netpolAnalysis } from './shared.js';
import { namesEveryPod } from '../../../analysis/netpol/index.js';

export const allowAllIngress = defineSetRule({
  meta: {
    id: 'k8s/netpol-allow-all-ingress',
    title: 'NetworkPolicy rule allows ingress from everywhere on every port',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'An ingress rule with no `from` (or `from: []`), a peer `namespaceSelector: {}` with an empty or absent podSelector, or an ' +
      'ipBlock covering the whole IPv4 or IPv6 space, with no `ports`, admits every source on every port: the selected pods ' +
      'are effectively unprotected, whatever other policies say, because rules only ever add. Rules limited to some ports are ' +
      'not reported here (a web front end on 443 is normal); data-store ports are covered by k8s/netpol-data-port-exposed.',
    remediation:
      'Name the sources and ports the workload needs:\n\n' +
      '```yaml\ningress:\n  - from:\n      - namespaceSelector:\n          matchLabels: {kubernetes.io/metadata.name: ingress-nginx}\n    ports:\n      - port: 8080\n```',
    references: NETPOL_REFERENCES,
    aliases: {},
  },
  reads: NETPOL_READS,
  checkAll(context) {
    for (const policy of netpolAnalysis(context).model.enforced) {
      if (!policy.affectsIngress) continue;
      for (const rule of policy.ingress) {
        if (!rule.allPorts) continue;
        const hits: Array<{ path: JsonPath; what: string }> = [];
        if (!rule.peers) hits.push({ path: rule.path, what: 'every source, in and outside the cluster' });
        for (const peer of rule.peers ?? []) {
          if (namesEveryPod(peer)) hits.push({ path: peer.path, what: 'every pod of every namespace' });
          else if (peer.type === 'ipBlock' && (contains(peer.addresses, [IPV4_ALL]) || contains(peer.addresses, [IPV6_ALL]))) {
            hits.push({ path: [...peer.path, 'cidr'], what: `every address (${peer.cidr})` });
          }
        }
        for (const hit of hits) context.report({ object: policy.object, path: hit.path, message: `${describePolicy(policy)} allows ingress from ${hit.what} on every port` });
      }
    }
  },
});
