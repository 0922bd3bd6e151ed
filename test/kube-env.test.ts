import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { connect, type AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { describeKube, pinnedKubeVersion, startKubeEnv, uniqueNamespace, type KubeEnv } from './helpers/kube-env.js';

const CRD_GROUP = 'smoke.rampart.test';
const CRD_PLURAL = 'widgets';

function workloadManifests(namespace: string, user: string): string {
  const items = [
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'registry.invalid/web:1.0' }] } },
      },
    },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db-password', namespace }, stringData: { password: 'not-a-real-one' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace }, data: { mode: 'test' } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'config-reader', namespace },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'config-reader', namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'config-reader' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
    },
    {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
  ];
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
  metadata: { name: `${CRD_PLURAL}.${CRD_GROUP}` },
  spec: {
    group: CRD_GROUP, scope: 'Namespaced',
    names: { plural: CRD_PLURAL, singular: 'widget', kind: 'Widget' },
    versions: [{
      name: 'v1', served: true, storage: true,
      schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer', minimum: 1 } } } } } },
    }],
  },
};

async function ok(env: KubeEnv, args: string[], input?: string): Promise<string> {
  const result = await env.kubectl(args, { input });
  expect(result.stderr, `kubectl ${args.join(' ')}`).not.toMatch(/error/i);
  expect(result.code).toBe(0);
  return result.stdout;
}

function names(listJson: string): string[] {
  const list = JSON.parse(listJson) as { items: Array<{ kind: string; metadata: { name: string } }> };
  return list.items.map((item) => `${item.kind}/${item.metadata.name}`).sort();
}

/** A validating webhook that rejects objects labelled rampart.test/deny=yes, as a policy engine would. */
async function startDenyingWebhook(tls: { cert: string; key: string }): Promise<{ url: string; server: Server }> {
  const server = createServer(tls, (req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      const review = JSON.parse(body) as { request: { uid: string; object?: { metadata?: { labels?: Record<string, string> } } } };
      const denied = review.request.object?.metadata?.labels?.['rampart.test/deny'] === 'yes';
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({
        apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview',
        response: { uid: review.request.uid, allowed: !denied, ...(denied ? { status: { code: 403, message: 'denied by the rampart test webhook' } } : {}) },
      }));
    });
  });
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/validate`, server };
}

/** The raw bytes etcd holds for a key, read through etcd's JSON gateway. */
async function etcdValue(etcdUrl: string, key: string): Promise<Buffer> {
  const res = await fetch(`${etcdUrl}/v3/kv/range`, { method: 'POST', body: JSON.stringify({ key: Buffer.from(key).toString('base64') }) });
  const body = (await res.json()) as { kvs?: Array<{ value: string }> };
  const value = body.kvs?.[0]?.value;
  if (value === undefined) throw new Error(`etcd has no key ${key}`);
  return Buffer.from(value, 'base64');
}

function connectError(url: URL): Promise<string> {
  return new Promise((resolvePromise) => {
    const socket = connect(Number(url.port), url.hostname);
    socket.on('connect', () => {
      socket.destroy();
      resolvePromise('connected');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolvePromise(error.code ?? error.message));
  });
}

const encryptionConfig = `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - aescbc:
          keys:
            - name: key1
              secret: ${randomBytes(32).toString('base64')}
      - identity: {}
