import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runCli } from './helpers/cli.js';
import { makeTree, type TempTree } from '../src/testing/tree.js';

const TESTDATA = fileURLToPath(new URL('../src/checks/analysis/netpol/testdata/', import.meta.url));

let tree: TempTree | undefined;
afterEach(async () => tree?.cleanup());

/** `rampart netpol ARGS`, through the real command line entry (usage errors exit 2). */
async function netpol(args: string[], cwd = TESTDATA): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli(['netpol', ...args], { cwd });
}

describe('rampart netpol matrix', () => {
  it('prints the np-guard lines format', async () => {
    const run = await netpol(['matrix', '-f', 'ipblock-except.yaml', '--format', 'lines']);
    expect(run).toEqual({ code: 0, stdout: readFileSync(`${TESTDATA}/ipblock-except.txt`, 'utf8'), stderr: '' });
  });

  it('prints JSON with the input problems, and exits 3 when some input could not be read', async () => {
    tree = await makeTree({ 'broken.yaml': 'kind: NetworkPolicy\nspec: [unclosed\n' });
    const run = await netpol(['matrix', '-f', 'egress-ports.yaml', '-f', `${tree.root}/broken.yaml`, '--format', 'json']);
    expect(run.code).toBe(3);
    const json = JSON.parse(run.stdout);
    expect(json.connections).toHaveLength(5);
    expect(json.errors).toHaveLength(1);
    expect(run.stderr).toMatch(/broken\.yaml/);
  });
});

describe('rampart netpol reach', () => {
  it('answers yes with the allowing rule (exit 0), and no with the isolating policies (exit 1, like kubectl auth can-i)', async () => {
    const yes = await netpol(['reach', '-f', 'ipblock-except.yaml', '--from', 'default/frontend', '--to', 'default/backend', '--port', '53/udp']);
    expect(yes.code).toBe(0);
    expect(yes.stdout).toBe(
      [
        'ALLOWED: default/frontend[Deployment] => default/backend[Deployment] : UDP 53 (all allowed: UDP 53)',
        'Egress of default/frontend[Deployment]: not isolated (no NetworkPolicy selects it), everything allowed',
        'Ingress of default/backend[Deployment]: isolated by default/backend-ingress; allows UDP 53',
        '  allowed by default/backend-ingress spec.ingress[1]: UDP 53',
        '',
      ].join('\n'),
    );
    const no = await netpol(['reach', '-f', 'ipblock-except.yaml', '--from', '10.11.0.5', '--to', 'default/backend[Deployment]', '--format', 'json']);
    expect(no.code).toBe(1);
    const json = JSON.parse(no.stdout);
    expect(json).toMatchObject({ allowed: false, connections: 'No Connections', from: { type: 'external', cidr: '10.11.0.5' } });
    expect(json.ingress.isolatedBy).toEqual([{ namespace: 'default', name: 'backend-ingress' }]);
  });

  it('warns with file and line about a policy it leaves out', async () => {
    tree = await makeTree({
      'bad.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: bad, namespace: default}\nspec:\n  podSelector: {}\n  ingress:\n    - from: [{ipBlock: {cidr: 300.0.0.0/8}}]\n',
      'app.yaml': readFileSync(`${TESTDATA}/no-policies.yaml`, 'utf8'),
    });
    const run = await netpol(['reach', '-f', '.', '--from', 'shop/frontend', '--to', 'shop/db'], tree.root);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ALLOWED/);
    expect(run.stderr).toBe('rampart: warning: bad.yaml:7: NetworkPolicy default/bad left out of the analysis: invalid CIDR "300.0.0.0/8"\n');
  });

  it('shows the admin tier rules that decided', async () => {
    tree = await makeTree({
      'app.yaml': readFileSync(`${TESTDATA}/no-policies.yaml`, 'utf8'),
      'anp.yaml': 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: protect-db}\nspec:\n  priority: 10\n  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}}\n  ingress: [{name: no-tcp, action: Deny, from: [{namespaces: {}}], ports: [{portRange: {protocol: TCP, start: 1, end: 65535}}]}]\n',
    });
    const run = await netpol(['reach', '-f', '.', '--from', 'shop/frontend', '--to', 'shop/db'], tree.root);
    expect(run.stdout).toBe(
      [
        'ALLOWED: shop/frontend[Deployment] => shop/db[StatefulSet] : SCTP 1-65535,UDP 1-65535',
        'Egress of shop/frontend[Deployment]: not isolated (no NetworkPolicy selects it), everything allowed',
        'Ingress of shop/db[StatefulSet]: no NetworkPolicy isolates it; allows SCTP 1-65535,UDP 1-65535',
        '  AdminNetworkPolicy protect-db (priority 10) spec.ingress[0] "no-tcp": Deny TCP 1-65535',
        '',
      ].join('\n'),
    );
  });

  it('exits 2 on a bad query', async () => {
    expect((await netpol(['frobnicate'])).code).toBe(2);
    expect((await netpol(['reach', '--from', 'default/frontend'])).stderr).toMatch(/needs --from and --to/);
    expect((await netpol(['reach', '-f', 'ipblock-except.yaml', '--from', 'default/frontend', '--to', 'default/nope'])).stderr).toMatch(/no workload default\/nope/);
    expect((await netpol(['reach', '--from', 'a/b', '--to', 'c/d', '--port', '70000'])).code).toBe(2);
    expect((await netpol(['matrix', '--format', 'svg'])).code).toBe(2);
  });
});

