import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';

const TESTDATA = fileURLToPath(new URL('../src/checks/analysis/rbac/testdata/', import.meta.url));
const rbac = (args: string[], stdin?: string) => runCli(['rbac', ...args, '-f', stdin === undefined ? 'platform.yaml' : '-'], { cwd: TESTDATA, ...(stdin !== undefined ? { stdin } : {}) });

describe('rampart rbac', () => {
  it('who-can lists subjects with the binding and role that grant the permission', async () => {
    const run = await rbac(['who-can', 'create', 'deployments.apps', '--namespace', 'argocd']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^SUBJECT\s+SCOPE\s+BINDING\s+ROLE\s+RULE$/);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/).slice(0, 2))).toEqual([
      ['sa:argocd/argocd-application-controller', 'cluster'],
      ['user:alice', 'argocd'],
    ]);
    expect(run.stdout).toContain('RoleBinding argocd/alice-release-manager (platform.yaml:');
  });

  it('who-can answers in a documented JSON shape, for subresources and non-resource URLs', async () => {
    const exec = JSON.parse((await rbac(['who-can', 'create', 'pods/exec', '-n', 'monitoring', '--format', 'json'])).stdout);
    expect(exec.query).toEqual({ verb: 'create', resource: 'pods', apiGroup: '', subresource: 'exec', namespace: 'monitoring', namespaced: true });
    expect(exec.answers.map((a: { subject: string }) => a.subject)).toEqual(['sa:argocd/argocd-application-controller']);
    expect(exec.answers[0]).toMatchObject({ scope: 'cluster', binding: { kind: 'ClusterRoleBinding', name: 'argocd-application-controller', file: 'platform.yaml' }, role: { kind: 'ClusterRole', name: 'argocd-application-controller', builtIn: false } });
    const metrics = JSON.parse((await rbac(['who-can', 'get', '/metrics', '--format', 'json'])).stdout);
    expect(metrics.answers.map((a: { subject: string }) => a.subject)).toEqual(['sa:argocd/argocd-application-controller', 'sa:monitoring/prometheus-k8s']);
  });

  it('can lists every permission of a subject with its source', async () => {
    const run = await rbac(['can', 'sa:monitoring/prometheus-k8s', '--format', 'json']);
    const json = JSON.parse(run.stdout);
    expect(json.subject).toBe('sa:monitoring/prometheus-k8s');
    expect(json.permissions.map((p: { rule: { text: string } }) => p.rule.text)).toEqual([
      'get on nodes/metrics in core',
      'get on /metrics, /metrics/slis',
      'get, list, watch on services, endpoints, pods in core',
    ]);
    expect((await rbac(['can', 'group:nobody'])).stdout).toBe('group:nobody has no permissions in the input.\n');
  });

  it('path prints the shortest chain to cluster-admin', async () => {
    const run = await rbac(['path', 'alice']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(
      'user:alice -(create deployments in argocd)-> sa:argocd/argocd-application-controller -(ClusterRoleBinding argocd-application-controller)-> cluster-admin',
    );
    const none = JSON.parse((await rbac(['path', 'group:sre', '--format', 'json'])).stdout);
    expect(none).toMatchObject({ subject: 'group:sre', reachesClusterAdmin: false, path: [], text: null });
  });

  it('exits 2 on a bad query and 3 when input cannot be read, still answering', async () => {
    expect((await rbac(['who-can', 'get'])).code).toBe(2);
    expect((await rbac(['frobnicate'])).code).toBe(2);
    expect((await rbac(['can', 'sa:broken'])).code).toBe(2);
    expect((await rbac(['who-can', 'get', 'pods', '--format', 'yaml'])).code).toBe(2);
    const broken = join(mkdtempSync(join(tmpdir(), 'rampart-rbac-')), 'broken.yaml');
    writeFileSync(broken, 'kind: Role\nrules: [unclosed\n');
    const run = await runCli(['rbac', 'can', 'alice', '-f', 'platform.yaml', '-f', broken], { cwd: TESTDATA });
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('create, update');
    expect(run.stderr).toContain('broken.yaml');
    const missing = await runCli(['rbac', 'can', 'alice', '-f', 'platform.yaml', '-f', 'missing.yaml'], { cwd: TESTDATA });
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toContain('"missing.yaml": no such file or directory');
  });

  it('warns about bindings to missing roles with file and line, and reads stdin', async () => {
    const yaml = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: x\n  namespace: a\nroleRef:\n  kind: Role\n  name: gone\nsubjects:\n  - {kind: User, name: bob}\n';
    const run = await rbac(['can', 'bob'], yaml);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('user:bob has no permissions in the input.\n');
    expect(run.stderr).toContain('<stdin>:8: RoleBinding "a/x" refers to Role "gone"');
  });
  it('exits 3 when the input holds no Kubernetes object, rather than answering "nobody"', async () => {
    const run = await runCli(['rbac', 'who-can', 'get', 'secrets', 'scripts'], { cwd: fileURLToPath(new URL('..', import.meta.url)) });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('rampart: scripts: no Kubernetes objects found in the input\n');
  });
});

