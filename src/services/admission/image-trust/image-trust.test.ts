import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAdmissionConfig, type ImageTrustConfig, type SignatureConfig } from '../../../config/admission.js';
import { freePort, startRegistry, type RegistryServer } from '../../../sources/image/registry/testing/registry-server.js';
import { pushLayout } from '../../../sources/image/registry/testing/skopeo.js';
import { writeOciLayout, type TestImage } from '../../../sources/image/testing/oci-writer.js';
import { SIGNATURE_ANNOTATION, SIMPLE_SIGNING_MEDIA_TYPE, signatureTag } from './cosign.js';
import { allRules, selectRules, validateRuleIds } from '../../../pipeline/rule-selection.js';
import { DEFAULT_TEST_SETTINGS } from '../../../testing/kubernetes.js';
import { createImageTrust, ImageTrustConfigError, imageTrustRules, type ImageTrustOptions } from './index.js';
import { cosign, findCosign } from './testing/cosign.js';
import { getManifest, pushBlob, pushManifest } from './testing/push.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const TAGS = ['signed', 'copied-signature', 'bad-base64', 'huge-signature', 'unsigned', 'pinned'] as const;
type Tag = (typeof TAGS)[number];

let work: string;
let registry: RegistryServer;
let counting: { host: string; requests: string[]; close(): void };
let trustedKey: string;
let otherKey: string;
const digests = {} as Record<Tag, string>;

function image(tag: Tag): TestImage {
  return { layers: [{ entries: [{ path: `etc/${tag}`, content: `image ${tag}\n` }], createdBy: `ADD ${tag} /etc/` }] };
}

function trustConfig(overrides: Partial<ImageTrustConfig> = {}, signatures: Partial<SignatureConfig> = {}): ImageTrustConfig {
  const defaults = defaultAdmissionConfig().imageTrust;
  return { ...defaults, ...overrides, signatures: { ...defaults.signatures, mode: 'enforce', keys: [trustedKey], ...signatures } };
}

/** No Docker config of the machine running the tests may leak in; failures are not retried for long. */
const OPTIONS: ImageTrustOptions = { registry: { dockerConfigPath: '/nonexistent/rampart-test/config.json', retry: { maxAttempts: 1 } } };

function pod(containers: Record<string, string[]>): Record<string, unknown> {
  const spec = Object.fromEntries(Object.entries(containers).map(([group, images]) => [group, images.map((image, i) => ({ name: `${group}-${i}`, image }))]));
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec };
}

function ref(tag: Tag, host = registry.host): string {
  return `${host}/trust/app:${tag}`;
}

