import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageTimeoutError, startDeadline } from '../deadline.js';
import { ImageIntegrityError } from '../integrity.js';
import { ImageLimitError } from '../limits.js';
import type { ImageSource } from '../types.js';
import { openRegistryImage, type RegistryImageOptions } from './client.js';
import { RegistryError } from './errors.js';
import { buildImage, writeOciLayout, type BuiltImage, type TestEntry, type TestImage } from '../testing/oci-writer.js';
import { pushLayout } from './testing/skopeo.js';
import { htpasswdLine, selfSignedCertificate, startRegistry, type RegistryServer } from './testing/registry-server.js';
import { startTokenServer, type TokenServer } from './testing/token-server.js';

const BASE_ENTRIES: TestEntry[] = [
  { path: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' },
  { path: 'var/lib/dpkg/status', content: 'Package: zlib1g\nStatus: install ok installed\nVersion: 1:1.2.13.dfsg-1\n\n' },
];
const AMD64: TestImage = {
  layers: [
    { entries: BASE_ENTRIES, createdBy: 'ADD rootfs.tar /' },
    { entries: [{ path: 'app/package.json', content: '{"name":"app"}' }], createdBy: 'COPY app /app' },
  ],
};
const ARM64: TestImage = { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' }, layers: [{ entries: BASE_ENTRIES, createdBy: 'ADD arm64.tar /' }] };
const TAMPERED: TestImage = { layers: [{ entries: [{ path: 'etc/tampered', content: 'original content' }], createdBy: 'ADD tamper /' }] };

let work: string;
let anonymous: RegistryServer;
let basic: RegistryServer;
let bearer: RegistryServer;
let tls: RegistryServer;
let tokens: TokenServer;
let tlsCertPath: string;
let amd64: BuiltImage;
let arm64: BuiltImage;
let tampered: BuiltImage;
let multiIndexDigest: string;
const servers: Array<{ close(): void }> = [];

/** No Docker config of the machine running the tests may leak in. */
function options(extra: RegistryImageOptions = {}): RegistryImageOptions {
  return { dockerConfigPath: join(work, 'no-docker-config.json'), retry: { baseDelayMs: 20 }, ...extra };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function withImage<T>(reference: string, opts: RegistryImageOptions, use: (image: ImageSource) => Promise<T>): Promise<T> {
  const image = await openRegistryImage(reference, opts);
  try {
    return await use(image);
  } finally {
    await image.close();
  }
}

async function failure(promise: Promise<unknown>): Promise<RegistryError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RegistryError);
  return error as RegistryError;
}

async function dockerConfig(name: string, content: unknown): Promise<string> {
  const path = join(work, `${name}.json`);
  await writeFile(path, JSON.stringify(content));
  return path;
}

function auth(user: string, password: string): { auth: string } {
  return { auth: Buffer.from(`${user}:${password}`).toString('base64') };
}

async function listen(handler: http.RequestListener): Promise<{ url: string; port: number }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({ close: () => server.close() });
  const { port } = server.address() as AddressInfo;
  return { url: `127.0.0.1:${port}`, port };
}

/** Forwards a request to a registry, Authorization included. */
function forward(request: http.IncomingMessage, response: http.ServerResponse, target: RegistryServer): void {
  const upstream = http.get({ host: '127.0.0.1', port: target.port, path: request.url, headers: request.headers }, (answer) => {
    response.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(response);
  });
  upstream.once('error', () => response.destroy());
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'rampart-registry-test-'));
  [amd64, arm64, tampered] = await Promise.all([buildImage(AMD64), buildImage(ARM64), buildImage(TAMPERED)]);
  await Promise.all([
    writeOciLayout(join(work, 'single'), [{ ref: 'v1', image: AMD64 }]),
    writeOciLayout(join(work, 'multi'), [{ ref: 'multi', platforms: [AMD64, ARM64] }]).then((written) => {
      multiIndexDigest = written.indexDigests[0]!;
    }),
    writeOciLayout(join(work, 'tamper'), [{ ref: 'v1', image: TAMPERED }]),
  ]);
  anonymous = await startRegistry();
  await Promise.all([
    pushLayout(join(work, 'single'), 'v1', `${anonymous.host}/test/tiny:v1`),
    pushLayout(join(work, 'single'), 'v1', `${anonymous.host}/test/tiny-docker:v1`, { dockerFormat: true }),
    pushLayout(join(work, 'multi'), 'multi', `${anonymous.host}/test/multi:1`, { all: true }),
    pushLayout(join(work, 'tamper'), 'v1', `${anonymous.host}/test/tamper:v1`),
  ]);

  await writeFile(join(work, 'htpasswd'), `${await htpasswdLine('alice', 'wonderland')}\n`);
  tokens = await startTokenServer(work, { users: { bob: 'builder' } });
  const certificate = await selfSignedCertificate(work);
  tlsCertPath = certificate.certPath;
  [basic, bearer, tls] = await Promise.all([
    startRegistry({ storageDir: anonymous.storageDir, auth: { htpasswd: { realm: 'test-realm', path: join(work, 'htpasswd') } } }),
    startRegistry({
      storageDir: anonymous.storageDir,
      auth: { token: { realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootcertbundle: tokens.certPath } },
    }),
    startRegistry({ storageDir: anonymous.storageDir, tls: { certificate: certificate.certPath, key: certificate.keyPath } }),
  ]);
}, 60_000);

