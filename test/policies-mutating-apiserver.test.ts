import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { compileCelPolicies } from '../src/checks/policies/cel/index.js';
import type { PolicyDocument } from '../src/checks/policies/types.js';
import { describeKube, uniqueNamespace, type KubeEnv } from './helpers/kube-env.js';

/**
 * The same MutatingAdmissionPolicies in the real kube-apiserver and in compileCelPolicies, compared object by object:
 * the object the apiserver would store (sent with dryRun=All, so nothing is stored) against Rampart's mutation of the
 * same object as the apiserver decoded it. The bindings select only objects labelled `rampart.test/map-on: "yes"` in
 * this run's namespace, so the object without that label is the apiserver's own defaulted input, before mutation.
 * After mutating, the apiserver defaults the result again and reinvokes its built-in plugins (the service account
 * token mount of an added container): Rampart's result is sent through the apiserver without the label, so that
 * its defaults are applied the same way, before the two are compared.
 */

const NAMESPACE = uniqueNamespace('cel-map');
const RUN = NAMESPACE.slice(-12).replace(/^-+/, '');
const FIXTURE = new URL('./fixtures/policies/cel/mutating.yaml', import.meta.url);
const NAMESPACE_OBJECT = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE, labels: { 'rampart.test/map': RUN, 'kubernetes.io/metadata.name': NAMESPACE } } };
const ON = { 'rampart.test/map-on': 'yes' };

type Obj = Record<string, unknown>;

function fixtureDocuments(): PolicyDocument[] {
  const text = readFileSync(FIXTURE, 'utf8').replaceAll('RUN', RUN).replaceAll('NAMESPACE', NAMESPACE);
  return parseAllDocuments(text).map((document) => ({
    object: document.toJS() as Obj,
    file: 'test/fixtures/policies/cel/mutating.yaml',
    line: text.slice(0, document.range[0]).split('\n').length,
  }));
}

const meta = (name: string, labels: Record<string, string> = {}, annotations?: Record<string, string>) => ({
  name, namespace: NAMESPACE, labels, ...(annotations ? { annotations } : {}),
});

function pod(name: string, o: { labels?: Record<string, string>; annotations?: Record<string, string>; containers?: Obj[] } = {}): Obj {
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta(name, o.labels, o.annotations), spec: { containers: o.containers ?? [{ name: 'app', image: 'nginx:1.27' }] } };
}

function deployment(name: string, o: { replicas?: number; finalizers?: string[]; tolerations?: Obj[] } = {}): Obj {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { ...meta(name, { app: name }), ...(o.finalizers ? { finalizers: o.finalizers } : {}) },
    spec: {
      ...(o.replicas !== undefined ? { replicas: o.replicas } : {}),
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }], ...(o.tolerations ? { tolerations: o.tolerations } : {}) } },
    },
  };
}

const configMap = (name: string, data?: Record<string, string>, labels?: Record<string, string>, annotations?: Record<string, string>): Obj => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(name, labels, annotations), ...(data ? { data } : {}),
});

const CASES: Obj[] = [
  pod('pod-plain'),
  pod('pod-sidecar', { labels: { mode: 'dev' }, annotations: { sidecar: 'yes' }, containers: [{ name: 'app', image: 'nginx:1.27' }, { name: 'worker', image: 'busybox:1.36' }] }),
  pod('pod-existing', {
    annotations: { sidecar: 'no' },
    containers: [{ name: 'app', image: 'nginx:1.27', env: [{ name: 'OTHER', value: 'x' }, { name: 'MODE', value: 'debug' }], ports: [{ containerPort: 8080, protocol: 'TCP' }, { containerPort: 9090 }] }],
  }),
  deployment('deploy-five', { replicas: 5 }),
  deployment('deploy-default'),
  deployment('deploy-finalizers', { replicas: 2, tolerations: [{ key: 'gpu', operator: 'Exists' }], finalizers: ['example.com/a', 'rampart.test/keep'] }),
  configMap('cm-data', { a: 'xx', b: 'yyyy' }),
  configMap('cm-annotated', { a: 'x' }, { 'remove-me': 'now', keep: 'me' }, { 'rampart.io/keys': 'old', note: 'n' }),
  configMap('cm-empty'),
  { apiVersion: 'v1', kind: 'Secret', metadata: meta('secret-unverified'), type: 'Opaque', stringData: { a: 'b' } },
  { apiVersion: 'v1', kind: 'Secret', metadata: meta('secret-verified', { verified: 'true' }), type: 'Opaque', stringData: { a: 'b' } },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('sa-bad-patch') },
  { apiVersion: 'v1', kind: 'Service', metadata: meta('svc-atomic'), spec: { ports: [{ port: 80 }] } },
];