describe('rampart netpol inputs', () => {
  const lines = readFileSync(`${TESTDATA}/api-lists.txt`, 'utf8');

  it('reads raw API list responses (PodList, NetworkPolicyList, NamespaceList: items without kind) from positional paths', async () => {
    expect(await netpol(['matrix', 'api-lists', '--format', 'lines'])).toEqual({ code: 0, stdout: lines, stderr: '' });
  });

  it('reads a kubectl get -o json List, and takes -f as well as positional paths', async () => {
    expect(await netpol(['matrix', '-f', 'kubectl-list.json', '--format', 'lines'])).toEqual({ code: 0, stdout: lines, stderr: '' });
    const both = await netpol(['matrix', 'api-lists/pods.json', '-f', 'api-lists/networkpolicies.json', '--format', 'lines']);
    expect(both).toEqual({ code: 0, stdout: lines, stderr: '' });
    const reachRun = await netpol(['reach', 'api-lists', '--from', 'shop/db', '--to', 'shop/api-6d4cf56db6', '--format', 'json']);
    expect(JSON.parse(reachRun.stdout)).toMatchObject({ allowed: true, from: { kind: 'StatefulSet' }, to: { kind: 'ReplicaSet' } });
  });

  it('exits 3 when the input holds no Kubernetes object, and warns when it holds no workload', async () => {
    const nothing = await netpol(['matrix', 'egress-ports.txt']);
    expect(nothing.code).toBe(3);
    expect(nothing.stderr).toBe('rampart: egress-ports.txt: no Kubernetes objects found in the input\n');
    const policiesOnly = await netpol(['matrix', 'api-lists/networkpolicies.json', '--format', 'json']);
    expect(policiesOnly.code).toBe(0);
    expect(policiesOnly.stderr).toMatch(/^rampart: warning: no workloads in the input .*so no connection to report\n$/);
    expect(JSON.parse(policiesOnly.stdout)).toMatchObject({ connections: [], problems: [{ message: expect.stringMatching(/^no workloads in the input/) }] });
  });

  it('refuses paths together with --cluster', async () => {
    const run = await netpol(['matrix', 'api-lists', '--cluster']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--cluster scans the cluster, not paths/);
  });

  it('shows what Ingress and Route objects expose through the ingress controller, and warns where policies refuse it', async () => {
    const run = await netpol(['matrix', 'ingress.yaml', '--format', 'lines']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(`${TESTDATA}/ingress.txt`, 'utf8'));
    expect(run.stderr).toMatch(/^rampart: warning: ingress\.yaml:\d+: Route shop\/admin routes to shop\/admin\[Deployment\], but its policies admit nothing from an ingress controller/);
  });
});

describe('rampart netpol with admin network policies', () => {
  it('applies networks peers, and warns about nodes peers that match no Node of the input while keeping the rule\'s other peers', async () => {
    const run = await netpol(['matrix', 'anp-nodes-networks.yaml', '--format', 'lines']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(`${TESTDATA}/anp-nodes-networks.txt`, 'utf8'));
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^rampart: warning: anp-nodes-networks\.yaml:\d+: AdminNetworkPolicy egress-peer-1: a nodes peer matches no Node with an address in the input/),
      expect.stringMatching(/nodes peer/),
      expect.stringMatching(/nodes peer/),
    ]);
  });
});
