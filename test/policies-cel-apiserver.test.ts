import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { compileCelPolicies } from '../src/checks/policies/cel/index.js';
import type { PolicyDocument, PolicyResult, PolicySet } from '../src/checks/policies/types.js';
import { describeKube, uniqueNamespace, type KubeEnv } from './helpers/kube-env.js';

/**
 * The same ValidatingAdmissionPolicies in the real kube-apiserver and in compileCelPolicies, compared object by
 * object: allowed or denied, the denying policy and its message, and the warnings. Objects are sent with
 * dryRun=All, so nothing is stored. The server is shared with other test files: every binding selects only this
 * run's namespace, and the policies are deleted afterwards.
 */

const NAMESPACE = uniqueNamespace('cel-vap');
const RUN = NAMESPACE.slice(-12).replace(/^-+/, '');
const FIXTURE = new URL('./fixtures/policies/cel/policies.yaml', import.meta.url);
const NAMESPACE_OBJECT = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE, labels: { 'rampart.test/cel': RUN, env: 'prod', 'kubernetes.io/metadata.name': NAMESPACE } } };

function fixtureDocuments(): PolicyDocument[] {
  const text = readFileSync(FIXTURE, 'utf8').replaceAll('RUN', RUN).replaceAll('NAMESPACE', NAMESPACE);
  return parseAllDocuments(text).map((document) => ({
    object: document.toJS() as Record<string, unknown>,
    file: 'test/fixtures/policies/cel/policies.yaml',
    line: text.slice(0, document.range[0]).split('\n').length,
  }));
}

type Obj = Record<string, unknown>;
const meta = (name: string, extra: { labels?: Record<string, string>; annotations?: Record<string, string>; namespaced?: boolean } = {}) => ({
  name,
  ...(extra.namespaced === false ? {} : { namespace: NAMESPACE }),
  ...(extra.labels ? { labels: extra.labels } : {}),
  ...(extra.annotations ? { annotations: extra.annotations } : {}),
});

function deployment(name: string, o: { replicas?: number; images?: string[]; labels?: Record<string, string>; annotations?: Record<string, string> } = {}): Obj {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: meta(name, { labels: o.labels ?? { team: 'web' }, ...(o.annotations ? { annotations: o.annotations } : {}) }),
    spec: {
      replicas: o.replicas ?? 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: (o.images ?? ['nginx:1.25']).map((image, i) => ({ name: `c${i}`, image })) },
      },
    },
  };
}

function pod(name: string, o: { containers?: Array<{ name: string; memory?: string }>; labels?: Record<string, string>; annotations?: Record<string, string> } = {}): Obj {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: meta(name, o),
    spec: {
      containers: (o.containers ?? [{ name: 'app' }]).map((c) => ({
        name: c.name, image: 'nginx:1.25', ...(c.memory ? { resources: { limits: { memory: c.memory } } } : {}),
      })),
    },
  };
}

const service = (name: string, spec: Obj = {}): Obj => ({ apiVersion: 'v1', kind: 'Service', metadata: meta(name), spec: { ports: [{ port: 80 }], ...spec } });
const configMap = (name: string, keys: number, labels?: Record<string, string>): Obj => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(name, labels ? { labels } : {}),
  data: Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, 'v'])),
});
const secret = (name: string, labels?: Record<string, string>): Obj => ({ apiVersion: 'v1', kind: 'Secret', metadata: meta(name, labels ? { labels } : {}), type: 'Opaque', stringData: { a: 'b' } });

const secretWithAnnotation = (name: string, labels: Record<string, string>, annotations: Record<string, string>): Obj => ({
  apiVersion: 'v1', kind: 'Secret', metadata: meta(name, { labels, annotations }), type: 'Opaque', stringData: { a: 'b' },
});