`;

describeKube('kube-env: real kube-apiserver', (env) => {
  it('serves the pinned Kubernetes release', () => {
    expect(env.version).toBe(pinnedKubeVersion());
  });

  it('stores workloads, secrets, RBAC, network policies, CRDs and custom resources', async () => {
    const namespace = uniqueNamespace('smoke');
    await ok(env, ['create', 'namespace', namespace]);
    await ok(env, ['apply', '-f', '-'], workloadManifests(namespace, 'smoke-user'));
    await ok(env, ['apply', '-f', '-'], JSON.stringify(crd));
    await ok(env, ['wait', '--for=condition=Established', `crd/${CRD_PLURAL}.${CRD_GROUP}`, '--timeout=30s']);
    await ok(env, ['apply', '-n', namespace, '-f', '-'], JSON.stringify({ apiVersion: `${CRD_GROUP}/v1`, kind: 'Widget', metadata: { name: 'small' }, spec: { size: 2 } }));

    const listed = await ok(env, ['get', '-n', namespace, '-o', 'json', `deployments,secrets,configmaps,roles,rolebindings,networkpolicies,${CRD_PLURAL}.${CRD_GROUP}`]);
    expect(names(listed)).toEqual(expect.arrayContaining([
      'ConfigMap/settings', 'Deployment/web', 'NetworkPolicy/default-deny', 'Role/config-reader',
      'RoleBinding/config-reader', 'Secret/db-password', 'Widget/small',
    ]));

    // The CRD's schema is enforced by the real server, not just stored.
    const invalid = await env.kubectl(['apply', '-n', namespace, '-f', '-'], {
      input: JSON.stringify({ apiVersion: `${CRD_GROUP}/v1`, kind: 'Widget', metadata: { name: 'broken' }, spec: { size: 0 } }),
    });
    expect(invalid.code).not.toBe(0);
    expect(invalid.stderr).toMatch(/spec\.size/);
  });

  it('authorizes a restricted user through RBAC: configmaps granted, secrets forbidden', async () => {
    const namespace = uniqueNamespace('rbac');
    const user = `reader-${namespace}`;
    await ok(env, ['create', 'namespace', namespace]);
    await ok(env, ['apply', '-f', '-'], workloadManifests(namespace, user));
    const kubeconfig = await env.createUser(user, ['rampart:testers']);

    const configmaps = await env.kubectl(['get', 'configmaps', '-n', namespace, '-o', 'name'], { kubeconfig });
    expect(configmaps.stderr).toBe('');
    expect(configmaps.stdout).toContain('configmap/settings');

    const secrets = await env.kubectl(['get', 'secrets', '-n', namespace], { kubeconfig });
    expect(secrets.code).not.toBe(0);
    expect(secrets.stderr).toContain('Forbidden');
    expect(secrets.stderr).toContain(`User "${user}" cannot list resource "secrets"`);
  });

  it('starts a dedicated server with encryption at rest and an admission webhook, and stop() removes it', async () => {
    const webhookTls = await env.issueServingCert(['127.0.0.1']);
    const webhook = await startDenyingWebhook(webhookTls);
    const dedicated = await startKubeEnv({
      encryptionConfig,
      extraApiserverFlags: ['--event-ttl=5m'],
      admissionWebhooks: [{
        kind: 'validating', name: 'deny.rampart.test', url: webhook.url, caBundle: webhookTls.ca,
        rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['configmaps'], scope: 'Namespaced' }],
      }],
    });
    try {
      const namespace = uniqueNamespace('dedicated');
      await ok(dedicated, ['create', 'namespace', namespace]);
      await ok(dedicated, ['create', 'secret', 'generic', 'token', '-n', namespace, '--from-literal=value=plain-text-marker']);
      const stored = await etcdValue(dedicated.etcdUrl, `/registry/secrets/${namespace}/token`);
      expect(stored.subarray(0, 23).toString('latin1')).toBe('k8s:enc:aescbc:v1:key1:');
      expect(stored.includes('plain-text-marker')).toBe(false);

      const denied = await dedicated.kubectl(['create', '-n', namespace, '-f', '-'], {
        input: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bad', labels: { 'rampart.test/deny': 'yes' } } }),
      });
      expect(denied.code).not.toBe(0);
      expect(denied.stderr).toContain('denied by the rampart test webhook');
      await ok(dedicated, ['create', 'configmap', 'good', '-n', namespace, '--from-literal=a=b']);
    } finally {
      await dedicated.stop();
      webhook.server.close();
    }
    expect(existsSync(dedicated.tmpDir)).toBe(false);
    expect(await connectError(new URL(dedicated.server))).toBe('ECONNREFUSED');
  });
});
