import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import yaml from 'js-yaml';
import type { AdmissionConfig } from '../src/config/admission.js';
import { createEvaluator } from '../src/pipeline/evaluate.js';
import { resolveScanOptions } from '../src/pipeline/options.js';
import { selectRules } from '../src/pipeline/rule-selection.js';
import { scan } from '../src/pipeline/full-scan.js';
import { createAdmissionDecider, startAdmissionServer, watchNamespaces, type AdmissionServer, type NamespaceLabelSource } from '../src/services/admission/index.js';
import { runAudit } from '../src/services/admission/audit/audit.js';
import { applyManifests } from '../src/services/admission/install/apply.js';
import { connectWriter } from '../src/services/admission/install/connect.js';
import { buildInstall, type InstallRequest } from '../src/services/admission/install/install.js';
import { INSTALL_NAME } from '../src/services/admission/install/manifests.js';
import type { ClusterClient } from '../src/sources/cluster/client.js';
import { loadKubeConfig } from '../src/sources/cluster/kubeconfig.js';
import { findCosign, cosign } from '../src/services/admission/image-trust/testing/cosign.js';
import { freePort, startRegistry } from '../src/sources/image/registry/testing/registry-server.js';
import { pushLayout } from '../src/sources/image/registry/testing/skopeo.js';
import { writeOciLayout } from '../src/sources/image/testing/oci-writer.js';
import { runCli } from './helpers/cli.js';
import { describeKube, uniqueNamespace, type KubeEnv } from './helpers/kube-env.js';

/**
 * The webhook against the real kube-apiserver of the test environment, served in-process over TLS on 127.0.0.1. The
 * server is shared with other test files, so every webhook registered here selects only namespaces carrying this
 * run's label, and is deleted afterwards.
 */

const RUN = uniqueNamespace('e2e').slice(-12);
const RUN_LABEL = 'e2e.rampart.io/run';
const MIRROR = 'registry.example/mirror/nginx';

const CONFIG = `
pss:
  level: restricted
admission:
  defaults: {enforce: high, warn: low, audit: low}
  exemptions:
    namespaces: [exempt-${RUN}]
  mutations:
    labels: {e2e.rampart.io/mutated: "true"}
    registryMirrors:
      - {from: docker.io/library/nginx, to: ${MIRROR}}
`;

const HARDENED_SPEC = {
  automountServiceAccountToken: false,
  securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [
    {
      name: 'app',
      image: `nginx:1.27@sha256:${'a'.repeat(64)}`,
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
      resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
    },
  ],
};
const PRIVILEGED_SPEC = { containers: [{ name: 'app', image: 'nginx:1.27', securityContext: { privileged: true } }] };

const pod = (name: string, namespace: string, spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec });

