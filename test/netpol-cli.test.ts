import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runCli } from './helpers/cli.js';
import { makeTree, type TempTree } from '../src/testing/tree.js';

const TESTDATA = fileURLToPath(new URL('../src/analysis/netpol/testdata/', import.meta.url));

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
    const run = await netpol(['matrix', '-f', 'egress-ports.yaml', '-f', 'missing.yaml', '-o', 'json']);
    expect(run.code).toBe(3);
    const json = JSON.parse(run.stdout);
    expect(json.connections).toHaveLength(5);
    expect(json.errors).toHaveLength(1);
    expect(run.stderr).toMatch(/missing\.yaml/);
  });
});

describe('rampart netpol reach', () => {
  it('answers yes with the allowing rule, and no with the isolating policies', async () => {
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
    const no = await netpol(['reach', '-f', 'ipblock-except.yaml', '--from', '10.11.0.5', '--to', 'default/backend[Deployment]', '-o', 'json']);
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
    expect((await netpol(['matrix', '-o', 'svg'])).code).toBe(2);
  });
});