/** 40 objects to create, each meant to meet at most one Deny policy, so the apiserver's single denial message is comparable. */
const OBJECTS: Obj[] = [
  deployment('ok'),
  deployment('replicas-9', { replicas: 9 }),
  deployment('replicas-5', { replicas: 5 }),
  deployment('latest', { images: ['nginx:latest'] }),
  deployment('untagged', { images: ['nginx', 'redis:7'] }),
  deployment('no-team', { labels: { app: 'x' } }),
  deployment('bad-team', { labels: { team: 'Web' } }),
  deployment('one-replica', { replicas: 1 }),
  deployment('version-ok', { annotations: { 'app.kubernetes.io/version': '1.2.3' } }),
  deployment('version-old', { annotations: { 'app.kubernetes.io/version': '0.9.0' } }),
  deployment('version-bad', { annotations: { 'app.kubernetes.io/version': 'v1' } }),
  pod('pod-ok', { containers: [{ name: 'a', memory: '512Mi' }, { name: 'b' }] }),
  pod('pod-big', { containers: [{ name: 'a', memory: '2Gi' }] }),
  pod('pod-1gi', { containers: [{ name: 'a', memory: '1024Mi' }] }),
  pod('pod-unsorted', { containers: [{ name: 'b' }, { name: 'a' }] }),
  pod('pod-cache', { labels: { tier: 'cache' } }),
  pod('pod-db', { labels: { tier: 'db' } }),
  pod('cpu-fail-missing', { labels: { 'rampart.test/cpu-check': 'fail' } }),
  pod('cpu-fail-2', { labels: { 'rampart.test/cpu-check': 'fail' }, annotations: { 'rampart.test/cpu': '2' } }),
  pod('cpu-fail-8', { labels: { 'rampart.test/cpu-check': 'fail' }, annotations: { 'rampart.test/cpu': '8' } }),
  pod('cpu-ignore-missing', { labels: { 'rampart.test/cpu-check': 'ignore' } }),
  pod('strict-no-owner', { labels: { 'rampart.test/strict': 'yes' } }),
  pod('strict-owner', { labels: { 'rampart.test/strict': 'yes' }, annotations: { owner: 'alice' } }),
  service('svc-default'),
  service('svc-nodeport', { type: 'NodePort' }),
  service('svc-ip-ok', { externalIPs: ['10.1.2.3'] }),
  service('svc-ip-bad', { externalIPs: ['192.168.0.1'] }),
  configMap('cm-small', 2),
  configMap('cm-big', 5),
  configMap('cm-strict', 1, { 'rampart.test/strict': 'yes' }),
  secret('secret-plain'),
  secret('secret-checked', { 'rampart.test/checked': 'true' }),
  secretWithAnnotation('twovar-ok', { 'rampart.test/twovar': 'yes', team: 'web' }, { extra: 'x' }),
  secretWithAnnotation('twovar-long-team', { 'rampart.test/twovar': 'yes', team: 'platform-engineering' }, { extra: 'x' }),
  secretWithAnnotation('twovar-flagged', { 'rampart.test/twovar': 'yes', a: 'deny-me', b: 'deny-me' }, { extra: 'x' }),
  secret('twovar-no-extra', { 'rampart.test/twovar': 'yes' }),
  secret('twovar-no-extra-two', { 'rampart.test/twovar': 'yes', c: 'two' }),
  { apiVersion: 'v1', kind: 'Namespace', metadata: meta(`${NAMESPACE}-x`, { namespaced: false, labels: { 'rampart.test/cel': RUN, 'rampart.test/strict': 'yes' } }) },
  { apiVersion: 'v1', kind: 'Namespace', metadata: meta(`${NAMESPACE}-y`, { namespaced: false, labels: { 'rampart.test/cel': RUN, 'rampart.test/strict': 'yes' }, annotations: { owner: 'bob' } }) },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('sa-strict', { labels: { 'rampart.test/strict': 'yes' } }) },
];

interface Decision {
  denied: boolean;
  /** The denying policy and message (the apiserver reports the first denial only). */
  denial?: { policy: string; message: string };
  warnings: string[];
}

const PLURALS: Record<string, string> = { Deployment: 'deployments', Pod: 'pods', Service: 'services', ConfigMap: 'configmaps', Secret: 'secrets', Namespace: 'namespaces', ServiceAccount: 'serviceaccounts' };

function collectionPath(object: Obj): string {
  const apiVersion = String(object.apiVersion);
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const metadata = object.metadata as { namespace?: string };
  const scope = metadata.namespace ? `/namespaces/${metadata.namespace}` : '';
  return `${base}${scope}/${PLURALS[String(object.kind)]}`;
}

type Operation = 'CREATE' | 'UPDATE' | 'DELETE';
const METHODS: Record<Operation, string> = { CREATE: 'POST', UPDATE: 'PUT', DELETE: 'DELETE' };