describe('rampart rbac, as a kube-apiserver answers (issue 10, item 15)', () => {
  const set = [
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: ClusterRole',
    'metadata: {name: namespace-owner}',
    'rules:',
    '  - {apiGroups: [""], resources: [namespaces], verbs: [get, update]}',
    '---',
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: RoleBinding',
    'metadata: {name: owner, namespace: team}',
    'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: namespace-owner}',
    'subjects: [{kind: User, name: alice}]',
    '---',
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: ClusterRole',
    'metadata: {name: monitoring}',
    'aggregationRule:',
    '  clusterRoleSelectors: [{matchLabels: {rbac.example.com/aggregate-to-monitoring: "true"}}]',
    'rules:',
    '  - {apiGroups: [""], resources: [services], verbs: [list]}',
    '---',
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: ClusterRoleBinding',
    'metadata: {name: monitoring}',
    'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitoring}',
    'subjects: [{kind: ServiceAccount, name: prom, namespace: mon}]',
    '',
  ].join('\n');

  it('lets a RoleBinding grant its own Namespace object, and nothing about other namespaces', async () => {
    const own = JSON.parse((await rbac(['who-can', 'update', 'namespaces', '--name', 'team', '--format', 'json'], set)).stdout);
    expect(own.answers.map((a: { subject: string; scope: string }) => `${a.subject}@${a.scope}`)).toEqual(['user:alice@team']);
    const other = JSON.parse((await rbac(['who-can', 'get', 'namespaces', '--name', 'other', '--format', 'json'], set)).stdout);
    expect(other.answers).toEqual([]);
    const list = JSON.parse((await rbac(['who-can', 'list', 'namespaces', '--format', 'json'], set)).stdout);
    expect(list.answers).toEqual([]);
  });

  it('keeps the rules of an aggregated ClusterRole whose selectors match no role', async () => {
    const run = await rbac(['who-can', 'list', 'services', '-n', 'mon', '--format', 'json'], set);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).answers.map((a: { subject: string }) => a.subject)).toEqual(['sa:mon/prom']);
  });
});

describe('rampart rbac inputs', () => {
  it('takes input paths after the query words, like scan, with -f kept as an alias', async () => {
    const positional = await runCli(['rbac', 'who-can', 'create', 'pods/exec', 'platform.yaml', '-n', 'monitoring', '--format', 'json'], { cwd: TESTDATA });
    expect(positional.code).toBe(0);
    expect(JSON.parse(positional.stdout).answers.map((a: { subject: string }) => a.subject)).toEqual(['sa:argocd/argocd-application-controller']);
    const flag = await runCli(['rbac', 'who-can', 'create', 'pods/exec', '-f', 'platform.yaml', '-n', 'monitoring', '--format', 'json'], { cwd: TESTDATA });
    expect(flag.stdout).toBe(positional.stdout);
    const can = await runCli(['rbac', 'can', 'sa:monitoring/prometheus-k8s', 'platform.yaml', '--format', 'json'], { cwd: TESTDATA });
    expect(JSON.parse(can.stdout).permissions).toHaveLength(3);
  });

  it('still needs the query words before the paths', async () => {
    const run = await runCli(['rbac', 'who-can', 'get'], { cwd: TESTDATA });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/who-can takes VERB and RESOURCE/);
  });
});

describe('rampart rbac on hostile names', () => {
  it('never writes a terminal escape sequence from the input to the terminal', async () => {
    const yaml = [
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRoleBinding',
      'metadata: {name: "evil\\e]0;pwned\\a"}',
      'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "gone\\e[2J"}',
      'subjects: [{kind: User, name: "mallory\\e[31m"}]',
    ].join('\n');
    const run = await runCli(['rbac', 'can', 'user:mallory\u001b[31m', '-'], { cwd: TESTDATA, stdin: yaml });
    expect(run.stdout + run.stderr).not.toMatch(/\u001b/);
    expect(run.stderr).toContain('\\x1b[2J');
  });
});
