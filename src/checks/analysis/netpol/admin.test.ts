import { describe, expect, it } from 'vitest';
import { formatConnections } from './connections.js';
import { analyse } from './analysis.js';
import { buildModel } from './model.js';
import { reach } from './reach.js';
import { conns, deploymentYaml, objectsOf } from './testdata/load.js';

const APP = deploymentYaml('app', 'api', { app: 'api' }, [{ name: 'http', containerPort: 8080 }]);
const CLIENT = deploymentYaml('app', 'client', { app: 'client' });
const MON = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: mon, labels: {role: monitoring}}\n---\n' + deploymentYaml('mon', 'prom', { app: 'prom' });
const BASE = APP + CLIENT + MON;

function anp(name: string, priority: number, body: string): string {
  return `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n  priority: ${priority}\n${body.replace(/^/gm, '  ')}\n---\n`;
}

function banp(body: string): string {
  return `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n${body.replace(/^/gm, '  ')}\n---\n`;
}

const NP_DENY_APP = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: app}\nspec: {podSelector: {}}\n---\n';
const NP_ALLOW_ALL_APP = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: open, namespace: app}\nspec: {podSelector: {}, ingress: [{}]}\n---\n';
const SUBJECT_API = 'subject: {pods: {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: app}}, podSelector: {matchLabels: {app: api}}}}';

describe('AdminNetworkPolicy and BaselineAdminNetworkPolicy', () => {
  it('an ANP Deny wins over a NetworkPolicy that allows', () => {
    const yaml = BASE + NP_ALLOW_ALL_APP + anp('deny-client', 10, `${SUBJECT_API}\ningress: [{name: no-client, action: Deny, from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: client}}}}]}]`);
    expect(conns(yaml, 'app/client', 'app/api')).toBe('No Connections');
    expect(conns(yaml, 'mon/prom', 'app/api')).toBe('All Connections');
  });

  it('an ANP Allow wins over a NetworkPolicy default deny, per port', () => {
    const yaml = BASE + NP_DENY_APP + anp('monitoring', 5, `subject: {namespaces: {}}\ningress: [{name: scrape, action: Allow, from: [{namespaces: {matchLabels: {role: monitoring}}}], ports: [{namedPort: http}]}]`);
    expect(conns(yaml, 'mon/prom', 'app/api')).toBe('TCP 8080');
    expect(conns(yaml, 'app/client', 'app/api')).toBe('No Connections');
  });

  it('decides by priority, lower first, and by rule order within a policy', () => {
    const allow = anp('allow', 10, `${SUBJECT_API}\ningress: [{name: a, action: Allow, from: [{namespaces: {}}], ports: [{portNumber: {port: 80}}]}]`);
    const deny = anp('deny', 20, `${SUBJECT_API}\ningress: [{name: d, action: Deny, from: [{namespaces: {}}]}]`);
    expect(conns(BASE + allow + deny, 'app/client', 'app/api')).toBe('TCP 80');
    const ordered = anp('both', 1, `${SUBJECT_API}\ningress:\n  - {name: d, action: Deny, from: [{namespaces: {}}], ports: [{portRange: {start: 80, end: 90}}]}\n  - {name: a, action: Allow, from: [{namespaces: {}}]}`);
    expect(conns(BASE + NP_DENY_APP + ordered, 'app/client', 'app/api')).toBe('SCTP 1-65535,TCP 1-79,91-65535,UDP 1-65535');
  });

  it('Pass hands the ports to NetworkPolicy, or to the baseline when no NetworkPolicy isolates the pod', () => {
    const pass = anp('pass', 1, `${SUBJECT_API}\ningress: [{name: p, action: Pass, from: [{namespaces: {}}]}]`);
    const baseline = banp(`${SUBJECT_API}\ningress: [{name: deny-all, action: Deny, from: [{namespaces: {}}]}]`);
    expect(conns(BASE + pass + baseline, 'app/client', 'app/api')).toBe('No Connections');
    expect(conns(BASE + pass + baseline + NP_ALLOW_ALL_APP, 'app/client', 'app/api')).toBe('All Connections');
    const allowLater = anp('allow-later', 2, `${SUBJECT_API}\ningress: [{name: a, action: Allow, from: [{namespaces: {}}]}]`);
    expect(conns(BASE + pass + allowLater + baseline, 'app/client', 'app/api')).toBe('No Connections');
  });

  it('the baseline applies only to pods no NetworkPolicy isolates', () => {
    const baseline = banp(`subject: {namespaces: {}}\ningress: [{name: deny-all, action: Deny, from: [{namespaces: {}}]}]`);
    expect(conns(BASE + baseline, 'app/client', 'mon/prom')).toBe('No Connections');
    const np = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: prom, namespace: mon}\nspec: {podSelector: {}, ingress: [{ports: [{port: 9090}]}]}\n---\n';
    expect(conns(BASE + baseline + np, 'app/client', 'mon/prom')).toBe('TCP 9090');
  });

  it('matches egress networks against external blocks, and shows them in the matrix split', () => {
    const yaml = BASE + anp('no-internal', 3, `subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: app}}}\negress: [{name: d, action: Deny, to: [{networks: [10.0.0.0/8]}]}]`);
    expect(conns(yaml, 'app/api', '10.1.2.3')).toBe('No Connections');
    expect(conns(yaml, 'app/api', '8.8.8.8')).toBe('All Connections');
    expect(conns(yaml, 'app/api', 'mon/prom')).toBe('All Connections');
    expect(analyse(buildModel(objectsOf(yaml))).blocks).toHaveLength(3);
  });

  it('leaves out invalid admin policies', () => {
    const model = buildModel(objectsOf(BASE + anp('bad', 5000, `${SUBJECT_API}\ningress: [{name: x, action: Reject, from: [{namespaces: {}}]}]`)));
    expect(model.admin).toEqual([]);
    expect(model.adminPolicies[0]!.issues.map((i) => i.message)).toEqual(['priority must be an integer from 0 to 1000', 'action must be Allow, Deny, Pass, not "Reject"']);
  });

  it('explains which admin rule decided what', () => {
    const yaml = BASE + NP_DENY_APP + anp('monitoring', 5, `subject: {namespaces: {}}\ningress: [{name: scrape, action: Allow, from: [{namespaces: {matchLabels: {role: monitoring}}}], ports: [{portNumber: {port: 8080}}]}]`);
    const analysis = analyse(buildModel(objectsOf(yaml)));
    const find = (name: string) => analysis.model.workloads.find((w) => w.name === name)!;
    const result = reach(analysis, { type: 'workload', workload: find('prom') }, { type: 'workload', workload: find('api') });
    expect(result.ingress!.admin!.map((m) => ({ ...m, decided: formatConnections(m.decided) }))).toEqual([
      { kind: 'AdminNetworkPolicy', name: 'monitoring', priority: 5, rule: 'spec.ingress[0]', ruleName: 'scrape', action: 'Allow', decided: 'TCP 8080' },
    ]);
    expect(result.ingress!.isolatedBy).toEqual([{ namespace: 'app', name: 'deny' }]);
  });
});

