import { createHash } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import { Agent, request as httpsRequest } from 'node:https';
import { connect, type PeerCertificate } from 'node:tls';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAdmissionConfig } from '../../config/admission.js';
import { LATEST_PSS_VERSION } from '../../core/settings.js';
import { makeTree, type TempTree } from '../../testing/tree.js';
import { createDecider } from './decide.js';
import { createServingCertificate, type ServingCertificate } from './install/certificate.js';
import { staticNamespaceLabels, type NamespaceLabelSource } from './namespaces.js';
import { MAX_BODY_BYTES, startAdmissionServer, type AdmissionServer } from './server.js';
import { pod, request, RESTRICTED_CONTEXT, reviewBody } from './testing/reviews.js';

const settings = { pss: { level: 'restricted' as const, version: LATEST_PSS_VERSION }, allowedRegistries: [] };

interface Answer {
  status: number;
  body: string;
  json: Record<string, unknown>;
}

let tree: TempTree;
let first: ServingCertificate;
let server: AdmissionServer;
let agent: Agent;
const logLines: string[] = [];

function post(path: string, body: string | Buffer, contentType = 'application/json', ca = first.ca): Promise<Answer> {
  return send('POST', path, body, contentType, ca);
}

function send(method: string, path: string, body?: string | Buffer, contentType?: string, ca = first.ca): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(`${server.url}${path}`, { method, ca, servername: 'localhost', agent: ca === first.ca ? agent : undefined, headers: contentType ? { 'content-type': contentType } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          // /metrics and the probes answer in plain text.
        }
        resolve({ status: res.statusCode ?? 0, body: text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const review = (admission: ReturnType<typeof request>) => JSON.stringify(reviewBody(admission));
const responseOf = (answer: Answer) => answer.json.response as Record<string, unknown> & { status?: { message: string; code: number } };

beforeAll(async () => {
  first = await createServingCertificate({ dnsNames: ['localhost'] });
  tree = await makeTree({ 'tls/tls.crt': first.cert, 'tls/tls.key': first.key });
  const namespaces = staticNamespaceLabels({ shop: {}, lenient: { 'rampart.io/enforce': 'off' } });
  const config = { ...defaultAdmissionConfig(), fixes: ['k8s/pss-privileged'] };
  const logger = pino({ base: null }, new Writable({ write: (chunk: Buffer, _encoding, done) => (logLines.push(...chunk.toString('utf8').trim().split('\n')), done()) }));
  server = await startAdmissionServer({
    decider: createDecider({ config, evaluator: { settings }, namespaces, ownNamespace: 'rampart-system' }),
    namespaces,
    tls: { certFile: tree.path('tls/tls.crt'), keyFile: tree.path('tls/tls.key'), pollMs: 200 },
    port: 0,
    address: '127.0.0.1',
    logger,
  });
  agent = new Agent({ keepAlive: true, maxSockets: 4 });
});

afterAll(async () => {
  agent?.destroy();
  await server?.close();
  await tree?.cleanup();
});

describe('the admission server over HTTPS', () => {
  it('answers the probes', async () => {
    expect(await send('GET', '/healthz')).toMatchObject({ status: 200, body: 'ok' });
    expect(await send('GET', '/readyz')).toMatchObject({ status: 200, body: 'ok' });
  });

  it('denies a privileged pod with the rule ID in the message', async () => {
    const answer = await post('/validate', review(request(pod('web', 'shop', { ...RESTRICTED_CONTEXT, privileged: true }))));
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' });
    const response = responseOf(answer);
    expect(response).toMatchObject({ uid: '705ab4f5-6393-11e8-b7cc-42010a800002', allowed: false, status: { code: 403, reason: 'Forbidden' } });
    expect(response.status!.message).toContain('k8s/pss-privileged (critical): container "app" runs privileged');
    expect(response.auditAnnotations).toMatchObject({ 'denied-rules': 'k8s/pss-privileged' });
  });

  it('returns a warn-level finding as a warning', async () => {
    const response = responseOf(await post('/validate', review(request(pod('web', 'shop', RESTRICTED_CONTEXT)))));
    expect(response.allowed).toBe(true);
    expect(response.warnings).toContain('k8s/memory-limit-missing (medium): container "app" has no memory limit');
  });

  it('evaluates a dry run and lets DELETE through', async () => {
    const dry = responseOf(await post('/validate', review(request(pod('web', 'shop', { privileged: true }), { dryRun: true }))));
    expect(dry.allowed).toBe(false);
    const deleted = reviewBody(request(undefined, { operation: 'DELETE', namespace: 'shop', name: 'web', oldObject: pod('web', 'shop', { privileged: true }) }));
    expect(responseOf(await post('/validate', JSON.stringify(deleted)))).toEqual({ uid: '705ab4f5-6393-11e8-b7cc-42010a800002', allowed: true });
  });

  it('answers /mutate with a base64 JSON Patch', async () => {
    const response = responseOf(await post('/mutate', review(request(pod('web', 'shop', { privileged: true })))));
    expect(response).toMatchObject({ allowed: true, patchType: 'JSONPatch' });
    expect(JSON.parse(Buffer.from(response.patch as string, 'base64').toString('utf8'))).toEqual([{ op: 'replace', path: '/spec/containers/0/securityContext/privileged', value: false }]);
  });

  it.each([
    ['a body that is not JSON', 'apiVersion: admission.k8s.io/v1', 'application/json', /the body is not valid JSON/],
    ['an empty body', '', 'application/json', /the body is empty/],
    ['YAML sent as YAML', 'kind: AdmissionReview', 'application/yaml', /the content type must be application\/json, not "application\/yaml"/],
    ['no content type', '{}', undefined, /the content type must be application\/json, not missing/],
    ['another kind of review', JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview' }), 'application/json', /apiVersion must be admission.k8s.io\/v1/],
    ['a review without uid', JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { ...request(pod('a', 'shop')), uid: undefined } }), 'application/json', /request.uid must be a non-empty string, not missing/],
    ['an object that is not an object', JSON.stringify(reviewBody({ ...request(undefined), object: 'x' } as never)), 'application/json', /request.object must be an object/],
    ['a prototype key', `{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"__proto__":{"polluted":true}}}`, 'application/json', /"__proto__" key/],
  ])('refuses %s with 400 and a reason', async (_name, body, contentType, reason) => {
    const answer = await send('POST', '/validate', body, contentType);
    expect(answer.status).toBe(400);
    expect(answer.json.reason).toMatch(reason);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a body over the limit with 400, and keeps serving', async () => {
    const huge = Buffer.alloc(MAX_BODY_BYTES + 1024, 0x20);
    const answer = await post('/validate', huge);
    expect(answer.status).toBe(400);
    expect(answer.json.reason).toMatch(/larger than/);
    expect((await send('GET', '/healthz')).status).toBe(200);
  });

  it('survives an object nested deeper than any rule expects', async () => {
    const deep = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
    const body = `{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":${JSON.stringify(request(pod('deep', 'shop', RESTRICTED_CONTEXT))).replace(/}$/, `,"options":${deep}}`)}}`;
    const answer = await post('/validate', body);
    expect(answer.status).toBe(200);
    expect((await send('GET', '/healthz')).status).toBe(200);
  });

  it('counts requests, decisions by rule and latency in /metrics', async () => {
    await post('/validate', review(request(pod('web', 'shop', { ...RESTRICTED_CONTEXT, privileged: true }))));
    const metrics = (await send('GET', '/metrics')).body;
    expect(metrics).toMatch(/rampart_admission_requests_total\{endpoint="validate",code="200"\} [1-9]\d*/);
    expect(metrics).toMatch(/rampart_admission_requests_total\{endpoint="validate",code="400"\} [1-9]\d*/);
    expect(metrics).toMatch(/rampart_admission_rule_decisions_total\{rule="k8s\/pss-privileged",action="deny"\} [1-9]\d*/);
    expect(metrics).toMatch(/rampart_admission_decisions_total\{endpoint="mutate",outcome="patched"\} [1-9]\d*/);
    expect(metrics).toMatch(/rampart_admission_decision_duration_seconds_bucket\{le="0.005",endpoint="validate"\} [1-9]\d*/);
  });

  it('logs one JSON line per decision that did something, without the object\'s content; clean ones only at debug level', async () => {
    const decisions = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.msg === 'admission decision');
    expect(decisions.length).toBeGreaterThan(3);
    // The DELETE above was skipped, which the metrics count and an info-level log leaves out.
    expect((await send('GET', '/metrics')).body).toMatch(/rampart_admission_decisions_total\{endpoint="validate",outcome="skipped"\} [1-9]\d*/);
    expect(decisions.filter((entry) => entry.outcome === 'skipped' || (entry.outcome === 'allowed' && (entry.rules as string[]).length === 0))).toEqual([]);
    expect(decisions.some((entry) => entry.outcome === 'allowed' && (entry.rules as string[]).some((rule) => rule.endsWith(':warn')))).toBe(true);
    const denied = decisions.find((entry) => entry.allowed === false && entry.endpoint === 'validate');
    expect(denied).toMatchObject({ level: 30, uid: '705ab4f5-6393-11e8-b7cc-42010a800002', kind: 'Pod', namespace: 'shop', name: 'web', operation: 'CREATE', outcome: 'denied', durationMs: expect.any(Number) });
    expect(denied!.rules).toContain('k8s/pss-privileged:deny');
    expect(logLines.join('\n')).not.toContain('registry.example.com/shop/app');
  });

  it('serves a replaced certificate to new connections without a restart', async () => {
    const second = await createServingCertificate({ dnsNames: ['localhost'] });
    // As a Secret volume update does: the new files appear by rename.
    await writeFile(tree.path('tls/new.key'), second.key);
    await writeFile(tree.path('tls/new.crt'), second.cert);
    await rename(tree.path('tls/new.key'), tree.path('tls/tls.key'));
    await rename(tree.path('tls/new.crt'), tree.path('tls/tls.crt'));
    const deadline = Date.now() + 5_000;
    let served: PeerCertificate | undefined;
    while (Date.now() < deadline) {
      served = await peerCertificate();
      if (served.fingerprint256 === fingerprint(second.cert)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(served?.fingerprint256).toBe(fingerprint(second.cert));
    const answer = await send('GET', '/healthz', undefined, undefined, second.ca);
    expect(answer.status).toBe(200);
  });

  it('keeps the certificate in use when the new files do not match', async () => {
    const before = (await peerCertificate()).fingerprint256;
    const other = await createServingCertificate({ dnsNames: ['localhost'] });
    await writeFile(tree.path('tls/tls.crt'), other.cert);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await peerCertificate()).fingerprint256).toBe(before);
  });
});