/** A plain-HTTP proxy to the registry that records every request: what the cache saves is what it does not see. */
async function countingProxy(target: RegistryServer): Promise<{ host: string; requests: string[]; close(): void }> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    const upstream = http.request({ host: '127.0.0.1', port: target.port, path: request.url, method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.once('error', () => response.destroy());
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { host: `127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => server.close() };
}

/** Stores a signature manifest under `tag`'s signature tag whose single layer is `payload` with `annotation`. */
async function pushSignature(tag: Tag, payload: Buffer, annotation: string, padding = 0): Promise<void> {
  const config = await pushBlob(registry.host, 'trust/app', Buffer.from('{}'));
  const layer = await pushBlob(registry.host, 'trust/app', payload);
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: [{ mediaType: SIMPLE_SIGNING_MEDIA_TYPE, ...layer, annotations: { [SIGNATURE_ANNOTATION]: annotation, ...(padding ? { padding: 'x'.repeat(padding) } : {}) } }],
  };
  await pushManifest(registry.host, 'trust/app', signatureTag(digests[tag]), Buffer.from(JSON.stringify(manifest)), OCI_MANIFEST);
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'rampart-image-trust-'));
  const binary = findCosign();
  const layout = await writeOciLayout(
    join(work, 'layout'),
    TAGS.map((tag) => ({ ref: tag, image: image(tag) })),
  );
  TAGS.forEach((tag, index) => (digests[tag] = layout.images[index]!.manifestDigest));
  registry = await startRegistry();
  await Promise.all(TAGS.map((tag) => pushLayout(join(work, 'layout'), tag, ref(tag))));

  const tool = cosign(binary, work);
  await Promise.all([mkdir(join(work, 'trusted')), mkdir(join(work, 'other'))]);
  const [trusted, other] = await Promise.all([tool.generateKeyPair(join(work, 'trusted')), tool.generateKeyPair(join(work, 'other'))]);
  trustedKey = trusted.publicKeyPem;
  otherKey = other.publicKeyPem;
  await tool.sign(trusted.keyPath, `${registry.host}/trust/app@${digests.signed}`);

  // A genuine signature moved to another image: a valid signature by the trusted key over a payload naming `signed`.
  const genuine = await getManifest(registry.host, 'trust/app', signatureTag(digests.signed), OCI_MANIFEST);
  await pushManifest(registry.host, 'trust/app', signatureTag(digests['copied-signature']), genuine.body, genuine.mediaType);
  await pushSignature('bad-base64', Buffer.from('{"critical":{}}'), '%%% not base64 %%%');
  await pushSignature('huge-signature', Buffer.from('{"critical":{}}'), 'AAAA', 600 * 1024);
  counting = await countingProxy(registry);
}, 240_000);

afterAll(async () => {
  counting?.close();
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('cosign signatures in a real registry', () => {
  it('admits an image cosign signed with the trusted key', async () => {
    const trust = createImageTrust(trustConfig(), OPTIONS);
    const result = await trust.check(pod({ containers: [ref('signed'), `${registry.host}/trust/app@${digests.signed}`] }));
    expect(result).toEqual({ verdicts: [], patch: [] });
  });

  it('denies it when only another key is trusted', async () => {
    const trust = createImageTrust(trustConfig({}, { keys: [otherKey] }), OPTIONS);
    const { verdicts } = await trust.check(pod({ containers: [ref('signed')] }));
    expect(verdicts).toEqual([
      {
        ruleId: 'image/signature-invalid',
        severity: 'high',
        image: ref('signed'),
        container: 'containers-0',
        containerPath: ['spec', 'containers', 0],
        action: 'deny',
        message: `image "${ref('signed')}" (${digests.signed}) has no signature that verifies with a trusted key: signature 1: does not verify with any trusted key`,
      },
    ]);
  });

  it('accepts a signature by any one of several trusted keys', async () => {
    const trust = createImageTrust(trustConfig({}, { keys: [otherKey, trustedKey] }), OPTIONS);
    expect((await trust.check(pod({ containers: [ref('signed')] }))).verdicts).toEqual([]);
  });

  it('denies an unsigned image in enforce mode and warns in warn mode', async () => {
    const enforce = await createImageTrust(trustConfig(), OPTIONS).check(pod({ initContainers: [ref('unsigned')] }));
    expect(enforce.verdicts.map((v) => [v.ruleId, v.action, v.container])).toEqual([['image/signature-missing', 'deny', 'initContainers-0']]);
    expect(enforce.verdicts[0]!.message).toBe(
      `image "${ref('unsigned')}" (${digests.unsigned}) has no cosign signature: ${registry.host}/trust/app has no ${signatureTag(digests.unsigned)} signature manifest`,
    );
    const warn = await createImageTrust(trustConfig({}, { mode: 'warn' }), OPTIONS).check(pod({ initContainers: [ref('unsigned')] }));
    expect(warn.verdicts.map((v) => [v.ruleId, v.action])).toEqual([['image/signature-missing', 'warn']]);
  });

  it('denies a genuine signature copied from another image: the signed payload names another digest', async () => {
    const { verdicts } = await createImageTrust(trustConfig(), OPTIONS).check(pod({ containers: [ref('copied-signature')] }));
    expect(verdicts.map((v) => v.ruleId)).toEqual(['image/signature-invalid']);
    expect(verdicts[0]!.message).toContain(`the signed payload names "${digests.signed}", not this image's digest`);
  });

  it('turns malformed signature manifests into verdicts', async () => {
    const trust = createImageTrust(trustConfig(), OPTIONS);
    const { verdicts } = await trust.check(pod({ containers: [ref('bad-base64'), ref('huge-signature')] }));
    expect(verdicts.map((v) => [v.ruleId, v.action])).toEqual([
      ['image/signature-invalid', 'deny'],
      ['image/signature-invalid', 'deny'],
    ]);
    expect(verdicts[0]!.message).toContain('the signature annotation is not a base64 ECDSA signature');
    expect(verdicts[1]!.message).toMatch(/the signature manifest sha256-[0-9a-f]{64}\.sig is unusable: .*over the 524288-byte limit/);
  });

  it('checks only the repositories that need signatures', async () => {
    const trust = createImageTrust(trustConfig({}, { repositories: [`${registry.host}/signed-only/`] }), OPTIONS);
    expect((await trust.check(pod({ containers: [ref('unsigned')] }))).verdicts).toEqual([]);
  });
});

