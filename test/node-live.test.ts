import { expect, it } from 'vitest';
import { describeKube } from './helpers/kube-env.js';
import { runCli, type JsonReport } from './helpers/cli.js';

/**
 * `rampart node /` against the test environment's own kube-apiserver and etcd processes, read from /proc by pid only.
 * The environment starts etcd on plain HTTP with no client or peer certificates, and the API server with
 * Node,RBAC authorization, client certificates and service account keys but no audit log, no profiling flag and no
 * kubelet client certificate: the findings must say exactly that.
 */
describeKube('rampart node on live processes', (env) => {
  it('judges the flags the test environment starts its servers with', async () => {
    const pids = env.pids;
    expect(pids, 'kube-env exposes the server pids').toBeDefined();
    const run = await runCli(['node', '/', '--pid', String(pids!.apiserver), '--pid', String(pids!.etcd), '--format', 'json', '--fail-on', 'never'], { cwd: env.tmpDir });
    const report = JSON.parse(run.stdout) as JsonReport;
    const flagFindings = report.findings.filter((f) => f.location.file.startsWith('process:')).map((f) => f.ruleId).sort();
    expect(flagFindings).toEqual(
      [
        'k8s/node-apiserver-anonymous-auth',
        'k8s/node-apiserver-audit-log-maxage',
        'k8s/node-apiserver-audit-log-maxbackup',
        'k8s/node-apiserver-audit-log-maxsize',
        'k8s/node-apiserver-audit-log-path',
        'k8s/node-apiserver-audit-policy',
        'k8s/node-apiserver-deny-service-external-ips',
        'k8s/node-apiserver-encryption-provider-config',
        'k8s/node-apiserver-etcd-ca',
        'k8s/node-apiserver-etcd-client-cert',
        'k8s/node-apiserver-event-rate-limit',
        'k8s/node-apiserver-always-pull-images',
        'k8s/node-apiserver-kubelet-ca',
        'k8s/node-apiserver-kubelet-client-cert',
        'k8s/node-apiserver-node-restriction',
        'k8s/node-apiserver-profiling',
        'k8s/node-etcd-client-cert-auth',
        'k8s/node-etcd-client-tls',
        'k8s/node-etcd-peer-client-cert-auth',
        'k8s/node-etcd-peer-tls',
      ].sort(),
    );
    // What the environment does set stays quiet.
    for (const quiet of ['k8s/node-apiserver-authorization-rbac', 'k8s/node-apiserver-authorization-node', 'k8s/node-apiserver-tls', 'k8s/node-apiserver-client-ca', 'k8s/node-apiserver-service-account-key', 'k8s/node-etcd-auto-tls']) {
      expect(flagFindings).not.toContain(quiet);
    }
    // etcd's --data-dir (under the environment's temp dir) is stat'ed too: etcd creates it 700.
    expect(report.errors).toEqual([]);
    expect(report.summary.files).toBeGreaterThanOrEqual(1);
    expect(report.findings.map((f) => f.ruleId)).not.toContain('k8s/node-etcd-data-dir-permissions');
    const anonymous = report.findings.find((f) => f.ruleId === 'k8s/node-apiserver-anonymous-auth');
    expect(anonymous?.message).toContain(`process ${pids!.apiserver}`);
  });
});