afterAll(async () => {
  for (const server of servers) server.close();
  await Promise.all([anonymous, basic, bearer, tls].map((server) => server?.stop()));
  await tokens?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('anonymous pulls from the real registry', () => {
  it('opens an OCI image: config, layers paired with history and diff ids, verified blob streams', async () => {
    await withImage(`${anonymous.host}/test/tiny:v1`, options(), async (image) => {
      expect(image.reference).toBe(`${anonymous.host}/test/tiny:v1`);
      expect(image.manifestDigest).toBe(amd64.manifest.digest);
      expect(image.configDigest).toBe(amd64.config.digest);
      expect(image.config.architecture).toBe('amd64');
      expect(image.layers.map((layer) => layer.createdBy)).toEqual(['ADD rootfs.tar /', 'COPY app /app']);
      expect(image.layers.map((layer) => layer.diffId)).toEqual(amd64.layers.map((layer) => layer.diffId));
      expect(image.layers[0]?.mediaType).toBe('application/vnd.oci.image.layer.v1.tar+gzip');
      for (const [index, layer] of image.layers.entries()) {
        expect(await readAll(await image.openLayer(layer))).toEqual(amd64.layers[index]?.bytes);
      }
    });
  });

  it('opens a Docker v2 schema 2 image', async () => {
    await withImage(`${anonymous.host}/test/tiny-docker:v1`, options(), async (image) => {
      expect(image.layers.map((layer) => layer.mediaType)).toEqual([
        'application/vnd.docker.image.rootfs.diff.tar.gzip',
        'application/vnd.docker.image.rootfs.diff.tar.gzip',
      ]);
      expect(image.layers[1]?.createdBy).toBe('COPY app /app');
      const layer = image.layers[1];
      if (!layer) throw new Error('missing layer');
      expect(await readAll(await image.openLayer(layer))).toEqual(amd64.layers[1]?.bytes);
    });
  });

  it('picks the requested platform from a multi-arch index, linux/amd64 by default', async () => {
    const reference = `${anonymous.host}/test/multi:1`;
    await withImage(reference, options(), async (image) => expect(image.manifestDigest).toBe(amd64.manifest.digest));
    for (const platform of ['linux/arm64', 'linux/arm64/v8']) {
      await withImage(reference, options({ platform }), async (image) => {
        expect(image.manifestDigest).toBe(arm64.manifest.digest);
        expect(image.config.architecture).toBe('arm64');
        expect(image.layers[0]?.createdBy).toBe('ADD arm64.tar /');
      });
    }
    const error = await failure(openRegistryImage(reference, options({ platform: 'linux/s390x' })));
    expect(error.code).toBe('no-platform');
    expect(error.message).toBe(`${reference} has no image for platform linux/s390x; available: linux/amd64, linux/arm64/v8`);
  });

  it('pulls by digest, and the digest wins over a tag', async () => {
    await withImage(`${anonymous.host}/test/tiny@${amd64.manifest.digest}`, options(), async (image) => {
      expect(image.manifestDigest).toBe(amd64.manifest.digest);
    });
    await withImage(`${anonymous.host}/test/multi:no-such-tag@${multiIndexDigest}`, options({ platform: 'linux/arm64' }), async (image) => {
      expect(image.manifestDigest).toBe(arm64.manifest.digest);
    });
  });

  it('reports a missing tag or repository as not found', async () => {
    const missingTag = await failure(openRegistryImage(`${anonymous.host}/test/tiny:missing`, options()));
    expect(missingTag.code).toBe('not-found');
    expect(missingTag.message).toContain(`not found: ${anonymous.host}/test/tiny:missing`);
    const missingRepo = await failure(openRegistryImage(`${anonymous.host}/foo:bar`, options()));
    expect(missingRepo.message).toContain(`not found: ${anonymous.host}/foo:bar`);
  });

  it('fails the layer stream when the stored blob does not match its digest', async () => {
    const layer = tampered.layers[0];
    if (!layer) throw new Error('missing layer');
    const hex = layer.digest.slice('sha256:'.length);
    const dataPath = join(anonymous.storageDir, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
    const bytes = await readFile(dataPath);
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] ?? 0) ^ 0xff;
    await writeFile(dataPath, bytes);
    const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    await withImage(`${anonymous.host}/test/tamper:v1`, options(), async (image) => {
      const [descriptor] = image.layers;
      if (!descriptor) throw new Error('missing layer');
      const error = await readAll(await image.openLayer(descriptor)).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(ImageIntegrityError);
      expect((error as Error).message).toContain(`expected ${layer.digest}, got ${actual}`);
    });
  });
});

describe('authentication against the real registry', () => {
  it('uses Basic credentials from a Docker config file', async () => {
    const dockerConfigPath = await dockerConfig('basic-good', { auths: { [`http://${basic.host}`]: auth('alice', 'wonderland') } });
    await withImage(`${basic.host}/test/tiny:v1`, options({ dockerConfigPath }), async (image) => {
      const [layer] = image.layers;
      if (!layer) throw new Error('missing layer');
      expect(await readAll(await image.openLayer(layer))).toEqual(amd64.layers[0]?.bytes);
    });
  });

  it('says the credentials were rejected when they are wrong, and that they are missing when absent', async () => {
    const dockerConfigPath = await dockerConfig('basic-bad', { auths: { [basic.host]: auth('alice', 'wrong') } });
    const rejected = await failure(openRegistryImage(`${basic.host}/test/tiny:v1`, options({ dockerConfigPath })));
    expect(rejected.code).toBe('unauthorized');
    expect(rejected.message).toContain(`access denied: credentials for ${basic.host} were rejected (${basic.host}/test/tiny:v1)`);
    const missing = await failure(openRegistryImage(`${basic.host}/test/tiny:v1`, options()));
    expect(missing.message).toBe(`authentication required by ${basic.host} and no credentials are configured for it`);
  });

  it('warns about credential helpers and pulls anonymously', async () => {
    const warnings: string[] = [];
    const dockerConfigPath = await dockerConfig('helper', { credsStore: 'desktop' });
    await withImage(`${anonymous.host}/test/tiny:v1`, options({ dockerConfigPath, onWarning: (warning) => warnings.push(warning) }), async (image) => {
      expect(image.layers).toHaveLength(2);
    });
    expect(warnings).toEqual([expect.stringContaining('credential stores are not supported')]);
  });

  it('runs the Bearer token flow: one token per repository, fetched with Basic credentials, accepted by the registry', async () => {
    const dockerConfigPath = await dockerConfig('bearer', { auths: { [bearer.host]: auth('bob', 'builder') } });
    tokens.requests.length = 0;
    await withImage(`${bearer.host}/test/tiny:v1`, options({ dockerConfigPath }), async (image) => {
      for (const layer of image.layers) await readAll(await image.openLayer(layer));
    });
    expect(tokens.requests).toEqual([{ service: tokens.service, scope: 'repository:test/tiny:pull', user: 'bob' }]);

    const wrong = await dockerConfig('bearer-bad', { auths: { [bearer.host]: auth('bob', 'nope') } });
    const error = await failure(openRegistryImage(`${bearer.host}/test/tiny:v1`, options({ dockerConfigPath: wrong })));
    expect(error.code).toBe('unauthorized');
    expect(error.message).toContain('credentials rejected');
  });

  it('speaks TLS to a registry whose certificate is trusted through a CA bundle', async () => {
    const reference = `${tls.host}/test/tiny:v1`;
    const untrusted = await failure(openRegistryImage(reference, options({ insecure: false, retry: { maxAttempts: 1 } })));
    expect(untrusted.code).toBe('network');
    expect(untrusted.message).toMatch(/certificate/i);
    await withImage(reference, options({ insecure: false, caFile: tlsCertPath }), async (image) => {
      expect(image.manifestDigest).toBe(amd64.manifest.digest);
    });
  });
});

describe('transport failures', () => {
  it('retries 429 (honoring Retry-After) and 503 with backoff, then succeeds', async () => {
    const seen: number[] = [];
    const proxy = await listen((request, response) => {
      seen.push(Date.now());
      if (seen.length === 1) {
        response.writeHead(429, { 'retry-after': '1' }).end();
      } else if (seen.length === 2) {
        response.writeHead(503).end();
      } else {
        forward(request, response, anonymous);
      }
    });
    await withImage(`${proxy.url}/test/tiny:v1`, options({ retry: { baseDelayMs: 200 } }), async (image) => {
      expect(image.manifestDigest).toBe(amd64.manifest.digest);
    });
    const [first = 0, second = 0, third = 0] = seen;
    expect(second - first).toBeGreaterThanOrEqual(990);
    expect(third - second).toBeGreaterThanOrEqual(95);
    expect(third - second).toBeLessThan(900);
  });

  it('gives up after the bounded attempts with a clear message', async () => {
    let count = 0;
    const proxy = await listen((_request, response) => {
      count++;
      response.writeHead(502).end();
    });
    const error = await failure(openRegistryImage(`${proxy.url}/test/tiny:v1`, options({ retry: { maxAttempts: 3, baseDelayMs: 10 } })));
    expect(count).toBe(3);
    expect(error.message).toBe(`${proxy.url} answered HTTP 502 for ${proxy.url}/test/tiny:v1 after 3 attempts`);
  });

  it('follows blob redirects to another host without the Authorization header', async () => {
    const blobAuthorization: Array<string | undefined> = [];
    const blobStore = await listen((request, response) => {
      blobAuthorization.push(request.headers.authorization);
      forward(request, response, anonymous);
    });
    const front = await listen((request, response) => {
      if (request.url?.includes('/blobs/') && request.headers.authorization) {
        response.writeHead(307, { location: `http://localhost:${blobStore.port}${request.url}` }).end();
      } else {
        forward(request, response, basic);
      }
    });
    const dockerConfigPath = await dockerConfig('redirect', { auths: { [front.url]: auth('alice', 'wonderland') } });
    await withImage(`${front.url}/test/tiny:v1`, options({ dockerConfigPath }), async (image) => {
      for (const layer of image.layers) await readAll(await image.openLayer(layer));
    });
    expect(blobAuthorization).toHaveLength(3);
    expect(blobAuthorization.every((value) => value === undefined)).toBe(true);
  });

  it('times out on a server that never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    servers.push({ close: () => (sockets.forEach((socket) => socket.destroy()), silent.close()) });
    const { port } = silent.address() as AddressInfo;
    const started = Date.now();
    const error = await failure(
      openRegistryImage(`127.0.0.1:${port}/test/tiny:v1`, options({ requestTimeoutMs: 300, retry: { maxAttempts: 2, baseDelayMs: 10 } })),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toBe(`no response from 127.0.0.1:${port} within 300 ms (GET /v2/test/tiny/manifests/v1)`);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('abandons a layer download that stalls', async () => {
    const stalled: http.ServerResponse[] = [];
    const proxy = await listen((request, response) => {
      if (request.url?.includes(amd64.layers[0]?.digest ?? '-')) {
        response.writeHead(200, { 'content-length': String(amd64.layers[0]?.bytes.length) });
        response.write(amd64.layers[0]?.bytes.subarray(0, 10));
        stalled.push(response);
      } else {
        forward(request, response, anonymous);
      }
    });
    servers.push({ close: () => stalled.forEach((response) => response.destroy()) });
    await withImage(`${proxy.url}/test/tiny:v1`, options({ idleTimeoutMs: 300 }), async (image) => {
      const [layer] = image.layers;
      if (!layer) throw new Error('missing layer');
      const error = await failure(readAll(await image.openLayer(layer)));
      expect(error.code).toBe('timeout');
      expect(error.message).toBe(`download from ${proxy.url} stalled: no data for 300 ms`);
    });
  });
});

/** Serves every byte of `body`, one every `everyMs`, until the client goes away. */
function trickle(response: http.ServerResponse, body: Buffer, everyMs: number, headers: http.OutgoingHttpHeaders = {}): void {
  response.writeHead(200, { 'content-length': String(body.length), ...headers });
  let sent = 0;
  const timer = setInterval(() => {
    if (sent >= body.length || response.destroyed) return clearInterval(timer);
    response.write(body.subarray(sent, ++sent));
  }, everyMs);
  response.once('close', () => clearInterval(timer));
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('the overall deadline', () => {
  const deadlineMessage = 'timed out: the image was not read within 1 s';

  it('fails a manifest that trickles in a byte at a time, which no idle timeout catches', async () => {
    const proxy = await listen((request, response) => {
      if (request.url?.includes('/manifests/')) trickle(response, amd64.manifest.bytes, 50, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
      else forward(request, response, anonymous);
    });
    const deadline = startDeadline(1000, deadlineMessage);
    const started = Date.now();
    const error = await rejection(openRegistryImage(`${proxy.url}/test/tiny:v1`, options({ signal: deadline.signal, idleTimeoutMs: 60_000 })));
    expect(error).toBeInstanceOf(ImageTimeoutError);
    expect(error.message).toBe(deadlineMessage);
    // A generous bound: the manifest alone would take more than 20 s at this pace.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('fails a layer download that trickles, and a token request that does', async () => {
    const proxy = await listen((request, response) => {
      const layer = amd64.layers[0]!;
      if (request.url?.includes(layer.digest)) trickle(response, layer.bytes, 50);
      else forward(request, response, anonymous);
    });
    const deadline = startDeadline(1000, deadlineMessage);
    await withImage(`${proxy.url}/test/tiny:v1`, options({ signal: deadline.signal }), async (image) => {
      const error = await rejection(readAll(await image.openLayer(image.layers[0]!)));
      expect(error).toBeInstanceOf(ImageTimeoutError);
    });

    const realm = await listen((_request, response) => trickle(response, Buffer.from('{"token":"abcdefghijklmnopqrstuvwxyz"}'), 100));
    const front = await listen((request, response) => {
      if (request.headers.authorization) forward(request, response, anonymous);
      else response.writeHead(401, { 'www-authenticate': `Bearer realm="http://${realm.url}/token",service="test"` }).end();
    });
    const tokenDeadline = startDeadline(1000, deadlineMessage);
    const error = await rejection(openRegistryImage(`${front.url}/test/tiny:v1`, options({ signal: tokenDeadline.signal })));
    expect(error.message).toBe(deadlineMessage);
  });

  it('cuts a Retry-After wait short', async () => {
    const proxy = await listen((_request, response) => void response.writeHead(503, { 'retry-after': '30' }).end());
    const deadline = startDeadline(500, deadlineMessage);
    const started = Date.now();
    const error = await rejection(openRegistryImage(`${proxy.url}/test/tiny:v1`, options({ signal: deadline.signal })));
    expect(error.message).toBe(deadlineMessage);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('limits on what a manifest may ask for', () => {
  /** The real registry behind, but this manifest served for every tag. */
  async function serving(manifest: unknown, contentType = 'application/vnd.oci.image.manifest.v1+json'): Promise<string> {
    const proxy = await listen((request, response) => {
      if (request.url?.includes('/manifests/')) response.writeHead(200, { 'content-type': contentType }).end(JSON.stringify(manifest));
      else forward(request, response, anonymous);
    });
    return proxy.url;
  }
  const descriptor = (i: number) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${String(i).padStart(64, '0')}`, size: 1 });

  it('refuses more layers than the limit before fetching anything else', async () => {
    const config = { mediaType: 'application/vnd.oci.image.config.v1+json', digest: amd64.config.digest, size: amd64.config.bytes.length };
    const host = await serving({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config, layers: Array.from({ length: 257 }, (_, i) => descriptor(i)) });
    const error = await rejection(openRegistryImage(`${host}/test/tiny:v1`, options()));
    expect(error).toBeInstanceOf(ImageLimitError);
    expect(error.message).toBe(`${host}/test/tiny:v1 has 257 layers, over the limit of 256`);
  });

  it('refuses a manifest over 4 MiB and an index with too many entries', async () => {
    const big = await serving({ schemaVersion: 2, layers: [], padding: 'x'.repeat(4 * 1024 * 1024) });
    const tooLarge = await failure(openRegistryImage(`${big}/test/tiny:v1`, options()));
    expect(tooLarge.code).toBe('too-large');
    expect(tooLarge.message).toBe(`manifest of ${big}/test/tiny:v1 is over the 4194304-byte limit`);

    const manifests = Array.from({ length: 1025 }, (_, i) => ({ ...descriptor(i), mediaType: 'application/vnd.oci.image.manifest.v1+json', platform: { os: 'linux', architecture: 'amd64' } }));
    const wide = await serving({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }, 'application/vnd.oci.image.index.v1+json');
    const error = await rejection(openRegistryImage(`${wide}/test/tiny:v1`, options()));
    expect(error.message).toBe(`${wide}/test/tiny:v1 lists 1025 manifests, over the limit of 1024`);
  });
});