describe('a signature answered by a registry that serves garbage', () => {
  it('is a verdict, not a crash, for every malformed answer', async () => {
    const digest = `sha256:${'1'.repeat(64)}`;
    const answers: Record<string, () => [number, string, string | Buffer]> = {
      'not-json': () => [200, OCI_MANIFEST, '{"schemaVersion": 2, "layers": ['],
      'not-a-manifest': () => [200, OCI_MANIFEST, '"just a string"'],
      'huge': () => [200, OCI_MANIFEST, Buffer.alloc(2 * 1024 * 1024, 0x20)],
      'bad-layers': () => [200, OCI_MANIFEST, JSON.stringify({ schemaVersion: 2, config: {}, layers: [{ digest: '../../etc/passwd', size: -1 }] })],
    };
    const server = http.createServer((request, response) => {
      const match = /^\/v2\/garbage\/([a-z-]+)\/manifests\/(.+)$/.exec(request.url ?? '');
      if (request.url === '/v2/') return void response.writeHead(200).end('{}');
      if (!match) return void response.writeHead(404).end();
      const [status, type, body] = answers[match[1]!]!();
      response.writeHead(status, { 'content-type': type }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const trust = createImageTrust(trustConfig(), OPTIONS);
      const images = Object.keys(answers).map((name) => `${host}/garbage/${name}@${digest}`);
      const { verdicts } = await trust.check(pod({ containers: images }));
      expect(verdicts.map((v) => [v.image, v.ruleId, v.action])).toEqual(images.map((image) => [image, 'image/signature-invalid', 'deny']));
    } finally {
      server.close();
    }
  });
});

describe('digest pinning', () => {
  it('resolves tags through the registry and pins every container group of a Pod', async () => {
    const trust = createImageTrust(trustConfig({ pinDigests: true }, { mode: 'off', keys: [] }), OPTIONS);
    const object = pod({ containers: [ref('pinned')], initContainers: [ref('unsigned')], ephemeralContainers: [`${registry.host}/trust/app@${digests.signed}`] });
    expect(await trust.check(object)).toEqual({
      verdicts: [],
      patch: [
        { op: 'replace', path: '/spec/containers/0/image', value: `${ref('pinned')}@${digests.pinned}` },
        { op: 'replace', path: '/spec/initContainers/0/image', value: `${ref('unsigned')}@${digests.unsigned}` },
      ],
    });
  });

  it('pins the pod templates of workloads', async () => {
    const trust = createImageTrust(trustConfig({ pinDigests: true }, { mode: 'off', keys: [] }), OPTIONS);
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'job', image: ref('pinned') }] } } } } },
    };
    expect((await trust.check(cronJob)).patch).toEqual([
      { op: 'replace', path: '/spec/jobTemplate/spec/template/spec/containers/0/image', value: `${ref('pinned')}@${digests.pinned}` },
    ]);
  });

  it('pins and verifies together: the digest verified is the digest pinned', async () => {
    const trust = createImageTrust(trustConfig({ pinDigests: true }), OPTIONS);
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { template: { spec: { containers: [{ name: 'app', image: ref('signed') }] } } },
    };
    expect(await trust.check(deployment)).toEqual({
      verdicts: [],
      patch: [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: `${ref('signed')}@${digests.signed}` }],
    });
  });

  it('warns and leaves the image alone when the tag does not exist', async () => {
    const trust = createImageTrust(trustConfig({ pinDigests: true }, { mode: 'off', keys: [] }), OPTIONS);
    const result = await trust.check(pod({ containers: [`${registry.host}/trust/app:no-such-tag`] }));
    expect(result.patch).toEqual([]);
    expect(result.verdicts.map((v) => [v.ruleId, v.action])).toEqual([['image/registry-unreachable', 'warn']]);
    expect(result.verdicts[0]!.message).toContain('not found');
  });
});

