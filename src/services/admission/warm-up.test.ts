import { request as httpsRequest } from 'node:https';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAdmissionConfig } from '../../config/admission.js';
import { LATEST_PSS_VERSION } from '../../core/settings.js';
import { makeTree, type TempTree } from '../../testing/tree.js';
import { createDecider, type AdmissionDecider } from './decide.js';
import { createWarmUpDecider } from './index.js';
import { createServingCertificate } from './install/certificate.js';
import { staticNamespaceLabels } from './namespaces.js';
import { startAdmissionServer, type AdmissionServer } from './server.js';
import { pod, request, RESTRICTED_CONTEXT, reviewBody } from './testing/reviews.js';
import { WARM_UP_HEADER, WarmUp } from './warm-up.js';

const settings = { pss: { level: 'restricted' as const, version: LATEST_PSS_VERSION }, allowedRegistries: [] };
const WARM_UP_REVIEWS = 40;

/** Counts what a decider is asked, by endpoint, and the validations' outcomes by kind; answers as `decider` does. */
function counting(decider: AdmissionDecider) {
  const calls = { validate: 0, mutate: 0 };
  const outcomes = new Set<string>();
  return {
    calls,
    outcomes,
    decider: {
      validate: async (r) => {
        calls.validate++;
        const decision = await decider.validate(r);
        outcomes.add(`${r.kind.kind} ${decision.response.allowed ? 'allowed' : 'denied'}`);
        return decision;
      },
      mutate: (r) => (calls.mutate++, decider.mutate(r)),
    } satisfies AdmissionDecider,
  };
}

let tree: TempTree;
let server: AdmissionServer;
let ca: string;
const logLines: string[] = [];
const decided: string[] = [];
const namespaces = staticNamespaceLabels({ shop: {} });
const real = counting(createDecider({ config: defaultAdmissionConfig(), evaluator: { settings }, namespaces, ownNamespace: 'rampart-system' }));
const warm = counting(createWarmUpDecider({ config: defaultAdmissionConfig(), evaluator: { settings }, ownNamespace: 'rampart-system' }));

beforeAll(async () => {
  const certificate = await createServingCertificate({ dnsNames: ['localhost'] });
  tree = await makeTree({ 'tls.crt': certificate.cert, 'tls.key': certificate.key });
  ca = certificate.ca;
  server = await startAdmissionServer({
    decider: real.decider,
    namespaces,
    tls: { certFile: tree.path('tls.crt'), keyFile: tree.path('tls.key') },
    port: 0,
    address: '127.0.0.1',
    logger: pino({ base: null, level: 'debug' }, new Writable({ write: (chunk: Buffer, _encoding, done) => (logLines.push(...chunk.toString('utf8').trim().split('\n')), done()) })),
    onDecision: (admission) => decided.push(admission.uid),
    warmUp: { decider: warm.decider, requests: WARM_UP_REVIEWS },
  });
});

afterAll(async () => {
  await server?.close();
  await tree?.cleanup();
});

function post(path: string, body: string, headers: Record<string, string>): Promise<{ status: number; json: { response: { allowed: boolean } } }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port: server.port, path, method: 'POST', servername: 'localhost', ca, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as { response: { allowed: boolean } } }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the admission server’s warm-up', () => {
  it('sends its reviews over its own socket to the warm-up decider, before it returns ready', async () => {
    expect(warm.calls.validate + warm.calls.mutate).toBe(WARM_UP_REVIEWS);
    expect(warm.calls.mutate).toBeGreaterThan(0);
    expect(real.calls).toEqual({ validate: 0, mutate: 0 });
    // Both a clean review and a denial (which builds messages a clean one does not), for workloads and pods.
    expect([...warm.outcomes].sort()).toEqual(['Deployment allowed', 'Deployment denied', 'Pod allowed']);
  });

  it('leaves no trace: nothing counted, logged or passed to the decision hook', async () => {
    const metrics = await server.metrics.registry.metrics();
    expect(metrics).not.toMatch(/rampart_admission_requests_total\{[^}]*\} [1-9]/);
    expect(metrics).not.toMatch(/rampart_admission_decisions_total\{[^}]*\} [1-9]/);
    expect(logLines.filter((line) => line.includes('"admission decision"'))).toEqual([]);
    expect(logLines.some((line) => line.includes('"warmed up"'))).toBe(true);
    expect(decided).toEqual([]);
  });

  it('is over once the server has started: a request carrying the header is a real one', async () => {
    const forged = await post('/validate', JSON.stringify(reviewBody(request(pod('web', 'shop', { ...RESTRICTED_CONTEXT, privileged: true })))), { [WARM_UP_HEADER]: 'A'.repeat(43) });
    expect(forged.status).toBe(200);
    expect(forged.json.response.allowed).toBe(false);
    expect(real.calls.validate).toBe(1);
    expect(warm.calls.validate + warm.calls.mutate).toBe(WARM_UP_REVIEWS);
    expect(decided).toHaveLength(1);
  });
});

describe('a warm-up that cannot finish', () => {
  it('gives up at its deadline, forgetting the token, rather than keep the server from ever being ready', async () => {
    const { createServer } = await import('node:http');
    // Takes the requests and never answers.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const warmUp = new WarmUp();
    try {
      const { port } = silent.address() as { port: number };
      await expect(warmUp.run(`http://127.0.0.1:${port}`, 10, 200)).rejects.toThrow('warm-up not done within 200 ms');
      expect(warmUp.warming).toBe(false);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('stops at the first failed request', async () => {
    const warmUp = new WarmUp();
    // A port nothing listens on: the listener was closed before the warm-up starts.
    const { createServer } = await import('node:http');
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const { port } = gone.address() as { port: number };
    await new Promise((resolve) => gone.close(resolve));
    await expect(warmUp.run(`http://127.0.0.1:${port}`, 1000)).rejects.toThrow(/ECONNREFUSED/);
    expect(warmUp.warming).toBe(false);
  });
});

describe('the warm-up token', () => {
  it('is accepted only whole, and by nothing once the warm-up has run', async () => {
    const warmUp = new WarmUp();
    let token: string | undefined;
    // Verdicts taken while warming, asserted after the run: a throw inside the handler would surface as a timeout.
    const verdicts: { value: unknown; accepted: boolean }[] = [];
    // A stand-in server that only takes the token the warm-up sends.
    const { createServer } = await import('node:http');
    const stand = createServer((req, res) => {
      token = req.headers[WARM_UP_HEADER] as string;
      // Every other last character, including those that lenient base64url decodes to the same bytes.
      const others = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_']
        .filter((c) => c !== token!.at(-1))
        .map((c) => token!.slice(0, -1) + c);
      for (const value of [token, ...others, `${token}=`, [token], undefined]) {
        verdicts.push({ value, accepted: warmUp.isWarmUpRequest(value) });
      }
      req.resume();
      res.end('{}');
    });
    await new Promise<void>((resolve) => stand.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = stand.address() as { port: number };
      expect(warmUp.warming).toBe(true);
      await warmUp.run(`http://127.0.0.1:${port}`, 3);
      expect(token).toMatch(/^[\w-]{43}$/);
      // Three requests, each checked with 67 spellings of which only the token itself is accepted.
      expect(verdicts).toHaveLength(3 * 67);
      expect(verdicts.filter((v) => v.accepted).map((v) => v.value)).toEqual([token, token, token]);
      expect(warmUp.warming).toBe(false);
      expect(warmUp.isWarmUpRequest(token)).toBe(false);
    } finally {
      await new Promise((resolve) => stand.close(resolve));
    }
  });
});
