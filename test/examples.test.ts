import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { findHelm } from '../src/testing/render.js';
import { runCli, scanJson } from './helpers/cli.js';

const repo = fileURLToPath(new URL('..', import.meta.url));

describe('bundled examples', () => {
  it('the careless demo app shows the headline rules firing, at their source lines', async () => {
    const { code, report } = await scanJson(['examples/demo-app'], { cwd: repo });
    expect(code).toBe(1);
    expect(report.errors).toEqual([]);
    const at = (ruleId: string) => report.findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.location.file}:${f.location.startLine}`);
    expect(at('docker/user-root')).toEqual(['examples/demo-app/Dockerfile:2']);
    expect(at('docker/secret-in-env-arg')).toEqual(['examples/demo-app/Dockerfile:4']);
    expect(at('k8s/pss-privileged')).toEqual(['examples/demo-app/k8s/deployment.yaml:27']);
    expect(at('k8s/pss-allow-privilege-escalation')).toEqual(['examples/demo-app/k8s/deployment.yaml:28']);
    expect(at('k8s/runtime-socket-mount').length).toBe(1);
    expect(at('k8s/secret-in-manifest')).toEqual(['examples/demo-app/k8s/secret.yaml:9']);
    expect(at('k8s/secret-config-in-manifest')).toEqual(['examples/demo-app/k8s/secret.yaml:8']);
    expect(at('k8s/ingress-without-tls')).toEqual(['examples/demo-app/k8s/ingress.yaml:5']);
    expect(at('k8s/service-node-port').length).toBe(1);
  });

  it('never prints the committed secret values, in any format', async () => {
    for (const format of ['table', 'json', 'sarif', 'junit']) {
      const run = await runCli(['scan', 'examples/demo-app', '--format', format], { cwd: repo });
      expect(run.stdout).not.toMatch(/hunter2-production|U3VwZXJTZWNyZXQ|SuperSecret|pk-demo-2f7u9XyAbCdEf0a1b2c3/);
    }
  });

  it('the hardened twin scans clean', async () => {
    const { code, report } = await scanJson(['examples/demo-app-hardened'], { cwd: repo });
    expect(report.findings).toEqual([]);
    expect(report.errors).toEqual([]);
    expect(code).toBe(0);
  });

  it('our own Dockerfiles and manifests scan clean', async () => {
    // Test code plants fake credentials on purpose; everything that ships or documents (docs, deploy, bench, scripts) must be clean.
    // Lockfiles are left out: their verdict depends on the machine's vulnerability database, not on this repository.
    // charts/rampart is rendered with the pinned helm, as a user's scan renders it with theirs.
    const { code, report } = await scanJson(['.', '--skip-dependencies', '--helm', findHelm(), '--exclude', 'examples/demo-app/**', '--exclude', 'examples/access-and-network/**', '--exclude', 'examples/policies/**', '--exclude', '**/testdata/**', '--exclude', 'src/**', '--exclude', 'test/**'], { cwd: repo });
    expect(report.findings.filter((f) => !f.suppressed)).toEqual([]);
    expect(report.errors.filter((e) => e.level !== 'warning')).toEqual([]);
    expect(code).toBe(0);
  });
});

describe('the access-and-network example answers every query', () => {
  const cwd = `${repo}examples/access-and-network`;

  it('rbac who-can, can and path', async () => {
    const whoCan = await runCli(['rbac', 'who-can', 'get', 'secrets', '--namespace', 'backend', '-f', '.', '--format', 'json'], { cwd });
    expect(whoCan.code).toBe(0);
    expect(whoCan.stdout).toMatch(/group:devs/);
    expect(whoCan.stdout).toMatch(/sa:ci\/deployer/);
    const can = await runCli(['rbac', 'can', 'user:alice', '-f', '.'], { cwd });
    expect(can.stdout).toMatch(/create, delete on pods, pods\/log/);
    const path = await runCli(['rbac', 'path', 'user:alice', '-f', '.'], { cwd });
    expect(path.stdout.split('\n')[0]).toBe('user:alice -(create pods in ci)-> sa:ci/deployer -(ClusterRoleBinding deployer-admin)-> cluster-admin');
  });

  it('netpol reach and matrix', async () => {
    const denied = await runCli(['netpol', 'reach', '--from', 'frontend/web', '--to', 'data/postgres', '--port', '5432/TCP', '-f', '.'], { cwd });
    expect(denied.stdout.split('\n')[0]).toBe('DENIED: frontend/web[Deployment] => data/postgres[StatefulSet] : TCP 5432');
    const allowed = await runCli(['netpol', 'reach', '--from', 'backend/api', '--to', 'data/postgres', '--port', '5432/TCP', '-f', '.'], { cwd });
    expect(allowed.stdout.split('\n')[0]).toMatch(/^ALLOWED: backend\/api\[Deployment\] => data\/postgres\[StatefulSet\] : TCP 5432/);
    const matrix = await runCli(['netpol', 'matrix', '--format', 'lines', '-f', '.'], { cwd });
    expect(matrix.stdout).toContain('frontend/web[Deployment] => backend/api[Deployment] : TCP 8080\n');
    expect(matrix.stdout).not.toMatch(/frontend\/web\[Deployment\] => data\/postgres/);
  });

  it('scan reports the access, network and mesh findings the example was built to show', async () => {
    const { report } = await scanJson(['.'], { cwd });
    const ids = new Set(report.findings.map((f) => f.ruleId));
    for (const id of ['k8s/rbac-escalation-path', 'k8s/rbac-cluster-admin-binding', 'k8s/rbac-secrets-read', 'k8s/netpol-selects-nothing', 'k8s/netpol-namespace-no-default-deny-ingress', 'k8s/mesh-peer-authentication-permissive']) {
      expect(ids, id).toContain(id);
    }
  });
});