async function apiserverDecision(env: KubeEnv, object: Obj, operation: Operation = 'CREATE'): Promise<Decision> {
  const tls = { ca: await readFile(env.caFile), cert: await readFile(env.adminCert), key: await readFile(env.adminKey) };
  const body = operation === 'DELETE' ? '' : JSON.stringify(object);
  const path = operation === 'CREATE' ? collectionPath(object) : `${collectionPath(object)}/${String((object.metadata as Obj).name)}`;
  const { status, text, warnings } = await new Promise<{ status: number; text: string; warnings: string[] }>((resolve, reject) => {
    const req = httpsRequest(`${env.server}${path}?dryRun=All`, {
      ...tls, method: METHODS[operation], timeout: 10_000, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let data = '';
      res.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      res.on('end', () => {
        const header = res.headers.warning;
        const list = header === undefined ? [] : Array.isArray(header) ? header : [header];
        // The apiserver's own warnings (deprecated fields) are not the policies' business.
        const texts = list.map((w) => /^299 - "(.*)"$/.exec(w)?.[1]?.replace(/\\"/g, '"') ?? w);
        resolve({ status: res.statusCode ?? 0, text: data, warnings: texts.filter((w) => w.startsWith('Validation failed for ValidatingAdmissionPolicy')) });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
  if (status < 300) return { denied: false, warnings };
  const message = String((JSON.parse(text) as { message?: unknown }).message ?? text);
  const match = /ValidatingAdmissionPolicy '([^']+)' with binding '[^']+' denied request: (.*)$/s.exec(message);
  if (!match) throw new Error(`unexpected answer ${status} for ${String((object.metadata as Obj).name)}: ${message}`);
  return { denied: true, denial: { policy: match[1]!, message: match[2]! }, warnings };
}

function rampartDecision(set: PolicySet, object: Obj, operation: Operation = 'CREATE', oldObject?: Obj): { decision: Decision; result: PolicyResult } {
  const result = set.evaluate({
    object: operation === 'DELETE' ? null : object, operation,
    ...(oldObject ? { oldObject } : {}),
    namespace: (object.metadata as { namespace?: string }).namespace,
    namespaceObject: NAMESPACE_OBJECT,
    userInfo: { username: 'rampart-admin', groups: ['system:masters', 'system:authenticated'] },
    dryRun: true,
  });
  const denials = [
    ...result.violations.filter((v) => v.actions.includes('deny')).map((v) => ({ policy: v.policy, message: v.message })),
    ...result.failures.filter((f) => f.failurePolicy === 'Fail' && (f.actions ?? ['deny']).includes('deny')).map((f) => ({ policy: f.policy, message: f.message })),
  ];
  const warnings = result.violations.filter((v) => v.actions.includes('warn'))
    .map((v) => `Validation failed for ValidatingAdmissionPolicy '${v.policy}' with binding '${v.policy}': ${v.message}`);
  return { decision: { denied: denials.length > 0, ...(denials[0] ? { denial: denials[0] } : {}), warnings }, result };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeKube('CEL policies: compileCelPolicies decides as the kube-apiserver', (env) => {
  const documents = fixtureDocuments();
  const policyNames = documents.filter((d) => d.object.kind === 'ValidatingAdmissionPolicy').map((d) => String((d.object.metadata as Obj).name));
  const apply = (kind: string, names: string[]) => env.kubectl(['delete', kind, '--ignore-not-found', '--wait=false', ...names]);

  beforeAll(async () => {
    const created = await env.kubectl(['create', '-f', '-'], { input: JSON.stringify(NAMESPACE_OBJECT) });
    if (created.code !== 0) throw new Error(created.stderr);
    // No controllers run in the test environment, so the namespace's default ServiceAccount (pods need it) is ours to make.
    const account = await env.kubectl(['create', 'serviceaccount', 'default', '-n', NAMESPACE]);
    if (account.code !== 0) throw new Error(account.stderr);
    const applied = await env.kubectl(['apply', '-f', '-'], { input: documents.map((d) => JSON.stringify(d.object)).join('\n') });
    if (applied.code !== 0) throw new Error(applied.stderr);
    // Policies reach the admission plugin through an informer: wait until every policy denies its own probe.
    const probes = [deployment('probe-replicas', { replicas: 9 }), secret('probe-secret', { 'rampart.test/checked': 'true' }), pod('probe-sorted', { containers: [{ name: 'b' }, { name: 'a' }] }),
      secret('probe-twovar', { 'rampart.test/twovar': 'yes', team: 'platform-engineering' })];
    const deadline = Date.now() + 60_000;
    for (;;) {
      const decisions = await Promise.all(probes.map((probe) => apiserverDecision(env, probe)));
      if (decisions.every((d) => d.denied)) break;
      if (Date.now() > deadline) throw new Error('the policies did not become active within 60 s');
      await sleep(500);
    }
    // The rest of the set was applied in the same request; give the informer a moment to take all of it.
    await sleep(2_000);
  });

  afterAll(async () => {
    await apply('validatingadmissionpolicybindings', policyNames);
    await apply('validatingadmissionpolicies', policyNames);
    await env.kubectl(['delete', 'namespace', NAMESPACE, '--wait=false']);
  });

  it('loads every policy without errors', () => {
    const { set, errors } = compileCelPolicies(documents);
    expect(errors).toEqual([]);
    expect(set.policies).toHaveLength(policyNames.length);
    expect(policyNames.length).toBeGreaterThanOrEqual(10);
  });

  it('decides 45 requests as the apiserver does: allowed or denied, the denying policy and message, the warnings', async () => {
    const { set } = compileCelPolicies(documents);
    const differences: string[] = [];
    let denied = 0;
    let warned = 0;
    const deniedNames: string[] = [];
    const stored = (name: string) => documents.find((d) => (d.object.metadata as Obj).name === name)!.object;
    const withTeam = (name: string, team: string): Obj => ({ ...stored(name), data: { ...(stored(name).data as Obj), team } });
    // Updates and deletions of the ConfigMaps the fixture stores, with the stored object as oldObject.
    const cases: Array<{ object: Obj; operation: Operation; oldObject?: Obj }> = [
      ...OBJECTS.map((object) => ({ object, operation: 'CREATE' as const })),
      { object: withTeam('cel-team-a', 'b'), operation: 'UPDATE', oldObject: stored('cel-team-a') },
      { object: withTeam('cel-team-a', 'a'), operation: 'UPDATE', oldObject: stored('cel-team-a') },
      { object: withTeam('cel-team-none', 'b'), operation: 'UPDATE', oldObject: stored('cel-team-none') },
      { object: stored('cel-team-a'), operation: 'DELETE', oldObject: stored('cel-team-a') },
      { object: stored('cel-team-none'), operation: 'DELETE', oldObject: stored('cel-team-none') },
    ];
    for (const { object, operation, oldObject } of cases) {
      const name = `${operation} ${String((object.metadata as Obj).name)}`;
      const server = await apiserverDecision(env, object, operation);
      const { decision: ours, result } = rampartDecision(set, object, operation, oldObject);
      if (server.denied !== ours.denied) {
        differences.push(`${name}: apiserver ${server.denied ? `denied (${server.denial?.policy}: ${server.denial?.message})` : 'allowed'}, rampart ${JSON.stringify(result)}`);
        continue;
      }
      if (server.denial) {
        denied += 1;
        deniedNames.push(name);
        const ourDenials = [...result.violations.filter((v) => v.actions.includes('deny')), ...result.failures.filter((f) => f.failurePolicy === 'Fail')];
        const same = ourDenials.find((d) => d.policy === server.denial!.policy);
        // cel-go and @bufbuild/cel word runtime errors differently; the policy and the expression must still agree.
        const isError = server.denial.message.startsWith('expression ');
        const expected = isError ? server.denial.message.replace(/ resulted in error: .*$/s, '') : server.denial.message;
        const actual = isError ? same?.message.replace(/ resulted in error: .*$/s, '') : same?.message;
        if (actual !== expected) differences.push(`${name}: apiserver ${server.denial.policy}: ${server.denial.message}; rampart ${JSON.stringify(ourDenials)}`);
      } else {
        if (server.warnings.length > 0) warned += 1;
        if (JSON.stringify([...server.warnings].sort()) !== JSON.stringify([...ours.warnings].sort())) {
          differences.push(`${name}: apiserver warnings ${JSON.stringify(server.warnings)}, rampart ${JSON.stringify(ours.warnings)}`);
        }
      }
    }
    expect(differences).toEqual([]);
    // The set exercises both outcomes and warnings, not just one of them.
    expect(denied).toBeGreaterThanOrEqual(15);
    expect(deniedNames).toEqual(expect.arrayContaining(['UPDATE cel-team-a', 'DELETE cel-team-a']));
    expect(deniedNames).not.toContain('DELETE cel-team-none');
    // Two-variable comprehensions and optional entries decide both ways.
    expect(deniedNames).toEqual(expect.arrayContaining(['CREATE twovar-long-team', 'CREATE twovar-flagged', 'CREATE twovar-no-extra']));
    expect(deniedNames).not.toContain('CREATE twovar-ok');
    expect(deniedNames).not.toContain('CREATE twovar-no-extra-two');
    expect(warned).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
