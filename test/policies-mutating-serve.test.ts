import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runServe } from '../src/cli/admission-serve.js';
import type { CliIo } from '../src/cli/io.js';
import { applyPatch, type PatchOperation } from '../src/services/admission/apply-patch.js';
import { createServingCertificate, type ServingCertificate } from '../src/services/admission/install/certificate.js';
import { pod, request, reviewBody } from '../src/services/admission/testing/reviews.js';
import { freePort } from '../src/sources/image/registry/testing/registry-server.js';
import { makeTree, type TempTree } from '../src/testing/tree.js';
import { describeKube, uniqueNamespace } from './helpers/kube-env.js';

/** `rampart admission serve --policy` with a MutatingAdmissionPolicy: `/mutate` answers with the policy's patch. */
const repo = resolve(import.meta.dirname, '..');

describeKube('rampart admission serve with a MutatingAdmissionPolicy', (env) => {
  const namespace = uniqueNamespace('admission-map');
  let tree: TempTree;
  let certificate: ServingCertificate;
  let port: number;
  let stderr = '';
  const stop = new AbortController();
  let served: Promise<number>;

  const post = (path: string, body: unknown) =>
    new Promise<{ status: number; response: { allowed: boolean; patch?: string; patchType?: string } }>((resolvePost, reject) => {
      const req = httpsRequest(`https://127.0.0.1:${port}${path}`, { method: 'POST', ca: certificate.ca, servername: 'localhost', headers: { 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => resolvePost({ status: res.statusCode ?? 0, response: (JSON.parse(text) as { response: { allowed: boolean; patch?: string; patchType?: string } }).response }));
      });
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });

  beforeAll(async () => {
    expect((await env.kubectl(['create', 'namespace', namespace])).code).toBe(0);
    certificate = await createServingCertificate({ dnsNames: ['localhost'] });
    tree = await makeTree({
      'tls.crt': certificate.cert,
      'tls.key': certificate.key,
      'policies/default-seccomp.yaml': readFileSync(join(repo, 'examples/policies/default-seccomp/policy.yaml'), 'utf8'),
    });
    port = await freePort();
    const io: CliIo = { cwd: tree.root, env: {}, isTTY: false, stdout: () => undefined, stderr: (t) => void (stderr += t), readStdin: async () => '' };
    served = runServe(
      { 'tls-cert': 'tls.crt', 'tls-key': 'tls.key', port: String(port), address: '127.0.0.1', kubeconfig: env.kubeconfig, namespace: 'rampart-system', 'log-level': 'error', 'audit-interval': '1h', policy: ['policies'] },
      [],
      io,
      stop.signal,
    );
    const deadline = Date.now() + 20_000;
    for (;;) {
      const status = await new Promise<number>((resolveStatus) => {
        const req = httpsRequest(`https://127.0.0.1:${port}/readyz`, { ca: certificate.ca, servername: 'localhost' }, (res) => (res.resume(), resolveStatus(res.statusCode ?? 0)));
        req.on('error', () => resolveStatus(0));
        req.end();
      });
      if (status === 200) break;
      if (Date.now() > deadline) throw new Error(`the webhook did not become ready: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    stop.abort();
    await served;
    await env.kubectl(['delete', 'namespace', namespace, '--wait=false', '--ignore-not-found']);
    await tree?.cleanup();
  });

  it('answers /mutate with the JSON Patch the policy makes, and nothing for a pod that already has a profile', async () => {
    const object = pod('web', namespace, { runAsNonRoot: true });
    const { status, response } = await post('/mutate', reviewBody(request(object)));
    expect(status).toBe(200);
    expect(response.allowed).toBe(true);
    expect(response.patchType).toBe('JSONPatch');
    const patch = JSON.parse(Buffer.from(response.patch!, 'base64').toString('utf8')) as PatchOperation[];
    expect(patch).toEqual([{ op: 'add', path: '/spec/securityContext', value: { seccompProfile: { type: 'RuntimeDefault' } } }]);
    const mutated = applyPatch(object, patch);
    const again = await post('/mutate', reviewBody(request(mutated)));
    expect(again.response).toEqual(expect.objectContaining({ allowed: true }));
    expect(again.response.patch).toBeUndefined();
  });
});
