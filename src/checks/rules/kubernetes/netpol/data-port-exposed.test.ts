import { describe, expect, it } from 'vitest';
import { dataPortExposed } from './data-port-exposed.js';
import { deployment, netpol, runSetRule } from './testdata/run.js';

const DB = deployment('data', 'pg', '{app: pg}', '[{name: pg, containerPort: 5432}, {containerPort: 8080}]');
const DENY = netpol('data', 'deny', 'podSelector: {}');

describe('k8s/netpol-data-port-exposed', () => {
  it('fires at the container port of a store no policy isolates', () => {
    const hits = runSetRule(dataPortExposed, DB);
    expect(hits).toEqual([
      expect.objectContaining({
        fieldPath: 'spec.template.spec.containers[0].ports[0].containerPort',
        message: 'PostgreSQL port 5432 of Deployment "pg" (namespace "data") is reachable from every namespace and from outside the cluster: no NetworkPolicy isolates it for ingress',
      }),
    ]);
  });

  it('fires for a rule open to every namespace on that port, also through a named port', () => {
    const hits = runSetRule(dataPortExposed, DB + DENY + netpol('data', 'all-ns', 'podSelector: {matchLabels: {app: pg}}\ningress: [{from: [{namespaceSelector: {}}], ports: [{port: pg}]}]'));
    expect(hits.map((h) => h.message)).toEqual(['PostgreSQL port 5432 of Deployment "pg" (namespace "data") is reachable from every namespace (NetworkPolicy "all-ns" spec.ingress[0])']);
  });

  it('fires for a public ipBlock, not for a private one', () => {
    const rule = (cidr: string) => DB + DENY + netpol('data', 'ip', `podSelector: {}\ningress: [{from: [{ipBlock: {cidr: ${cidr}}}], ports: [{port: 5432}]}]`);
    expect(runSetRule(dataPortExposed, rule('0.0.0.0/0'))[0]!.message).toContain('from public addresses in 0.0.0.0/0');
    expect(runSetRule(dataPortExposed, rule('10.20.0.0/16'))).toEqual([]);
  });

  it('stays quiet when only named workloads may connect, or when the open rule covers other ports', () => {
    expect(runSetRule(dataPortExposed, DB + DENY + netpol('data', 'api', 'podSelector: {}\ningress: [{from: [{namespaceSelector: {matchLabels: {team: shop}}, podSelector: {matchLabels: {app: api}}}], ports: [{port: 5432}]}]'))).toEqual([]);
    expect(runSetRule(dataPortExposed, DB + DENY + netpol('data', 'web', 'podSelector: {}\ningress: [{ports: [{port: 8080}]}]'))).toEqual([]);
    expect(runSetRule(dataPortExposed, deployment('web', 'site', '{app: site}', '[{containerPort: 8080}]'))).toEqual([]);
  });
});