const PLURALS: Record<string, string> = { Deployment: 'deployments', Pod: 'pods', ConfigMap: 'configmaps', Secret: 'secrets', Service: 'services', ServiceAccount: 'serviceaccounts' };

function collectionPath(object: Obj): string {
  const apiVersion = String(object.apiVersion);
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  return `${base}/namespaces/${NAMESPACE}/${PLURALS[String(object.kind)]}`;
}

/** The object the apiserver would store (status < 300) or its error message. */
async function dryRun(env: KubeEnv, object: Obj, method: 'POST' | 'PUT' = 'POST'): Promise<{ object?: Obj; error?: string }> {
  const tls = { ca: await readFile(env.caFile), cert: await readFile(env.adminCert), key: await readFile(env.adminKey) };
  const body = JSON.stringify(object);
  const path = method === 'POST' ? collectionPath(object) : `${collectionPath(object)}/${String((object.metadata as Obj).name)}`;
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = httpsRequest(`${env.server}${path}?dryRun=All`, {
      ...tls, method, timeout: 10_000, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let data = '';
      res.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: data }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
  const parsed = JSON.parse(text) as Obj;
  return status < 300 ? { object: normalize(parsed) } : { error: String(parsed.message ?? text) };
}

/** Fields the apiserver sets on every write, which no policy decides, and the random name of the token volume. */
function normalize(object: Obj): Obj {
  const copy = JSON.parse(JSON.stringify(object).replace(/kube-api-access-[a-z0-9]{5}/g, 'kube-api-access-x')) as Obj;
  const metadata = copy.metadata as Obj;
  for (const field of ['uid', 'creationTimestamp', 'resourceVersion', 'generation', 'managedFields']) delete metadata[field];
  const labels = metadata.labels as Obj | undefined;
  delete labels?.['rampart.test/map-on'];
  if (labels && Object.keys(labels).length === 0) delete metadata.labels;
  return copy;
}

const withLabels = (object: Obj, labels: Record<string, string>): Obj => {
  const copy = structuredClone(object);
  const metadata = copy.metadata as Obj;
  metadata.labels = { ...(metadata.labels as Record<string, string>), ...labels };
  return copy;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeKube('MutatingAdmissionPolicy: compileCelPolicies mutates as the kube-apiserver', (env) => {
  const documents = fixtureDocuments();
  const names = (kind: string) => documents.filter((d) => d.object.kind === kind).map((d) => String((d.object.metadata as Obj).name));
  const params = documents.filter((d) => d.object.kind === 'ConfigMap').map((d) => d.object);

  beforeAll(async () => {
    const created = await env.kubectl(['create', '-f', '-'], { input: JSON.stringify(NAMESPACE_OBJECT) });
    if (created.code !== 0) throw new Error(created.stderr);
    const account = await env.kubectl(['create', 'serviceaccount', 'default', '-n', NAMESPACE]);
    if (account.code !== 0) throw new Error(account.stderr);
    const applied = await env.kubectl(['apply', '-f', '-'], { input: documents.map((d) => JSON.stringify(d.object)).join('\n') });
    if (applied.code !== 0) throw new Error(applied.stderr);
    const stored = await env.kubectl(['create', '-f', '-'], { input: JSON.stringify(configMap('cm-stored', { a: 'b' }, { 'remove-me': 'x' })) });
    if (stored.code !== 0) throw new Error(stored.stderr);
    // Policies reach the admission plugin through an informer: wait until each kind's probe is mutated.
    const probes = [
      withLabels(configMap('probe'), ON), withLabels(deployment('probe', { replicas: 9 }), ON), withLabels(pod('probe'), ON),
      withLabels({ apiVersion: 'v1', kind: 'Secret', metadata: meta('probe', { verified: 'true' }), type: 'Opaque' }, ON),
      withLabels({ apiVersion: 'v1', kind: 'Service', metadata: meta('probe'), spec: { ports: [{ port: 80 }] } }, ON),
      withLabels({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('probe') }, ON),
    ];
    const label = (result: { object?: Obj } | undefined, key: string) => ((result?.object?.metadata as Obj | undefined)?.labels as Obj | undefined)?.[key];
    const deadline = Date.now() + 60_000;
    for (;;) {
      const results = await Promise.all(probes.map((probe) => dryRun(env, probe)));
      const active = [
        (results[0]?.object?.metadata as Obj | undefined)?.annotations !== undefined,
        (results[1]?.object?.spec as Obj | undefined)?.replicas === 3,
        label(results[2], 'app.kubernetes.io/managed-by') === 'rampart',
        label(results[3], 'checked') === 'yes',
        results[4]?.error?.includes('map-atomic') === true,
        results[5]?.error?.includes('map-bad-patch') === true,
      ];
      if (active.every(Boolean)) break;
      if (Date.now() > deadline) throw new Error(`the policies did not become active within 60 s: ${JSON.stringify(results)}`);
      await sleep(500);
    }
    await sleep(2_000);
  });

  afterAll(async () => {
    await env.kubectl(['delete', 'mutatingadmissionpolicybindings', '--ignore-not-found', '--wait=false', ...names('MutatingAdmissionPolicyBinding')]);
    await env.kubectl(['delete', 'mutatingadmissionpolicies', '--ignore-not-found', '--wait=false', ...names('MutatingAdmissionPolicy')]);
    await env.kubectl(['delete', 'namespace', NAMESPACE, '--wait=false']);
  });

  it('loads every policy without errors', () => {
    const { set, errors } = compileCelPolicies(documents);
    expect(errors).toEqual([]);
    expect(set.policies.map((p) => p.kind)).toEqual(names('MutatingAdmissionPolicy').map(() => 'MutatingAdmissionPolicy'));
    expect(set.mutate).toBeDefined();
  });

  it('gives the object the apiserver would store, for creates and an update', async () => {
    const { set } = compileCelPolicies(documents);
    const differences: string[] = [];
    let mutated = 0;
    let failed = 0;
    const stored = await env.kubectl(['get', 'configmap', 'cm-stored', '-n', NAMESPACE, '-o', 'json']);
    const storedObject = JSON.parse(stored.stdout) as Obj;
    const update = { ...storedObject, data: { a: 'b', c: 'dd' } };
    const cases: Array<{ object: Obj; operation: 'CREATE' | 'UPDATE'; oldObject?: Obj }> = [
      ...CASES.map((object) => ({ object, operation: 'CREATE' as const })),
      { object: update, operation: 'UPDATE', oldObject: storedObject },
    ];
    for (const { object, operation, oldObject } of cases) {
      const name = `${operation} ${String(object.kind)} ${String((object.metadata as Obj).name)}`;
      const method = operation === 'CREATE' ? 'POST' : 'PUT';
      const baseline = await dryRun(env, object, method);
      if (!baseline.object) throw new Error(`${name} without the policies: ${baseline.error}`);
      const server = await dryRun(env, withLabels(object, ON), method);
      const result = set.mutate!({
        object: withLabels(baseline.object, ON), operation, ...(oldObject ? { oldObject } : {}), namespace: NAMESPACE, namespaceObject: NAMESPACE_OBJECT,
        userInfo: { username: 'rampart-admin', groups: ['system:masters', 'system:authenticated'] }, dryRun: true,
      }, { objects: params });
      const failures = result.failures.filter((f) => f.failurePolicy === 'Fail');
      if (server.error !== undefined || failures.length > 0) {
        const ours = failures.map((f) => f.policy);
        if (server.error === undefined || ours.length === 0 || !server.error.includes(ours[0]!)) differences.push(`${name}: apiserver ${server.error ?? 'allowed'}, rampart ${JSON.stringify(failures)}`);
        else failed += 1;
        continue;
      }
      if (result.mutations.length > 0) mutated += 1;
      const withoutLabel = structuredClone(result.object!);
      delete ((withoutLabel.metadata as Obj).labels as Obj)['rampart.test/map-on'];
      const defaulted = await dryRun(env, withoutLabel, method);
      if (!defaulted.object) throw new Error(`${name}: the apiserver refused Rampart's result: ${defaulted.error}`);
      const ours = defaulted.object;
      if (JSON.stringify(sortKeys(ours)) !== JSON.stringify(sortKeys(server.object))) {
        differences.push(`${name}:\n  apiserver ${JSON.stringify(sortKeys(server.object))}\n  rampart   ${JSON.stringify(sortKeys(ours))}`);
      }
    }
    expect(differences).toEqual([]);
    // Every case but the two failures and the unverified Secret (its patch's test does not hold) is mutated.
    expect(mutated).toBe(cases.length - 3);
    expect(failed).toBe(2);
  }, 120_000);
});

/** Objects compared regardless of key order; list order matters, as it does to the apiserver. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]));
}