describe('AdminNetworkPolicy nodes peers', () => {
  const node = (name: string, labels: string, address: string) =>
    `apiVersion: v1\nkind: Node\nmetadata: {name: ${name}, labels: ${labels}}\nstatus:\n  addresses: [{type: InternalIP, address: ${address}}, {type: Hostname, address: ${name}}]\n---\n`;
  const NODES = node('infra-1', '{worker-group: infra}', '10.0.0.5') + node('work-1', '{worker-group: workloads}', '10.0.0.6');
  const DENY_INFRA = anp('nodes', 5, `${SUBJECT_API}\negress: [{name: no-infra, action: Deny, to: [{nodes: {matchLabels: {worker-group: infra}}}], ports: [{portNumber: {port: 10250}}]}]`);

  it('are the addresses of the Nodes they select', () => {
    const yaml = BASE + NODES + DENY_INFRA;
    expect(conns(yaml, 'app/api', '10.0.0.5')).toBe('SCTP 1-65535,TCP 1-10249,10251-65535,UDP 1-65535');
    expect(conns(yaml, 'app/api', '10.0.0.6')).toBe('All Connections');
    expect(conns(yaml, 'app/client', '10.0.0.5')).toBe('All Connections');
  });

  it('match nothing without Node objects, and say so', () => {
    const yaml = BASE + DENY_INFRA;
    expect(conns(yaml, 'app/api', '10.0.0.5')).toBe('All Connections');
    const model = buildModel(objectsOf(yaml));
    expect(model.adminPolicies[0]!.unmodelled.map((u) => u.message)).toEqual([expect.stringMatching(/^a nodes peer matches no Node with an address in the input/)]);
    expect(buildModel(objectsOf(BASE + NODES + DENY_INFRA)).adminPolicies[0]!.unmodelled).toEqual([]);
  });
});