describeKube('rampart admission against a real kube-apiserver', (env: KubeEnv) => {
  let dir: string;
  let server: AdmissionServer;
  let namespaces: NamespaceLabelSource;
  let client: ClusterClient;
  let admission: AdmissionConfig;
  const webhookNames: string[] = [];
  const created: string[] = [];

  const apply = (object: Record<string, unknown>, ...flags: string[]) => env.kubectl(['apply', ...flags, '-f', '-'], { input: JSON.stringify(object) });

  /** A namespace with the labels a test's webhooks select, and the default ServiceAccount no controller manager makes. */
  async function makeNamespace(name: string, labels: Record<string, string> = { [RUN_LABEL]: RUN }): Promise<void> {
    created.push(name);
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } };
    for (const object of [namespace, sa]) {
      const result = await apply(object);
      if (result.code !== 0) throw new Error(result.stderr);
    }
  }

  /** The install's own webhook configuration, pointed at `url` and narrowed to this run's namespaces. */
  async function registerFromInstall(kind: 'ValidatingWebhookConfiguration' | 'MutatingWebhookConfiguration', name: string, url: string, ca: string, failurePolicy: 'Fail' | 'Ignore', selector: Record<string, string>): Promise<void> {
    const manifests = await buildInstall({ ...installRequest('rampart-system', admission), failurePolicy, certificate: 'cert-manager' });
    const configuration = manifests.find((m) => m.kind === kind)! as { metadata: Record<string, unknown>; webhooks: Array<Record<string, unknown>> };
    const webhook = configuration.webhooks[0]!;
    const path = (webhook.clientConfig as { service: { path: string } }).service.path;
    webhook.clientConfig = { url: `${url}${path}`, caBundle: Buffer.from(ca).toString('base64') };
    const exempt = (webhook.namespaceSelector as { matchExpressions: unknown[] }).matchExpressions;
    webhook.namespaceSelector = { matchLabels: selector, matchExpressions: exempt };
    configuration.metadata = { name };
    webhook.name = name;
    // A namespaceSelector does not apply to cluster-scoped objects: ClusterRoles of every other test would come here.
    webhook.rules = (webhook.rules as Array<Record<string, unknown>>).map((rule) => ({ ...rule, scope: 'Namespaced' }));
    const result = await apply(configuration);
    if (result.code !== 0) throw new Error(`registering ${name}: ${result.stderr}`);
    webhookNames.push(`${kind.toLowerCase()}/${name}`);
  }

  async function startServer(tls: { cert: string; key: string }, configFile = 'rampart.yaml'): Promise<AdmissionServer> {
    const certFile = join(dir, `tls-${Math.random().toString(36).slice(2)}.crt`);
    const keyFile = `${certFile}.key`;
    await writeFile(certFile, tls.cert);
    await writeFile(keyFile, tls.key, { mode: 0o600 });
    const { options, config } = await resolveScanOptions({ cwd: dir, configFile, secrets: false, vulnerabilities: false });
    const decider = createAdmissionDecider({
      config: config.admission,
      evaluator: { settings: options.settings, rules: options.rules, exemptions: options.exemptions },
      namespaces,
      ownNamespace: 'rampart-system',
      // No Docker config of the machine running the tests may leak in.
      registry: { dockerConfigPath: join(dir, 'no-docker-config.json'), retry: { maxAttempts: 1 } },
    });
    return startAdmissionServer({ decider, namespaces, tls: { certFile, keyFile }, port: await freePort(), address: '127.0.0.1', logger: pino({ level: 'silent' }) });
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rampart-admission-e2e-'));
    await writeFile(join(dir, 'rampart.yaml'), CONFIG);
    admission = (await resolveScanOptions({ cwd: dir, configFile: 'rampart.yaml', secrets: false, vulnerabilities: false })).config.admission;
    const loaded = await loadKubeConfig({ kubeconfig: env.kubeconfig, env: {} });
    client = await connectWriter({ kubeconfig: env.kubeconfig, env: {} });
    namespaces = await watchNamespaces({ config: loaded.config, client });
    const tls = await env.issueServingCert(['127.0.0.1']);
    server = await startServer(tls);
    const selector = { [RUN_LABEL]: RUN };
    await registerFromInstall('ValidatingWebhookConfiguration', `validate-${RUN}.rampart.io`, server.url, tls.ca, 'Fail', selector);
    await registerFromInstall('MutatingWebhookConfiguration', `mutate-${RUN}.rampart.io`, server.url, tls.ca, 'Fail', selector);
    for (const name of [`apps-${RUN}`, `exempt-${RUN}`]) await makeNamespace(name);
  });

  afterAll(async () => {
    for (const name of webhookNames) await env.kubectl(['delete', name, '--ignore-not-found']);
    for (const name of created) await env.kubectl(['delete', 'namespace', name, '--ignore-not-found', '--wait=false']);
    await server?.close();
    await namespaces?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('denies a privileged pod through kubectl apply with the rule ID, its message and the ignore hint, and stores nothing', async () => {
    const result = await apply(pod('privileged', `apps-${RUN}`, PRIVILEGED_SPEC));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`admission webhook "validate-${RUN}.rampart.io" denied the request`);
    expect(result.stderr).toContain('k8s/pss-privileged (critical): container "app" runs privileged');
    expect(result.stderr).toContain('rampart.io/ignore');
    const get = await env.kubectl(['get', 'pod', 'privileged', '-n', `apps-${RUN}`]);
    expect(get.stderr).toContain('NotFound');
  });

  it('admits a hardened pod, shows its low findings as kubectl warnings, and stores the mutations', async () => {
    const result = await apply(pod('hardened', `apps-${RUN}`, HARDENED_SPEC));
    expect(result.stderr).toMatch(/Warning: k8s\/liveness-probe-missing \(low\): container "app" has no livenessProbe/);
    expect(result.code).toBe(0);
    const stored = JSON.parse((await env.kubectl(['get', 'pod', 'hardened', '-n', `apps-${RUN}`, '-o', 'json'])).stdout) as {
      metadata: { labels?: Record<string, string> };
      spec: { containers: Array<{ image: string }> };
    };
    expect(stored.metadata.labels?.['e2e.rampart.io/mutated']).toBe('true');
    expect(stored.spec.containers[0]!.image).toBe(`${MIRROR}:1.27@sha256:${'a'.repeat(64)}`);
  });

  it('kubectl apply --dry-run=server goes through both webhooks and stores nothing', async () => {
    const allowed = await apply(pod('dry', `apps-${RUN}`, HARDENED_SPEC), '--dry-run=server', '-o', 'json');
    expect(allowed.code).toBe(0);
    expect((JSON.parse(allowed.stdout) as { metadata: { labels: Record<string, string> } }).metadata.labels['e2e.rampart.io/mutated']).toBe('true');
    expect((await env.kubectl(['get', 'pod', 'dry', '-n', `apps-${RUN}`])).stderr).toContain('NotFound');
    const denied = await apply(pod('dry-privileged', `apps-${RUN}`, PRIVILEGED_SPEC), '--dry-run=server');
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('k8s/pss-privileged');
  });

  it('lets a privileged pod into a namespace exempt by rampart.yaml', async () => {
    const result = await apply(pod('privileged', `exempt-${RUN}`, PRIVILEGED_SPEC));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('decides on the rule IDs that scan() reports for the same object', async () => {
    const object = pod('compare', `apps-${RUN}`, PRIVILEGED_SPEC);
    const result = await apply(object, '--dry-run=server');
    const decided = new Set(result.stderr.match(/k8s\/[a-z0-9-]+/g));
    await writeFile(join(dir, 'compare.yaml'), yaml.dump(object));
    const { options } = await resolveScanOptions({ cwd: dir, configFile: 'rampart.yaml', paths: ['compare.yaml'], secrets: false, vulnerabilities: false });
    const { report } = await scan(options);
    // Set rules (NetworkPolicy coverage of a namespace, RBAC) judge many objects at once: admission sees one.
    const setRules = new Set(selectRules(options.rules, options.settings).kubernetesSet.map((rule) => rule.meta.id));
    const scanned = new Set(report.findings.filter((f) => !f.suppressed && f.severity !== 'info' && !setRules.has(f.ruleId)).map((f) => f.ruleId));
    expect(scanned.size).toBeGreaterThan(5);
    expect([...decided].sort()).toEqual([...scanned].sort());
  });

  it('with the webhook down, failurePolicy Ignore lets requests through and Fail blocks them', async () => {
    const tls = await env.issueServingCert(['127.0.0.1']);
    const down = await startServer(tls);
    for (const policy of ['Ignore', 'Fail'] as const) {
      const name = `down-${policy.toLowerCase()}-${RUN}`;
      // Only this webhook selects the namespace, so what happens there is its failure policy alone.
      const selector = { 'e2e.rampart.io/failure': name };
      await makeNamespace(name, selector);
      await registerFromInstall('ValidatingWebhookConfiguration', `${name}.rampart.io`, down.url, tls.ca, policy, selector);
    }
    // Up, it denies in both namespaces; then it stops and only failurePolicy answers.
    expect((await apply(pod('p', `down-ignore-${RUN}`, PRIVILEGED_SPEC))).stderr).toContain(`down-ignore-${RUN}.rampart.io" denied the request`);
    await down.close();
    const ignored = await apply(pod('hardened', `down-ignore-${RUN}`, HARDENED_SPEC));
    expect(ignored.code).toBe(0);
    const failed = await apply(pod('hardened', `down-fail-${RUN}`, HARDENED_SPEC));
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(new RegExp(`failed calling webhook "down-fail-${RUN}\\.rampart\\.io"`));
    for (const name of webhookNames.filter((n) => n.includes('/down-'))) await env.kubectl(['delete', name]);
  });

  it('an UPDATE that adds nothing new passes an object whose old violations predate the webhook', async () => {
    const name = `legacy-${RUN}`;
    await makeNamespace(name, {});
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'legacy', namespace: name },
      spec: { selector: { matchLabels: { app: 'legacy' } }, template: { metadata: { labels: { app: 'legacy' } }, spec: PRIVILEGED_SPEC } },
    };
    expect((await apply(deployment)).code).toBe(0);
    // Now the webhooks select the namespace: the privileged Deployment is already there.
    expect((await env.kubectl(['label', 'namespace', name, `${RUN_LABEL}=${RUN}`])).code).toBe(0);
    const relabel = await env.kubectl(['label', 'deployment', 'legacy', '-n', name, 'team=payments']);
    expect(relabel.code, relabel.stderr).toBe(0);
    const worse = await env.kubectl(['patch', 'deployment', 'legacy', '-n', name, '--type', 'json', '-p', JSON.stringify([{ op: 'add', path: '/spec/template/spec/hostNetwork', value: true }])]);
    expect(worse.code).not.toBe(0);
    expect(worse.stderr).toContain('k8s/pss-host-namespaces');
  });

  it('image trust: a signed image from a local registry is admitted and pinned to its digest, an unsigned one is denied', async () => {
    const registry = await startRegistry();
    try {
      const layout = join(dir, 'layout');
      const written = await writeOciLayout(layout, [{ ref: 'v1', image: { layers: [{ entries: [{ path: 'app.txt', content: RUN }] }] } }]);
      const digest = written.images[0]!.manifestDigest;
      for (const repository of ['signed', 'unsigned']) await pushLayout(layout, 'v1', `${registry.host}/trust/${repository}:v1`);
      const signer = cosign(findCosign(), await mkdtemp(join(dir, 'cosign-home-')));
      const keys = await signer.generateKeyPair(await mkdtemp(join(dir, 'keys-')));
      await signer.sign(keys.keyPath, `${registry.host}/trust/signed@${digest}`);

      // JSON is YAML: the PEM key needs no quoting rules of its own.
      await writeFile(join(dir, 'trust.yaml'), JSON.stringify({
        pss: { level: 'restricted' },
        admission: {
          defaults: { enforce: 'high', warn: 'low', audit: 'low' },
          imageTrust: { pinDigests: true, signatures: { mode: 'enforce', keys: [keys.publicKeyPem], repositories: [`${registry.host}/trust/`] } },
        },
      }));
      const tls = await env.issueServingCert(['127.0.0.1']);
      const trust = await startServer(tls, 'trust.yaml');
      try {
        const selector = { 'e2e.rampart.io/trust': RUN };
        await makeNamespace(`trust-${RUN}`, selector);
        await registerFromInstall('MutatingWebhookConfiguration', `trust-mutate-${RUN}.rampart.io`, trust.url, tls.ca, 'Fail', selector);
        await registerFromInstall('ValidatingWebhookConfiguration', `trust-validate-${RUN}.rampart.io`, trust.url, tls.ca, 'Fail', selector);
        const image = (repository: string) => ({ ...HARDENED_SPEC, containers: [{ ...HARDENED_SPEC.containers[0]!, image: `${registry.host}/trust/${repository}:v1` }] });

        const signed = await apply(pod('signed', `trust-${RUN}`, image('signed')));
        expect(signed.code, signed.stderr).toBe(0);
        const stored = (await env.kubectl(['get', 'pod', 'signed', '-n', `trust-${RUN}`, '-o', 'jsonpath={.spec.containers[0].image}'])).stdout;
        expect(stored).toBe(`${registry.host}/trust/signed:v1@${digest}`);

        const unsigned = await apply(pod('unsigned', `trust-${RUN}`, image('unsigned')));
        expect(unsigned.code).not.toBe(0);
        expect(unsigned.stderr).toContain('image/signature-missing');
      } finally {
        await trust.close();
        for (const name of webhookNames.filter((n) => n.includes('/trust-'))) await env.kubectl(['delete', name]);
      }
    } finally {
      await registry.stop();
    }
  });

  describeInstallAndAudit(env, () => ({ client, admission }));
});

