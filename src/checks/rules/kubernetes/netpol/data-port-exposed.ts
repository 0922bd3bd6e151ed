import { normalize, subtract } from '../../../analysis/netpol/intervals.js';
import { parseCidr, type AddressSet } from '../../../analysis/netpol/addresses.js';
import { allowsPort, resolvePortSpec } from '../../../analysis/netpol/connections.js';
import type { NetpolAnalysis, Workload } from '../../../analysis/netpol/index.js';
import { formatPath } from '../../../../parsers/kubernetes/values.js';
import { defineSetRule } from '../rule.js';
import { describeWorkload, NETPOL_READS, NETPOL_REFERENCES, netpolAnalysis } from './shared.js';
import { namesEveryPod } from '../../../analysis/netpol/index.js';

/** Well-known ports of data stores and brokers, which should never face the whole cluster or the internet. */
export const DATA_PORTS: ReadonlyMap<number, string> = new Map([
  [1433, 'SQL Server'],
  [1521, 'Oracle'],
  [2379, 'etcd'],
  [3306, 'MySQL'],
  [5432, 'PostgreSQL'],
  [5672, 'RabbitMQ'],
  [5984, 'CouchDB'],
  [6379, 'Redis'],
  [7000, 'Cassandra inter-node'],
  [8086, 'InfluxDB'],
  [9042, 'Cassandra'],
  [9092, 'Kafka'],
  [9200, 'Elasticsearch'],
  [9300, 'Elasticsearch transport'],
  [11211, 'Memcached'],
  [26257, 'CockroachDB'],
  [27017, 'MongoDB'],
]);

/**
 * Private, shared, loopback and link-local ranges: an ipBlock inside them is not "the internet". Built on first use:
 * Node compiles its IPv6 pattern on the first `isIPv6` call, which every process start would otherwise pay.
 */
let nonPublic: AddressSet | undefined;
const nonPublicRanges = (): AddressSet =>
  (nonPublic ??= normalize(
    ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', 'fc00::/7', 'fe80::/10', '::1/128'].map((c) => parseCidr(c)!),
  ));

/** Why the port is open to every namespace or the internet, or undefined when it is not. */
function exposure(analysis: NetpolAnalysis, workload: Workload, port: number): string | undefined {
  const cls = analysis.classOf.get(workload)!;
  const policies = analysis.ingressPolicies[cls.id]!.map((i) => analysis.model.enforced[i]!);
  if (policies.length === 0) return 'from every namespace and from outside the cluster: no NetworkPolicy isolates it for ingress';
  for (const policy of policies) {
    for (const rule of policy.ingress) {
      if (!allowsPort(resolvePortSpec(rule.ports, cls.namedPorts), 'TCP', port)) continue;
      const where = `NetworkPolicy "${policy.name}" ${formatPath(rule.path)}`;
      if (!rule.peers) return `from every namespace and from outside the cluster (${where} has no \`from\`)`;
      for (const peer of rule.peers) {
        if (namesEveryPod(peer)) return `from every namespace (${where})`;
        if (peer.type === 'ipBlock' && subtract(peer.addresses, nonPublicRanges()).length > 0) return `from public addresses in ${peer.cidr} (${where})`;
      }
    }
  }
  return undefined;
}

export const dataPortExposed = defineSetRule({
  meta: {
    id: 'k8s/netpol-data-port-exposed',
    title: 'Data-store port reachable from every namespace or the internet',
    severity: 'high',
    target: 'kubernetes',
    rationale:
      'Databases, caches and brokers (PostgreSQL 5432, MySQL 3306, Redis 6379, MongoDB 27017, Elasticsearch 9200/9300, ' +
      'etcd 2379, Kafka 9092, ...) often trust the network or run with weak authentication; reachable from every namespace ' +
      'or from public addresses, one compromised pod or one leaked password is enough. Reported for a TCP container port ' +
      'on that list when no policy isolates the workload for ingress, or a rule allowing that port admits every source, ' +
      '`namespaceSelector: {}` with every pod, or an ipBlock containing public (non-RFC 1918) addresses.',
    remediation:
      'Allow the port only from the workloads that use the store:\n\n' +
      '```yaml\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: postgres\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: {app: postgres}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels: {app: api}\n      ports:\n        - port: 5432\n```',
    references: NETPOL_REFERENCES,
    aliases: {},
  },
  reads: NETPOL_READS,
  checkAll(context) {
    const analysis = netpolAnalysis(context);
    for (const workload of analysis.model.workloads) {
      for (const port of workload.ports) {
        const store = DATA_PORTS.get(port.port);
        if (!store || port.protocol !== 'TCP') continue;
        const why = exposure(analysis, workload, port.port);
        if (!why) continue;
        context.report({
          object: workload.object,
          path: [...port.path, 'containerPort'],
          message: `${store} port ${port.port} of ${describeWorkload(workload)} is reachable ${why}`,
        });
      }
    }
  },
});
