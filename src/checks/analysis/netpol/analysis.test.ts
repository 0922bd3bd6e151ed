import { describe, expect, it } from 'vitest';
import { analyse } from './analysis.js';
import { computeMatrix } from './matrix.js';
import { matrixRows } from './rows.js';
import { buildModel } from './model.js';
import { parseAddressQuery, reach } from './reach.js';
import { conns, deploymentYaml, objectsOf } from './testdata/load.js';

const A = deploymentYaml('ns1', 'a', { app: 'a' });
const B = deploymentYaml('ns1', 'b', { app: 'b' }, [{ name: 'http', containerPort: 8080 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }]);
const C = deploymentYaml('ns2', 'c', { app: 'c' }, [{ name: 'http', containerPort: 9090 }]);
const NS2 = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: ns2, labels: {team: blue}}\n---\n';

function policy(namespace: string, spec: string): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p${Math.abs(hash(spec))}, namespace: ${namespace}}\nspec:\n${spec.replace(/^/gm, '  ')}\n---\n`;
}

function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return h;
}

describe('isolation and policyTypes defaulting', () => {
  it('allows everything when no policy selects either side', () => {
    expect(conns(A + B, 'ns1/a', 'ns1/b')).toBe('All Connections');
  });

  it('isolates ingress with a policy that has no policyTypes and no rules', () => {
    expect(conns(A + B + policy('ns1', 'podSelector: {}'), 'ns1/a', 'ns1/b')).toBe('No Connections');
  });

  it('does not isolate egress when policyTypes is absent and there are no egress rules', () => {
    const yaml = A + B + policy('ns1', 'podSelector: {matchLabels: {app: a}}');
    expect(conns(yaml, 'ns1/a', 'ns1/b')).toBe('All Connections');
    expect(conns(yaml, 'ns1/a', '8.8.8.8/32')).toBe('All Connections');
  });

  it('defaults to Egress too when egress rules are present', () => {
    const yaml = A + B + policy('ns1', 'podSelector: {matchLabels: {app: a}}\negress:\n  - to: [{podSelector: {matchLabels: {app: b}}}]\n    ports: [{port: 80}]');
    expect(conns(yaml, 'ns1/a', 'ns1/b')).toBe('TCP 80');
    expect(conns(yaml, 'ns1/a', '8.8.8.8/32')).toBe('No Connections');
    // ...and Ingress, with no ingress rules: nothing reaches a.
    expect(conns(yaml, 'ns1/b', 'ns1/a')).toBe('No Connections');
  });

  it('treats `egress: []` without policyTypes as ingress-only (no egress rules present)', () => {
    const yaml = A + B + policy('ns1', 'podSelector: {matchLabels: {app: a}}\negress: []');
    expect(conns(yaml, 'ns1/a', 'ns1/b')).toBe('All Connections');
  });

  it('isolates only egress with policyTypes [Egress]', () => {
    const yaml = A + B + policy('ns1', 'podSelector: {matchLabels: {app: a}}\npolicyTypes: [Egress]');
    expect(conns(yaml, 'ns1/a', 'ns1/b')).toBe('No Connections');
    expect(conns(yaml, 'ns1/b', 'ns1/a')).toBe('All Connections');
  });

  it('needs both the source egress and the destination ingress to allow', () => {
    const yaml =
      A + B +
      policy('ns1', 'podSelector: {matchLabels: {app: a}}\npolicyTypes: [Egress]\negress: [{ports: [{port: 80}, {port: 443}]}]') +
      policy('ns1', 'podSelector: {matchLabels: {app: b}}\ningress: [{ports: [{port: 443}, {port: 8443}]}]');
    expect(conns(yaml, 'ns1/a', 'ns1/b')).toBe('TCP 443');
  });

  it('unions the rules of several policies selecting the same pod', () => {
    const yaml = A + B +
      policy('ns1', 'podSelector: {matchLabels: {app: b}}\ningress: [{ports: [{port: 80}]}]') +
      policy('ns1', 'podSelector: {matchLabels: {app: b}}\ningress: [{ports: [{port: 81}]}]');
    expect(conns(yaml, 'ns1/a', 'ns1/b')).toBe('TCP 80-81');
  });

  it('ignores policies of other namespaces when deciding isolation', () => {
    expect(conns(A + B + C + policy('ns2', 'podSelector: {}'), 'ns1/a', 'ns1/b')).toBe('All Connections');
  });
});

describe('empty versus absent', () => {
  it('`ingress: []` denies all, `ingress: [{}]` allows all', () => {
    expect(conns(A + B + policy('ns1', 'podSelector: {}\ningress: []'), 'ns1/a', 'ns1/b')).toBe('No Connections');
    expect(conns(A + B + policy('ns1', 'podSelector: {}\ningress: [{}]'), 'ns1/a', 'ns1/b')).toBe('All Connections');
    expect(conns(A + B + policy('ns1', 'podSelector: {}\ningress: [{}]'), '1.2.3.4', 'ns1/b')).toBe('All Connections');
  });

  it('`from: []` and absent `from` allow every source; absent `ports` allows every port', () => {
    expect(conns(A + B + policy('ns1', 'podSelector: {}\ningress: [{from: [], ports: [{port: 22}]}]'), 'ns1/a', 'ns1/b')).toBe('TCP 22');
    expect(conns(A + B + policy('ns1', 'podSelector: {}\ningress: [{ports: [{port: 22}]}]'), '1.2.3.4', 'ns1/b')).toBe('TCP 22');
    expect(conns(A + B + policy('ns1', 'podSelector: {}\ningress: [{ports: []}]'), 'ns1/a', 'ns1/b')).toBe('All Connections');
  });

  it('a port entry with only a protocol allows every port of it', () => {
    expect(conns(A + B + policy('ns1', 'podSelector: {}\ningress: [{ports: [{protocol: UDP}]}]'), 'ns1/a', 'ns1/b')).toBe('UDP 1-65535');
  });

  it('SCTP is its own protocol', () => {
    expect(conns(A + B + policy('ns1', 'podSelector: {}\ningress: [{ports: [{protocol: SCTP, port: 9}]}]'), 'ns1/a', 'ns1/b')).toBe('SCTP 9');
  });
});

describe('peers: namespaceSelector and podSelector', () => {
  const base = A + B + NS2 + C;

  it('podSelector alone selects pods of the policy namespace only', () => {
    const yaml = base + deploymentYaml('ns2', 'a2', { app: 'a' }) + policy('ns1', 'podSelector: {matchLabels: {app: b}}\ningress: [{from: [{podSelector: {matchLabels: {app: a}}}]}]');
    expect(conns(yaml, 'ns1/a', 'ns1/b')).toBe('All Connections');
    expect(conns(yaml, 'ns2/a2', 'ns1/b')).toBe('No Connections');
  });

  it('namespaceSelector alone selects every pod of matching namespaces', () => {
    const yaml = base + policy('ns1', 'podSelector: {matchLabels: {app: b}}\ningress: [{from: [{namespaceSelector: {matchLabels: {team: blue}}}]}]');
    expect(conns(yaml, 'ns2/c', 'ns1/b')).toBe('All Connections');
    expect(conns(yaml, 'ns1/a', 'ns1/b')).toBe('No Connections');
  });

  it('both in one peer are ANDed; in two peers they are ORed', () => {
    const and = base + policy('ns1', 'podSelector: {matchLabels: {app: b}}\ningress: [{from: [{namespaceSelector: {matchLabels: {team: blue}}, podSelector: {matchLabels: {app: a}}}]}]');
    expect(conns(and, 'ns2/c', 'ns1/b')).toBe('No Connections');
    expect(conns(and, 'ns1/a', 'ns1/b')).toBe('No Connections');
    const or = base + policy('ns1', 'podSelector: {matchLabels: {app: b}}\ningress: [{from: [{namespaceSelector: {matchLabels: {team: blue}}}, {podSelector: {matchLabels: {app: a}}}]}]');
    expect(conns(or, 'ns2/c', 'ns1/b')).toBe('All Connections');
    expect(conns(or, 'ns1/a', 'ns1/b')).toBe('All Connections');
  });

  it('matches the automatic kubernetes.io/metadata.name label, also for namespaces without an object', () => {
    const yaml = base + policy('ns1', 'podSelector: {matchLabels: {app: b}}\ningress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ns2}}}]}]');
    expect(conns(yaml, 'ns2/c', 'ns1/b')).toBe('All Connections');
    const implicit = A + B + C + policy('ns1', 'podSelector: {matchLabels: {app: b}}\ningress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ns2}}}]}]');
    expect(conns(implicit, 'ns2/c', 'ns1/b')).toBe('All Connections');
  });

  it('namespaceSelector {} selects all pods in all namespaces but not external addresses', () => {
    const yaml = base + policy('ns1', 'podSelector: {matchLabels: {app: b}}\ningress: [{from: [{namespaceSelector: {}}]}]');
    expect(conns(yaml, 'ns2/c', 'ns1/b')).toBe('All Connections');
    expect(conns(yaml, '1.2.3.4', 'ns1/b')).toBe('No Connections');
  });

  it('supports In, NotIn, Exists and DoesNotExist', () => {
    const rule = (expr: string) => base + deploymentYaml('ns1', 'x', { tier: 'web' }) + policy('ns1', `podSelector: {matchLabels: {app: b}}\ningress: [{from: [{podSelector: {matchExpressions: [${expr}]}}]}]`);
    expect(conns(rule('{key: app, operator: In, values: [a, z]}'), 'ns1/a', 'ns1/b')).toBe('All Connections');
    expect(conns(rule('{key: app, operator: NotIn, values: [a]}'), 'ns1/a', 'ns1/b')).toBe('No Connections');
    expect(conns(rule('{key: app, operator: NotIn, values: [a]}'), 'ns1/x', 'ns1/b')).toBe('All Connections');
    expect(conns(rule('{key: tier, operator: Exists}'), 'ns1/x', 'ns1/b')).toBe('All Connections');
    expect(conns(rule('{key: tier, operator: Exists}'), 'ns1/a', 'ns1/b')).toBe('No Connections');
    expect(conns(rule('{key: tier, operator: DoesNotExist}'), 'ns1/a', 'ns1/b')).toBe('All Connections');
  });
});

describe('ports', () => {
  it('resolves a named port per destination pod', () => {
    const yaml = A + B + deploymentYaml('ns1', 'd', { app: 'd' }, [{ name: 'http', containerPort: 3000 }]) + deploymentYaml('ns1', 'e', { app: 'e' }) +
      policy('ns1', 'podSelector: {}\ningress: [{ports: [{port: http}]}]');
    expect(conns(yaml, 'ns1/a', 'ns1/b')).toBe('TCP 8080');
    expect(conns(yaml, 'ns1/a', 'ns1/d')).toBe('TCP 3000');
    expect(conns(yaml, 'ns1/a', 'ns1/e')).toBe('No Connections');
  });

  it('matches a named port only on its protocol', () => {
    const yaml = A + B + policy('ns1', 'podSelector: {}\ningress: [{ports: [{port: dns, protocol: UDP}, {port: dns}]}]');
    expect(conns(yaml, 'ns1/a', 'ns1/b')).toBe('UDP 53');
  });

  it('resolves named ports in egress rules against the destination, never for external addresses', () => {
    const yaml = A + B + policy('ns1', 'podSelector: {matchLabels: {app: a}}\npolicyTypes: [Egress]\negress: [{ports: [{port: http}, {port: 443}]}]');
    expect(conns(yaml, 'ns1/a', 'ns1/b')).toBe('TCP 443,8080');
    expect(conns(yaml, 'ns1/a', '8.8.8.8')).toBe('TCP 443');
  });

  it('honours endPort ranges', () => {
    const yaml = A + B + policy('ns1', 'podSelector: {}\ningress: [{ports: [{port: 32000, endPort: 32768}, {port: 32769, protocol: UDP}]}]');
    expect(conns(yaml, 'ns1/a', 'ns1/b')).toBe('TCP 32000-32768,UDP 32769');
  });
});

describe('ipBlock', () => {
  const yaml = A + B + policy('ns1', 'podSelector: {matchLabels: {app: b}}\ningress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]}]');

  it('matches addresses inside the cidr and outside its excepts', () => {
    expect(conns(yaml, '10.2.3.4', 'ns1/b')).toBe('All Connections');
    expect(conns(yaml, '10.1.2.3', 'ns1/b')).toBe('No Connections');
    expect(conns(yaml, '10.0.0.0/8', 'ns1/b')).toBe('No Connections');
    expect(conns(yaml, '192.168.0.1', 'ns1/b')).toBe('No Connections');
  });

  it('never matches pods: ipBlock is for cluster-external addresses', () => {
    expect(conns(A + B + policy('ns1', 'podSelector: {matchLabels: {app: b}}\ningress: [{from: [{ipBlock: {cidr: 0.0.0.0/0}}]}]'), 'ns1/a', 'ns1/b')).toBe('No Connections');
  });

  it('handles IPv6 blocks and shows the IPv6 space in the matrix when one is used', () => {
    const v6 = A + B + policy('ns1', 'podSelector: {matchLabels: {app: a}}\npolicyTypes: [Egress]\negress: [{to: [{ipBlock: {cidr: "2001:db8::/32"}}]}]');
    expect(conns(v6, 'ns1/a', '2001:db8::1')).toBe('All Connections');
    expect(conns(v6, 'ns1/a', '2001:db9::1')).toBe('No Connections');
    expect(conns(v6, 'ns1/a', '1.1.1.1')).toBe('No Connections');
    const rows = matrixRows(computeMatrix(analyse(buildModel(objectsOf(v6)))));
    expect(rows.filter((r) => r.src === 'ns1/a[Deployment]').map((r) => r.dst)).toEqual(['2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff']);
  });
});

describe('invalid policies', () => {
  it('leaves out a policy with an invalid CIDR or an unknown operator, as the API server would reject it', () => {
    const bad = A + B + policy('ns1', 'podSelector: {}\ningress: [{from: [{ipBlock: {cidr: 10.0.0.0/33}}]}]');
    expect(conns(bad, 'ns1/a', 'ns1/b')).toBe('All Connections');
    const model = buildModel(objectsOf(bad));
    expect(model.policies[0]!.issues).toEqual([{ path: ['spec', 'ingress', 0, 'from', 0, 'ipBlock', 'cidr'], message: 'invalid CIDR "10.0.0.0/33"' }]);
    expect(model.enforced).toEqual([]);
    const op = buildModel(objectsOf(A + policy('ns1', 'podSelector: {matchExpressions: [{key: app, operator: Like, values: [a]}]}')));
    expect(op.policies[0]!.issues[0]!.path).toEqual(['spec', 'podSelector', 'matchExpressions', 0, 'operator']);
  });

  it('rejects excepts outside the cidr, bad ports and ipBlock mixed with selectors', () => {
    const issues = (spec: string) => buildModel(objectsOf(policy('ns1', spec))).policies[0]!.issues.map((i) => i.message);
    expect(issues('podSelector: {}\ningress: [{from: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.1.0.0/24]}}]}]')).toEqual(['except "10.1.0.0/24" is not inside cidr "10.0.0.0/16"']);
    expect(issues('podSelector: {}\ningress: [{ports: [{port: 90, endPort: 80}]}]')).toEqual(['endPort 80 must be a port number not below port 90']);
    expect(issues('podSelector: {}\ningress: [{ports: [{port: HTTP}]}]')).toEqual(['invalid port name "HTTP"']);
    expect(issues('podSelector: {}\ningress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]}]')).toEqual(['a peer with ipBlock may not also have namespaceSelector or podSelector']);
    expect(issues('podSelector: {}\npolicyTypes: Ingress')).toEqual(['policyTypes must be a list']);
    expect(issues('podSelector: {}\ningress: [{from: [{}]}]')).toEqual(['a peer needs podSelector, namespaceSelector or ipBlock']);
  });
});

describe('reach explanation', () => {
  it('names the isolating policies and the allowing rules on each side', () => {
    const yaml = A + B +
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ns1}\nspec: {podSelector: {}}\n---\n' +
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-a, namespace: ns1}\nspec:\n  podSelector: {matchLabels: {app: b}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: a}}}], ports: [{port: http}]}]\n';
    const analysis = analyse(buildModel(objectsOf(yaml)));
    const [a, b] = analysis.model.workloads;
    const result = reach(analysis, { type: 'workload', workload: a! }, { type: 'workload', workload: b! }, { port: 8080, protocol: 'TCP' });
    expect(result.allowed).toBe(true);
    expect(result.egress).toEqual({ isolatedBy: [], allowedBy: [], connections: expect.anything() });
    expect(result.ingress!.isolatedBy).toEqual([{ namespace: 'ns1', name: 'deny' }, { namespace: 'ns1', name: 'allow-a' }]);
    expect(result.ingress!.allowedBy).toEqual([{ policy: { namespace: 'ns1', name: 'allow-a' }, rule: 'spec.ingress[0]', connections: expect.anything() }]);
    expect(reach(analysis, { type: 'workload', workload: a! }, { type: 'workload', workload: b! }, { port: 80, protocol: 'TCP' }).allowed).toBe(false);
  });

  it('marks an ipBlock that covers only part of the queried range', () => {
    const analysis = analyse(buildModel(objectsOf(A + policy('ns1', 'podSelector: {}\ningress: [{from: [{ipBlock: {cidr: 10.0.0.0/16}}]}]'))));
    const result = reach(analysis, { type: 'external', cidr: '10.0.0.0/8', addresses: parseAddressQuery('10.0.0.0/8')! }, { type: 'workload', workload: analysis.model.workloads[0]! });
    expect(result.allowed).toBe(false);
    expect(result.ingress!.allowedBy[0]!.partial).toBe(true);
  });
});