describe('trusted sources', () => {
  it('denies images outside the trusted registries and repositories, at path boundaries, without asking any registry', async () => {
    const unreachable = `127.0.0.1:${await freePort()}`;
    const trust = createImageTrust(trustConfig({ registries: ['registry.corp'], repositories: ['ghcr.io/acme/'] }), OPTIONS);
    const { verdicts } = await trust.check(pod({ containers: ['ghcr.io/acme-evil/app:1', `${unreachable}/app:1`, 'nginx', 'Not A Reference'] }));
    expect(verdicts.map((v) => [v.ruleId, v.action, v.image])).toEqual([
      ['image/untrusted-source', 'deny', 'ghcr.io/acme-evil/app:1'],
      ['image/untrusted-source', 'deny', `${unreachable}/app:1`],
      ['image/untrusted-source', 'deny', 'nginx'],
      ['image/untrusted-source', 'deny', 'Not A Reference'],
    ]);
    expect(verdicts[2]!.message).toBe('image "nginx" comes from docker.io/library/nginx, which is not a trusted source (trusted: registry.corp, ghcr.io/acme)');
  });

  it('lets trusted sources through to the signature check', async () => {
    const trust = createImageTrust(trustConfig({ repositories: [`${registry.host}/trust/`] }), OPTIONS);
    const { verdicts } = await trust.check(pod({ containers: [ref('signed'), ref('unsigned')] }));
    expect(verdicts.map((v) => [v.ruleId, v.image])).toEqual([['image/signature-missing', ref('unsigned')]]);
  });
});

