import { defineSetRule } from '../rule.js';
import { describePolicy, NETPOL_READS, NETPOL_REFERENCES, netpolAnalysis } from './shared.js';

const ANY = /\/0$/;

export const egressAnyAddress = defineSetRule({
  meta: {
    id: 'k8s/netpol-egress-any-address',
    title: 'NetworkPolicy allows egress to any address',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'An egress ipBlock of 0.0.0.0/0 or ::/0 lets the selected pods connect to the whole internet (and, unless excepted, the ' +
      'cloud metadata endpoint and node addresses): the path for data exfiltration and command-and-control traffic. An egress ' +
      'rule with no `to` and no `ports` is reported too: it allows every destination on every port.',
    remediation:
      'Allow only the address ranges and ports the workload calls, and keep the metadata endpoint out:\n\n' +
      '```yaml\negress:\n  - to:\n      - ipBlock:\n          cidr: 203.0.113.0/24\n    ports:\n      - port: 443\n```',
    references: NETPOL_REFERENCES,
    aliases: {},
  },
  reads: NETPOL_READS,
  checkAll(context) {
    for (const policy of netpolAnalysis(context).model.enforced) {
      if (!policy.affectsEgress) continue;
      for (const rule of policy.egress) {
        if (!rule.peers) {
          if (rule.allPorts) context.report({ object: policy.object, path: rule.path, message: `${describePolicy(policy)} allows egress to every destination on every port` });
          continue;
        }
        for (const peer of rule.peers) {
          if (peer.type !== 'ipBlock' || !ANY.test(peer.cidr)) continue;
          const ports = rule.allPorts ? 'on every port' : 'on the listed ports';
          context.report({ object: policy.object, path: [...peer.path, 'cidr'], message: `${describePolicy(policy)} allows egress to ${peer.cidr} ${ports}` });
        }
      }
    }
  },
});
