import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
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
    expect(at('k8s/secret-in-manifest')).toEqual(['examples/demo-app/k8s/secret.yaml:8', 'examples/demo-app/k8s/secret.yaml:9']);
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
    const { code, report } = await scanJson(['.', '--exclude', 'examples/demo-app/**', '--exclude', 'examples/access-and-network/**', '--exclude', '**/testdata/**', '--exclude', 'src/**', '--exclude', 'test/fixtures/**'], { cwd: repo });
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });
});