/** What `admission install` is asked for in these tests; `admission` is CONFIG's section as the config loader reads it. */
function installRequest(namespace: string, admission: AdmissionConfig): InstallRequest {
  return {
    namespace,
    image: `ghcr.io/rampart-dev/rampart:0.1.0@sha256:${'b'.repeat(64)}`,
    certificate: 'self-signed',
    mutate: true,
    failurePolicy: 'Fail',
    timeoutSeconds: 3,
    configText: CONFIG,
    admission,
  };
}

/**
 * `install` output applied to the apiserver: everything for real except the webhook configurations (their Service has
 * no pods here, and a cluster-wide Fail webhook would block every other test), which go through a server dry run.
 * Then the audit, as the installed service account, writes PolicyReports with the CRDs the install brought.
 */
function describeInstallAndAudit(env: KubeEnv, shared: () => { client: ClusterClient; admission: AdmissionConfig }): void {
  const namespace = `rampart-${RUN}`;
  const auditNamespace = `audit-${RUN}`;
  let saKubeconfig: string;

  afterAll(async () => {
    for (const name of [namespace, auditNamespace]) await env.kubectl(['delete', 'namespace', name, '--ignore-not-found', '--wait=false']);
    for (const kind of ['clusterrole', 'clusterrolebinding']) await env.kubectl(['delete', kind, INSTALL_NAME, '--ignore-not-found']);
    await env.kubectl(['delete', 'crd', 'policyreports.wgpolicyk8s.io', 'clusterpolicyreports.wgpolicyk8s.io', '--ignore-not-found', '--wait=false']);
  });

  it('install: the apiserver accepts every manifest, and applying them again changes nothing', async () => {
    const manifests = await buildInstall(installRequest(namespace, shared().admission));
    const isWebhook = (m: Record<string, unknown>) => String(m.kind).endsWith('WebhookConfiguration');
    const first = await applyManifests(shared().client, manifests.filter((m) => !isWebhook(m)));
    expect(first.filter((a) => a.action === 'skipped')).toEqual([]);
    const webhooks = await applyManifests(shared().client, manifests.filter(isWebhook), { dryRun: true });
    expect(webhooks.map((w) => w.kind)).toEqual(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);
    const version = async () => (await env.kubectl(['get', 'deployment', INSTALL_NAME, '-n', namespace, '-o', 'jsonpath={.metadata.resourceVersion}'])).stdout;
    const before = await version();
    await applyManifests(shared().client, manifests.filter((m) => !isWebhook(m)));
    expect(await version()).toBe(before);
    const managers = (await env.kubectl(['get', 'deployment', INSTALL_NAME, '-n', namespace, '-o', 'jsonpath={.metadata.managedFields[*].manager}'])).stdout;
    expect(managers).toBe('rampart');
  });

  it('install --apply --dry-run through the CLI: the apiserver validates and admits the whole install, webhooks included', async () => {
    const run = await runCli(['admission', 'install', '--namespace', namespace, '--image', `ghcr.io/rampart-dev/rampart:0.1.0@sha256:${'b'.repeat(64)}`, '--mutate', '--apply', '--dry-run', '--kubeconfig', env.kubeconfig], { cwd: process.cwd() });
    expect(run.stderr).toContain('applied ValidatingWebhookConfiguration rampart-admission (server dry run)');
    expect(run.code).toBe(0);
  });

  it('grants the webhook service account what it needs and nothing more', async () => {
    const can = async (...args: string[]) => (await env.kubectl(['auth', 'can-i', ...args, '--as', `system:serviceaccount:${namespace}:${INSTALL_NAME}`])).stdout.trim();
    expect(await can('list', 'deployments.apps', '--all-namespaces')).toBe('yes');
    expect(await can('get', 'namespaces')).toBe('yes');
    expect(await can('patch', 'policyreports.wgpolicyk8s.io', '-n', 'default')).toBe('yes');
    expect(await can('list', 'secrets', '--all-namespaces')).toBe('no');
    expect(await can('get', 'secrets', '-n', namespace)).toBe('no');
    expect(await can('create', 'pods', '-n', 'default')).toBe('no');
    expect(await can('delete', 'policyreports.wgpolicyk8s.io', '-n', 'default')).toBe('no');
  });

  it('audit --write-reports, run as that service account, writes PolicyReports kubectl reads back, replaced on each run', async () => {
    await env.kubectl(['wait', '--for=condition=Established', 'crd/policyreports.wgpolicyk8s.io', 'crd/clusterpolicyreports.wgpolicyk8s.io', '--timeout=30s']);
    const setup = await env.kubectl(['apply', '-f', '-'], {
      input: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: auditNamespace } },
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'legacy', namespace: auditNamespace },
          spec: { selector: { matchLabels: { app: 'legacy' } }, template: { metadata: { labels: { app: 'legacy' } }, spec: PRIVILEGED_SPEC } },
        },
      ].map((o) => JSON.stringify(o)).join('\n'),
    });
    expect(setup.code, setup.stderr).toBe(0);
    const token = await env.kubectl(['create', 'token', INSTALL_NAME, '-n', namespace, '--duration', '10m']);
    expect(token.code, token.stderr).toBe(0);
    saKubeconfig = join(env.tmpDir, `audit-${RUN}.kubeconfig`);
    await writeFile(saKubeconfig, JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: env.server, 'certificate-authority': env.caFile } }],
      users: [{ name: 'sa', user: { token: token.stdout.trim() } }],
      contexts: [{ name: 'sa', context: { cluster: 'c', user: 'sa' } }],
      'current-context': 'sa',
    }), { mode: 0o600 });

    for (let round = 0; round < 2; round++) {
      const run = await runCli(['admission', 'audit', '--namespace', auditNamespace, '--write-reports', '--format', 'json', '--kubeconfig', saKubeconfig], { cwd: process.cwd() });
      expect(run.stderr).toContain('wrote 1 of 1 policy reports');
      expect(run.code).toBe(1);
      const printed = JSON.parse(run.stdout) as { objects: number; results: Array<{ ruleId: string; result: string }> };
      expect(printed.objects).toBe(1);
      expect(printed.results).toContainEqual(expect.objectContaining({ ruleId: 'k8s/pss-privileged', result: 'fail' }));
    }
    const listed = JSON.parse((await env.kubectl(['get', 'policyreports', '-n', auditNamespace, '-o', 'json'])).stdout) as {
      items: Array<{ metadata: { name: string; labels: Record<string, string> }; summary: Record<string, number>; results: Array<Record<string, any>> }>;
    };
    expect(listed.items).toHaveLength(1);
    const [report] = listed.items;
    expect(report!.metadata.name).toBe('rampart');
    expect(report!.metadata.labels['app.kubernetes.io/managed-by']).toBe('rampart');
    const privileged = report!.results.find((r) => r.policy === 'k8s/pss-privileged')!;
    expect(privileged).toMatchObject({ source: 'rampart', result: 'fail', severity: 'critical', message: 'container "app" runs privileged' });
    expect(privileged.resources).toEqual([expect.objectContaining({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'legacy', namespace: auditNamespace })]);
    expect(report!.summary.fail).toBe(report!.results.filter((r) => r.result === 'fail').length);
    expect(report!.summary.warn).toBeGreaterThan(0);
  });

  it('runAudit follows each namespace\'s labels as admission would: modes, Pod Security level, waivers', async () => {
    const names = { warnOnly: `warn-only-${RUN}`, silent: `silent-${RUN}`, privileged: `pss-privileged-${RUN}` };
    const labels: Record<string, Record<string, string>> = {
      [names.warnOnly]: { 'rampart.io/enforce': 'off' },
      [names.silent]: { 'rampart.io/enforce': 'off', 'rampart.io/warn': 'off', 'rampart.io/audit': 'off' },
      [names.privileged]: { 'pod-security.kubernetes.io/enforce': 'privileged' },
    };
    const objects = Object.entries(labels).flatMap(([name, nsLabels]) => [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: nsLabels } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } },
      pod('privileged', name, PRIVILEGED_SPEC),
      { ...pod('waived', name, PRIVILEGED_SPEC), metadata: { name: 'waived', namespace: name, annotations: { 'rampart.io/ignore': 'k8s/pss-privileged: node agent, reviewed' } } },
    ]);
    const setup = await env.kubectl(['apply', '-f', '-'], { input: objects.map((o) => JSON.stringify(o)).join('\n') });
    expect(setup.code, setup.stderr).toBe(0);
    const { options } = await resolveScanOptions({ cwd: env.tmpDir, secrets: false, vulnerabilities: false });
    const result = await runAudit({
      client: shared().client,
      evaluate: createEvaluator({ settings: options.settings, rules: options.rules, exemptions: options.exemptions }),
      admission: shared().admission,
      namespaces: Object.keys(labels),
      writeReports: false,
    });
    expect(result.errors).toEqual([]);
    const outcome = (namespace: string, name: string, rule: string) =>
      result.entries.find((e) => e.object.namespace === namespace && e.object.name === name && e.finding.ruleId === rule)?.result;
    expect(outcome(names.warnOnly, 'privileged', 'k8s/pss-privileged')).toBe('warn');
    expect(outcome(names.warnOnly, 'waived', 'k8s/pss-privileged')).toBe('skip');
    expect(result.entries.filter((e) => e.object.namespace === names.silent)).toEqual([]);
    // At the privileged Pod Security level the PSS rules do not apply; the other rules still do.
    expect(result.entries.filter((e) => e.object.namespace === names.privileged && e.finding.ruleId.startsWith('k8s/pss-'))).toEqual([]);
    expect(outcome(names.privileged, 'privileged', 'k8s/read-only-root-filesystem')).toBe('warn');
    expect(result.reports.map((r) => r.metadata.namespace).sort()).toEqual(Object.keys(labels).sort());
    for (const name of Object.keys(labels)) await env.kubectl(['delete', 'namespace', name, '--wait=false']);
  });
}
