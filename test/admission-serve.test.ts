import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runServe } from '../src/cli/admission-serve.js';
import type { CliIo } from '../src/cli/io.js';
import { createServingCertificate, type ServingCertificate } from '../src/services/admission/install/certificate.js';
import { pod, request, reviewBody } from '../src/services/admission/testing/reviews.js';
import { freePort } from '../src/sources/image/registry/testing/registry-server.js';
import { makeTree, type TempTree } from '../src/testing/tree.js';
import { describeKube, uniqueNamespace } from './helpers/kube-env.js';

/** `rampart admission serve` against the real API server: namespace labels come from its watched Namespace cache. */
describeKube('rampart admission serve', (env) => {
  const lenient = uniqueNamespace('admission-lenient');
  const strict = uniqueNamespace('admission-strict');
  const late = uniqueNamespace('admission-late');
  let tree: TempTree;
  let certificate: ServingCertificate;
  let port: number;
  let stderr = '';
  const stop = new AbortController();
  let served: Promise<number>;

  const decide = (namespace: string) =>
    new Promise<{ allowed: boolean; message?: string }>((resolve, reject) => {
      const body = JSON.stringify(reviewBody(request(pod('web', namespace, { privileged: true }))));
      const req = httpsRequest(`https://127.0.0.1:${port}/validate`, { method: 'POST', ca: certificate.ca, servername: 'localhost', headers: { 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => {
          const response = (JSON.parse(text) as { response: { allowed: boolean; status?: { message: string } } }).response;
          resolve({ allowed: response.allowed, ...(response.status ? { message: response.status.message } : {}) });
        });
      });
      req.on('error', reject);
      req.end(body);
    });

  const ready = async () => {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const status = await new Promise<number>((resolve) => {
        const req = httpsRequest(`https://127.0.0.1:${port}/readyz`, { ca: certificate.ca, servername: 'localhost' }, (res) => (res.resume(), resolve(res.statusCode ?? 0)));
        req.on('error', () => resolve(0));
        req.end();
      });
      if (status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the webhook did not become ready: ${stderr}`);
  };

  const eventually = async (check: () => Promise<boolean>) => {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (await check()) return true;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return false;
  };

  beforeAll(async () => {
    for (const [name, labels] of [[lenient, ['rampart.io/enforce=off']], [strict, []]] as const) {
      const created = await env.kubectl(['create', 'namespace', name]);
      expect(created.code, created.stderr).toBe(0);
      if (labels.length > 0) expect((await env.kubectl(['label', 'namespace', name, ...labels])).code).toBe(0);
    }
    certificate = await createServingCertificate({ dnsNames: ['localhost'] });
    tree = await makeTree({ 'tls.crt': certificate.cert, 'tls.key': certificate.key });
    port = await freePort();
    const io: CliIo = { cwd: tree.root, env: {}, isTTY: false, stdout: () => undefined, stderr: (t) => void (stderr += t), readStdin: async () => '' };
    served = runServe(
      { 'tls-cert': 'tls.crt', 'tls-key': 'tls.key', port: String(port), address: '127.0.0.1', kubeconfig: env.kubeconfig, namespace: 'rampart-system', 'log-level': 'error', 'audit-interval': '1h' },
      [],
      io,
      stop.signal,
    );
    await ready();
  });

  afterAll(async () => {
    stop.abort();
    await served;
    await env.kubectl(['delete', 'namespace', lenient, strict, late, '--wait=false', '--ignore-not-found']);
    await tree?.cleanup();
  });

  it('judges by the labels of the namespace in the cluster', async () => {
    expect(await decide(lenient)).toEqual({ allowed: true });
    const denied = await decide(strict);
    expect(denied.allowed).toBe(false);
    expect(denied.message).toContain('k8s/pss-privileged (critical)');
  });

  it('follows label changes and namespaces created after it started', async () => {
    expect((await env.kubectl(['label', 'namespace', strict, 'rampart.io/enforce=off'])).code).toBe(0);
    expect(await eventually(async () => (await decide(strict)).allowed)).toBe(true);
    expect((await env.kubectl(['create', 'namespace', late])).code).toBe(0);
    expect((await env.kubectl(['label', 'namespace', late, 'rampart.io/enforce=off'])).code).toBe(0);
    expect(await eventually(async () => (await decide(late)).allowed)).toBe(true);
  });

  it('stops on request, background audit included, and lets the command exit cleanly', async () => {
    stop.abort();
    expect(await served).toBe(0);
  });
});