describe('readiness and transport', () => {
  it('is not ready until the namespace cache has synced', async () => {
    let synced = false;
    const namespaces: NamespaceLabelSource = { labels: async () => ({}), synced: () => synced, close: async () => undefined };
    const plain = await startAdmissionServer({
      decider: createDecider({ config: defaultAdmissionConfig(), evaluator: { settings }, namespaces }),
      namespaces,
      insecureHttp: true,
      port: 0,
      address: '127.0.0.1',
      logger: pino({ level: 'silent' }),
    });
    try {
      expect(plain.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${plain.url}/readyz`)).status).toBe(503);
      synced = true;
      expect((await fetch(`${plain.url}/readyz`)).status).toBe(200);
    } finally {
      await plain.close();
    }
  });

  it('refuses to start without TLS unless plain HTTP is asked for', async () => {
    const namespaces = staticNamespaceLabels({});
    await expect(startAdmissionServer({ decider: createDecider({ config: defaultAdmissionConfig(), evaluator: { settings }, namespaces }), namespaces, port: 0, address: '127.0.0.1' })).rejects.toThrow(/needs a TLS certificate/);
  });
});

function peerCertificate(): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', rejectUnauthorized: false }, () => {
      const certificate = socket.getPeerCertificate();
      socket.end();
      resolve(certificate);
    });
    socket.on('error', reject);
  });
}

function fingerprint(pem: string): string {
  // The first PEM block is the serving certificate; a chain may follow.
  const block = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem)![1]!;
  const der = Buffer.from(block.replace(/\s+/g, ''), 'base64');
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}
