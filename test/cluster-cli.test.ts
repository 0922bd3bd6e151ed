import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scanJson, type JsonFinding, type JsonReport } from './helpers/cli.js';
import { describeKube, uniqueNamespace } from './helpers/kube-env.js';

const REPO = resolve(import.meta.dirname, '..');

describe('deploy/ manifests', () => {
  it('pass our own scan with zero findings; only the node-checks DaemonSet waives rules, each with its reason', async () => {
    const { report } = await scanJson(['deploy', '--fail-on', 'info'], { cwd: REPO });
    expect(report.findings.filter((f) => !f.suppressed).map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine} ${f.message}`)).toEqual([]);
    // Reading a node's files and processes needs hostPID, the host's root read-only and DAC_READ_SEARCH: nothing else does.
    for (const finding of report.findings) {
      expect(finding.location.file).toBe('deploy/node-checks/daemonset.yaml');
      expect(finding.suppressed).toMatchObject({ kind: 'annotation', reason: expect.stringMatching(/\w{3,}.*\w{3,}/) });
    }
    expect(report.errors).toEqual([]);
    expect(report.summary.resources).toBe(18);
  });
});

const SECRET_VALUE = 'c3VwZXItc2VjcmV0LXZhbHVlLTQy'; // base64 of super-secret-value-42

function fixtures(apps: string, other: string): string {
  return `
apiVersion: v1
kind: Namespace
metadata: {name: ${apps}}
---
apiVersion: v1
kind: Namespace
metadata: {name: ${other}}
---
# No controller manager runs in the test server, so nothing creates the default ServiceAccount pods need.
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: ${other}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${apps}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: app
          image: nginx:1.27
          securityContext: {privileged: true}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: legacy
  namespace: ${apps}
  annotations: {rampart.io/ignore: "k8s/pss-privileged: vendor agent, reviewed"}
spec:
  selector: {matchLabels: {app: legacy}}
  template:
    metadata: {labels: {app: legacy}}
    spec:
      containers:
        - {name: agent, image: nginx:1.27, securityContext: {privileged: true}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: alice-admin, namespace: ${apps}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: open, namespace: ${other}}
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress: [{}]
---
apiVersion: v1
kind: Secret
metadata: {name: db, namespace: ${apps}}
type: Opaque
data: {password: ${SECRET_VALUE}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: ${apps}}
data: {DB_PASSWORD: "Tr0ub4dor&3-horse-battery"}
---
apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: ${other}}
spec:
  hostPID: true
  containers: [{name: sh, image: busybox:1.36}]
`;
}

const CRD = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.k2.example.com}
spec:
  group: k2.example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
    - name: v1
      served: true
      storage: true
      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`;

const key = (f: JsonFinding) => {
  const r = f.resource as { apiVersion?: string; kind: string; namespace?: string; name?: string } | undefined;
  return `${f.ruleId} ${r?.apiVersion}/${r?.kind} ${r?.namespace ?? '-'}/${r?.name ?? '-'} ${f.fieldPath ?? ''}${f.suppressed ? ` suppressed:${f.suppressed.kind}` : ''}`;
};
const keys = (report: JsonReport) => [...new Set(report.findings.map(key))].sort();

describeKube('rampart scan --cluster against a real API server', (env) => {
  let work: string;
  const apps = uniqueNamespace('k2-apps');
  const other = uniqueNamespace('k2-other');
  const run = (args: string[], extra: Record<string, string> = {}) => runCli(args, { cwd: work, env: { KUBECONFIG: env.kubeconfig, ...extra } });

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'rampart-cluster-cli-'));
    const crd = await env.kubectl(['apply', '-f', '-'], { input: CRD });
    expect(crd.stderr).toBe('');
    await env.kubectl(['wait', '--for=condition=Established', 'crd/widgets.k2.example.com', '--timeout=30s']);
    const applied = await env.kubectl(['apply', '-f', '-'], { input: fixtures(apps, other) });
    expect(applied.code, applied.stderr).toBe(0);
    const widget = `apiVersion: k2.example.com/v1\nkind: Widget\nmetadata: {name: gear, namespace: ${apps}}\nspec: {size: 3}\n`;
    expect((await env.kubectl(['apply', '-f', '-'], { input: widget })).code).toBe(0);
  });
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('finds workload, RBAC and NetworkPolicy problems and names the live objects', async () => {
    const { code, report, stderr } = await scanJson(['--cluster', '--namespace', apps, '--namespace', other], { cwd: work, env: { KUBECONFIG: env.kubeconfig } });
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const found = keys(report);
    expect(found).toContain(`k8s/pss-privileged apps/v1/Deployment ${apps}/web spec.template.spec.containers[0].securityContext.privileged`);
    expect(found).toContain(`k8s/pss-privileged apps/v1/Deployment ${apps}/legacy spec.template.spec.containers[0].securityContext.privileged suppressed:annotation`);
    expect(found.some((k) => k.startsWith(`k8s/rbac-cluster-admin-binding rbac.authorization.k8s.io/v1/RoleBinding ${apps}/alice-admin`))).toBe(true);
    expect(found.some((k) => k.startsWith(`k8s/netpol-allow-all-ingress networking.k8s.io/v1/NetworkPolicy ${other}/open`))).toBe(true);
    expect(found.some((k) => k.startsWith(`k8s/configmap-credentials v1/ConfigMap ${apps}/settings`))).toBe(true);
    const web = report.findings.find((f) => f.ruleId === 'k8s/pss-privileged' && f.resource?.name === 'web')!;
    expect(web.location.file).toBe(`cluster://rampart-admin/${apps}/Deployment.apps/web`);
    expect(web.location.startLine).toBeGreaterThan(1);
    // Live Secrets are no committed manifests, and their values never reach the report.
    expect(found.some((k) => k.includes('k8s/secret-in-manifest'))).toBe(false);
    expect(JSON.stringify(report)).not.toContain(SECRET_VALUE);
    expect(JSON.stringify(report)).not.toContain('super-secret-value-42');
    // The custom resource was read and checked; its kind is named once, as a warning.
    expect(report.errors.filter((e) => e.message.includes('k2.example.com/v1 Widget'))).toHaveLength(1);
    expect(report.errors.every((e) => e.level === 'warning')).toBe(true);
    // No cluster-scoped objects with --namespace: the Namespace objects themselves are not read.
    expect(report.findings.some((f) => f.resource?.kind === 'Namespace' || f.resource?.kind === 'ClusterRole')).toBe(false);
  });

  it('reads the whole cluster, cluster-scoped objects included, and honours --exclude-namespace', async () => {
    const { report } = await scanJson(['--cluster', '--exclude-namespace', other], { cwd: work, env: { KUBECONFIG: env.kubeconfig } });
    const found = keys(report);
    expect(found.some((k) => k.includes(` ${apps}/web `))).toBe(true);
    expect(found.some((k) => k.includes(`${other}/`))).toBe(false);
    expect(found.some((k) => k.startsWith(`k8s/netpol-namespace-no-default-deny-ingress v1/Namespace -/${apps} `))).toBe(true);
    expect(report.errors.filter((e) => e.level !== 'warning')).toEqual([]);
  });

  it('gives the same findings for a dump scanned as files, with Secret values redacted', async () => {
    const live = await scanJson(['--cluster', '--namespace', apps, '--namespace', other], { cwd: work, env: { KUBECONFIG: env.kubeconfig } });
    const dumped = await run(['cluster', 'dump', '--output', 'dump', '--namespace', apps, '--namespace', other]);
    expect(dumped.code, dumped.stderr).toBe(0);
    expect(dumped.stderr).toMatch(/wrote \d+ objects to dump/);
    const files = await scanJson(['dump'], { cwd: work });
    expect(keys(files.report)).toEqual(keys(live.report));
    const secretFile = await import('node:fs/promises').then((fs) => fs.readFile(join(work, 'dump', apps, 'Secret.yaml'), 'utf8'));
    expect(secretFile).not.toContain(SECRET_VALUE);
    expect(secretFile).toContain('password: <redacted>');
    expect(keys(files.report).some((k) => k.includes('/Secret '))).toBe(false);
  });

  it('reports what a restricted user cannot list as coverage gaps, and scans the rest', async () => {
    const kubeconfig = await env.createUser('k2-viewer');
    const role = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: viewer, namespace: ${apps}}
rules:
  - {apiGroups: ["", apps], resources: [pods, configmaps, deployments], verbs: [get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: viewer, namespace: ${apps}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: viewer}
subjects: [{kind: User, name: k2-viewer, apiGroup: rbac.authorization.k8s.io}]
`;
    expect((await env.kubectl(['apply', '-f', '-'], { input: role })).code).toBe(0);
    const { code, report } = await scanJson(['--cluster', '--kubeconfig', kubeconfig, '--namespace', apps], { cwd: work, env: { KUBECONFIG: '' } });
    expect(code).toBe(1);
    expect(keys(report)).toContain(`k8s/pss-privileged apps/v1/Deployment ${apps}/web spec.template.spec.containers[0].securityContext.privileged`);
    const messages = report.errors.map((e) => `${e.level}: ${e.message}`);
    expect(messages).toContain(`warning: cannot list secrets in namespace ${apps}: forbidden`);
    expect(messages).toContain(`warning: cannot list rolebindings.rbac.authorization.k8s.io in namespace ${apps}: forbidden`);
    expect(messages.some((m) => /^warning: partial scan: \d+ of \d+ resource types could not be read completely/.test(m))).toBe(true);
  });

  it('exits 3 with a clear message when the server is unreachable or refuses the credentials', async () => {
    const dead = join(work, 'dead.kubeconfig');
    await writeFile(dead, JSON.stringify({
      apiVersion: 'v1', kind: 'Config', 'current-context': 'dead',
      clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1', 'certificate-authority': env.caFile } }],
      users: [{ name: 'u', user: { token: 'x' } }],
      contexts: [{ name: 'dead', context: { cluster: 'c', user: 'u' } }],
    }));
    const unreachable = await scanJson(['--cluster', '--kubeconfig', dead], { cwd: work });
    expect(unreachable.code).toBe(3);
    expect(unreachable.report.errors).toEqual([{ file: 'cluster://dead', message: expect.stringContaining('cannot reach the API server at https://127.0.0.1:1') }]);

    const badToken = join(work, 'bad.kubeconfig');
    await writeFile(badToken, JSON.stringify({
      apiVersion: 'v1', kind: 'Config', 'current-context': 'bad',
      clusters: [{ name: 'c', cluster: { server: env.server, 'certificate-authority': env.caFile } }],
      users: [{ name: 'u', user: { token: 'not-a-valid-token' } }],
      contexts: [{ name: 'bad', context: { cluster: 'c', user: 'u' } }],
    }));
    const refused = await runCli(['scan', '--cluster', '--kubeconfig', badToken], { cwd: work });
    expect(refused.code).toBe(3);
    expect(refused.stdout).toContain('refused the credentials (401 Unauthorized)');

    const dump = await run(['cluster', 'dump', '--output', 'never', '--kubeconfig', dead]);
    expect(dump.code).toBe(3);
    expect(dump.stderr).toContain('cannot reach the API server');
  });

  it('answers RBAC and NetworkPolicy queries about the live cluster', async () => {
    const whoCan = await run(['rbac', 'who-can', 'delete', 'secrets', '--namespace', apps, '--cluster', '--format', 'json']);
    expect(whoCan.code, whoCan.stderr).toBe(0);
    expect(whoCan.stdout).toContain('user:alice');
    const reach = await run(['netpol', 'reach', '--from', `${apps}/web`, '--to', `${other}/debug`, '--cluster', '--format', 'json']);
    expect(reach.code, reach.stderr).toBe(0);
    expect(JSON.parse(reach.stdout)).toMatchObject({ allowed: true });
    expect((await run(['rbac', 'who-can', 'get', 'pods', '--cluster', '-f', '.'])).code).toBe(2);
  });

  it('rejects paths and cluster flags used without --cluster', async () => {
    expect((await run(['scan', '--cluster', '.'])).code).toBe(2);
    expect((await run(['scan', '.', '--context', 'x'])).stderr).toContain('--context needs --cluster');
    expect((await run(['scan', '.', '-n', 'a', '-n', 'b'])).stderr).toContain('--namespace can be given once');
  });
});