describe('an unreachable registry', () => {
  it('denies with unreachable: Fail and warns with unreachable: Ignore, saying why', async () => {
    const host = `127.0.0.1:${await freePort()}`;
    const object = pod({ containers: [`${host}/app:1`] });
    const fail = await createImageTrust(trustConfig({}, { unreachable: 'Fail' }), OPTIONS).check(object);
    expect(fail.verdicts.map((v) => [v.ruleId, v.action, v.severity])).toEqual([['image/registry-unreachable', 'deny', 'medium']]);
    expect(fail.verdicts[0]!.message).toMatch(new RegExp(`could not be checked against its registry: cannot reach ${host}: .*ECONNREFUSED.*; denied \\(imageTrust.signatures.unreachable: Fail\\)`));
    const ignore = await createImageTrust(trustConfig({}, { unreachable: 'Ignore' }), OPTIONS).check(object);
    expect(ignore.verdicts.map((v) => [v.ruleId, v.action])).toEqual([['image/registry-unreachable', 'warn']]);
    expect(ignore.verdicts[0]!.message).toContain('admitted unverified (imageTrust.signatures.unreachable: Ignore)');
  });

  it('rejects with the caller\'s reason when the caller aborts, instead of waiting on a registry that hangs', async () => {
    const sockets: Socket[] = [];
    const silent = http.createServer(() => undefined);
    silent.on('connection', (socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const trust = createImageTrust(trustConfig(), OPTIONS);
      const started = Date.now();
      const reason = new Error('admission deadline');
      await expect(trust.check(pod({ containers: [`${host}/app:1`] }), abortAfter(200, reason))).rejects.toBe(reason);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});

function abortAfter(ms: number, reason: Error): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(reason), ms).unref();
  return controller.signal;
}

describe('the verification cache', () => {
  it('answers a repeated check without calling the registry, until the TTL passes', async () => {
    let now = 1_000_000;
    const trust = createImageTrust(trustConfig({ pinDigests: true }, { cacheTtlMs: 60_000 }), { ...OPTIONS, now: () => now });
    const object = pod({ containers: [ref('signed', counting.host), ref('unsigned', counting.host)] });
    counting.requests.length = 0;
    const first = await trust.check(object);
    const calls = counting.requests.length;
    expect(calls).toBeGreaterThan(0);
    expect(await trust.check(object)).toEqual(first);
    expect(counting.requests).toHaveLength(calls);
    now += 60_001;
    expect(await trust.check(object)).toEqual(first);
    expect(counting.requests.length).toBe(2 * calls);
  });

  it('lets concurrent checks of one image share its registry requests', async () => {
    const trust = createImageTrust(trustConfig({ pinDigests: true }), OPTIONS);
    const object = pod({ containers: [ref('signed', counting.host)] });
    counting.requests.length = 0;
    const results = await Promise.all(Array.from({ length: 5 }, () => trust.check(object)));
    expect(new Set(results.map((result) => JSON.stringify(result))).size).toBe(1);
    expect(results[0]!.verdicts).toEqual([]);
    const manifestRequests = counting.requests.filter((request) => request.includes('/manifests/'));
    expect(manifestRequests).toEqual([`GET /v2/trust/app/manifests/signed`, `GET /v2/trust/app/manifests/${signatureTag(digests.signed)}`]);
  });

  it('does not keep failures: a registry that comes back is asked again', async () => {
    const trust = createImageTrust(trustConfig({}, { unreachable: 'Ignore' }), OPTIONS);
    const port = await freePort();
    const object = pod({ containers: [`127.0.0.1:${port}/trust/app:signed`] });
    expect((await trust.check(object)).verdicts.map((v) => v.ruleId)).toEqual(['image/registry-unreachable']);
    const proxy = http.createServer((request, response) => {
      const upstream = http.request({ host: '127.0.0.1', port: registry.port, path: request.url, method: request.method, headers: request.headers }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      request.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
    try {
      expect((await trust.check(object)).verdicts).toEqual([]);
    } finally {
      proxy.close();
    }
  });
});

describe('insecure registries', () => {
  it('speaks plain HTTP only to the registries listed, once TLS is required everywhere else', async () => {
    const tlsOnly: ImageTrustOptions = { registry: { ...OPTIONS.registry, insecure: false } };
    const refused = await createImageTrust(trustConfig(), tlsOnly).check(pod({ containers: [ref('signed')] }));
    expect(refused.verdicts.map((v) => [v.ruleId, v.action])).toEqual([['image/registry-unreachable', 'deny']]);
    const listed = await createImageTrust(trustConfig({}, { insecureRegistries: [registry.host] }), tlsOnly).check(pod({ containers: [ref('signed')] }));
    expect(listed.verdicts).toEqual([]);
  });
});

describe('the rule catalog', () => {
  it('lists every rule a verdict can name, with well-formed IDs', () => {
    expect(() => validateRuleIds()).not.toThrow();
    const catalog = new Set(allRules().map((rule) => rule.meta.id));
    for (const id of ['image/untrusted-source', 'image/signature-missing', 'image/signature-invalid', 'image/registry-unreachable']) expect(catalog.has(id), id).toBe(true);
    expect(imageTrustRules.map((rule) => rule.meta.id).every((id) => catalog.has(id))).toBe(true);
  });

  it('uses configured severities', async () => {
    const trust = createImageTrust(trustConfig(), { ...OPTIONS, severityOf: (id) => (id === 'image/signature-missing' ? 'critical' : 'low') });
    const { verdicts } = await trust.check(pod({ containers: [ref('unsigned')] }));
    expect(verdicts.map((v) => [v.ruleId, v.severity])).toEqual([['image/signature-missing', 'critical']]);
  });

  it('gives no verdict for a rule turned off in rampart.yaml', async () => {
    const { isEnabled, severityOf } = selectRules({ 'image/signature-missing': { enabled: false } }, DEFAULT_TEST_SETTINGS);
    const trust = createImageTrust(trustConfig(), { ...OPTIONS, severityOf, isEnabled });
    expect((await trust.check(pod({ containers: [ref('unsigned')] }))).verdicts).toEqual([]);
  });
});

describe('configuration', () => {
  it('is inactive, and asks nothing, when nothing is configured', async () => {
    const trust = createImageTrust(defaultAdmissionConfig().imageTrust);
    expect(trust.active).toBe(false);
    expect(await trust.check(pod({ containers: ['nginx'] }))).toEqual({ verdicts: [], patch: [] });
  });

  it('refuses signature checking without keys, and keys that are not P-256', () => {
    expect(() => createImageTrust(trustConfig({}, { keys: [] }))).toThrow(ImageTrustConfigError);
    expect(() => createImageTrust(trustConfig({}, { keys: ['not a key'] }))).toThrow(/keys\[0\] is not a PEM public key/);
  });

  it('ignores objects without pod specs and containers without images', async () => {
    const trust = createImageTrust(trustConfig(), OPTIONS);
    expect(await trust.check({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: {} })).toEqual({ verdicts: [], patch: [] });
    expect(await trust.check({ kind: 'Pod', spec: { containers: [{ name: 'x' }, 'junk', null] } })).toEqual({ verdicts: [], patch: [] });
  });
});
