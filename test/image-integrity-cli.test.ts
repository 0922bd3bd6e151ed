import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type RegistryServer } from '../src/sources/image/registry/testing/registry-server.js';
import { compressLayer, tarLayer, writeOciLayout, type TestImage, type WrittenLayout } from '../src/sources/image/testing/oci-writer.js';
import { checksummedToken } from '../src/checks/secrets/detectors/testing/tokens.js';
import { importOsv } from '../src/checks/vulnerabilities/database/index.js';
import { runCli } from './helpers/cli.js';

const run = promisify(execFile);

/**
 * Issue 10: a layer or config whose digest does not match, a missing blob, a layer that cannot be read to its verified
 * end, a deadline passed or a limit crossed fail `image`, `sbom` and `secrets --image` with exit 3, and nothing read
 * from the image is reported.
 */

const OS_RELEASE = 'ID=debian\nVERSION_ID="12"\n';
const DPKG_STATUS = 'Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nSource: zlib\nVersion: 1:1.2.13.dfsg-1\n\n';
const TOKEN = checksummedToken('ghp_', 21);

/** A vulnerable package in layer 1, a secret in layer 2, and an image-rule finding (port 22) in the config. */
const IMAGE: TestImage = {
  config: { ExposedPorts: { '22/tcp': {} }, Cmd: ['app'] },
  layers: [
    { entries: [{ path: 'etc/os-release', content: OS_RELEASE }, { path: 'var/lib/dpkg/status', content: DPKG_STATUS }] },
    { entries: [{ path: 'srv/.env', content: `GITHUB_TOKEN=${TOKEN}\n` }] },
  ],
};

interface Report {
  findings: unknown[];
  vulnerabilities: unknown[];
  errors: Array<{ file: string; message: string; level?: string }>;
}

let dir: string;
let db: string;
let intact: WrittenLayout;

function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function blobPath(layout: string, digest: string): string {
  return join(dir, layout, 'blobs', 'sha256', digest.slice('sha256:'.length));
}

/** A copy of the intact layout, to tamper with. */
async function copyLayout(name: string): Promise<string> {
  await cp(join(dir, 'intact'), join(dir, name), { recursive: true });
  return name;
}

async function json(args: string[]): Promise<{ code: number; report: Report; stderr: string }> {
  const result = await runCli([...args, '--format', 'json'], { cwd: dir });
  try {
    return { code: result.code, report: JSON.parse(result.stdout) as Report, stderr: result.stderr };
  } catch {
    throw new Error(`no JSON (exit ${result.code}): ${result.stderr}`);
  }
}

/**
 * Runs `image`, `secrets --image` and `sbom` on the same image and checks each failed, reported nothing, and said why.
 * `source` is `--input PATH` or a registry reference.
 */
async function expectRefused(source: string[], message: string | RegExp): Promise<void> {
  const scanned = await json(['image', ...source, '--db', db]);
  expect(scanned.code, scanned.stderr).toBe(3);
  expect(scanned.report.vulnerabilities).toEqual([]);
  expect(scanned.report.findings).toEqual([]);
  expect(scanned.report.errors.map((error) => error.message).join('\n')).toMatch(message);

  const secretSource = source[0] === '--input' ? source : ['--image', ...source];
  const secrets = await json(['secrets', ...secretSource]);
  expect(secrets.code, secrets.stderr).toBe(3);
  expect(secrets.report.findings).toEqual([]);
  expect(secrets.report.errors.map((error) => error.message).join('\n')).toMatch(message);

  const bom = join(dir, 'bom.json');
  await rm(bom, { force: true });
  const sbom = await runCli(['sbom', ...source, '-o', 'bom.json'], { cwd: dir });
  expect(sbom.code).toBe(3);
  expect(sbom.stderr).toMatch(message);
  expect(existsSync(bom)).toBe(false);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-image-integrity-'));
  db = join(dir, 'osv.sqlite');
  await importOsv(join(import.meta.dirname, 'fixtures', 'osv'), db);
  intact = await writeOciLayout(join(dir, 'intact'), [{ ref: 'v1', image: IMAGE }]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('local images that fail verification', () => {
  it('the intact image reports its vulnerability, config finding and secret (so the refusals below are not vacuous)', async () => {
    const scanned = await json(['image', '--input', 'intact', '--db', db]);
    expect(scanned.report.errors).toEqual([]);
    expect(scanned.report.vulnerabilities).not.toEqual([]);
    expect(scanned.report.findings).not.toEqual([]);
    const secrets = await json(['secrets', '--input', 'intact']);
    expect(secrets.code).toBe(1);
    expect(secrets.report.findings).toHaveLength(1);
  });

  it('a tampered layer in an OCI layout: exit 3, nothing reported, the layer digest with expected and actual', async () => {
    const layout = await copyLayout('tampered-layer');
    const digest = intact.images[0]!.layerDigests[1]!;
    const bytes = await readFile(blobPath(layout, digest));
    bytes[bytes.length - 9] = bytes[bytes.length - 9]! ^ 0xff;
    await writeFile(blobPath(layout, digest), bytes);
    await expectRefused(['--input', layout], `layer 2 (${digest}): digest mismatch for blob ${digest}: expected ${digest}, got ${sha256(bytes)}`);
  });

  it('a tampered config', async () => {
    const layout = await copyLayout('tampered-config');
    const digest = intact.images[0]!.configDigest;
    const config = await readFile(blobPath(layout, digest), 'utf8');
    await writeFile(blobPath(layout, digest), config.replace('22/tcp', '23/tcp'));
    await expectRefused(['--input', layout], `digest mismatch for blob ${digest}: expected ${digest}`);
  });

  it('a missing layer blob', async () => {
    const layout = await copyLayout('missing-blob');
    const digest = intact.images[0]!.layerDigests[0]!;
    await rm(blobPath(layout, digest));
    await expectRefused(['--input', layout], `layer ${digest} is missing`);
  });

  it('a docker save whose layer.tar does not hash to its diff ID', async () => {
    const layers = await Promise.all(IMAGE.layers.map((layer) => tarLayer(layer.entries ?? [])));
    const config = Buffer.from(JSON.stringify({ config: IMAGE.config, rootfs: { type: 'layers', diff_ids: layers.map(sha256) } }));
    const configName = `${sha256(config).slice(7)}.json`;
    const tampered = Buffer.from(layers[0]!);
    tampered[tampered.indexOf('zlib1g')] = 0x5a;
    await writeFile(
      join(dir, 'save.tar'),
      await tarLayer([
        { path: 'manifest.json', content: JSON.stringify([{ Config: configName, RepoTags: ['acme/app:v1'], Layers: ['a/layer.tar', 'b/layer.tar'] }]) },
        { path: configName, content: config },
        { path: 'a/layer.tar', content: tampered },
        { path: 'b/layer.tar', content: layers[1]! },
      ]),
    );
    await expectRefused(['--input', 'save.tar'], `digest mismatch for blob ${sha256(layers[0]!)}: expected ${sha256(layers[0]!)}, got ${sha256(tampered)}`);
  });

  it('an authentic layer that cannot be read to its end is an error too, not a warning', async () => {
    const tar = await tarLayer(IMAGE.layers[1]!.entries!);
    const gzip = compressLayer(tar, 'gzip');
    await writeOciLayout(join(dir, 'truncated'), [{ image: { ...IMAGE, layers: [IMAGE.layers[0]!, { blob: gzip.subarray(0, gzip.length - 20), mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip' }] } }]);
    await expectRefused(['--input', 'truncated'], /layer 2 \(sha256:[0-9a-f]{64}\): unexpected end of file/);
  });

  it('more layers than the limit', async () => {
    const layers = Array.from({ length: 257 }, (_, i) => ({ entries: [{ path: `f${i}`, content: String(i) }], compression: 'none' as const }));
    const { images } = await writeOciLayout(join(dir, 'many-layers'), [{ image: { layers } }]);
    await expectRefused(['--input', 'many-layers'], `manifest ${images[0]!.manifestDigest} has 257 layers, over the limit of 256`);
  });

  it('refuses a --timeout without a unit', async () => {
    const result = await runCli(['image', '--input', 'intact', '--timeout', '90'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--timeout must be a positive number with s, m or h (e.g. 90s, 10m), not "90"');
  });
});

describe('registries that serve the wrong bytes, or too slowly', () => {
  let registry: RegistryServer;
  const servers: http.Server[] = [];
  const layerDigest = (): string => intact.images[0]!.layerDigests[1]!;

  /** A front for the real registry that hands the layer's blob to `layer` and forwards everything else. */
  async function front(layer: (response: http.ServerResponse, bytes: Buffer) => void): Promise<string> {
    const server = http.createServer((request, response) => {
      const upstream = http.get({ host: '127.0.0.1', port: registry.port, path: request.url, headers: request.headers }, (answer) => {
        if (!request.url?.endsWith(`/blobs/${layerDigest()}`) || answer.statusCode !== 200) {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => layer(response, Buffer.concat(chunks)));
      });
      upstream.once('error', () => response.destroy());
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    registry = await startRegistry();
    await run('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', `oci:${join(dir, 'intact')}:v1`, `docker://${registry.host}/acme/app:v1`]);
  }, 60_000);
  afterAll(async () => {
    for (const server of servers) server.closeAllConnections(), server.close();
    await registry?.stop();
  });

  it('pulls the intact image cleanly through the front', async () => {
    const host = await front((response, bytes) => void response.writeHead(200, { 'content-length': String(bytes.length) }).end(bytes));
    const scanned = await json(['image', `${host}/acme/app:v1`, '--db', db]);
    expect(scanned.report.errors).toEqual([]);
    expect(scanned.report.vulnerabilities).not.toEqual([]);
  });

  it('a layer blob whose bytes are not the ones its digest names', async () => {
    const host = await front((response, bytes) => {
      const wrong = Buffer.from(bytes);
      wrong[wrong.length - 9] = wrong[wrong.length - 9]! ^ 0xff;
      response.writeHead(200, { 'content-length': String(wrong.length) }).end(wrong);
    });
    await expectRefused([`${host}/acme/app:v1`], new RegExp(`layer 2 \\(${layerDigest()}\\): digest mismatch for layer ${layerDigest()} of ${host}/acme/app:v1: expected ${layerDigest()}, got sha256:`));
  });

  it('a registry trickling a layer one byte at a time fails within --timeout, not after the idle timeout', async () => {
    const host = await front((response, bytes) => {
      response.writeHead(200, { 'content-length': String(bytes.length) });
      let sent = 0;
      const timer = setInterval(() => {
        if (sent >= bytes.length || response.destroyed) return clearInterval(timer);
        response.write(bytes.subarray(sent, ++sent));
      }, 100);
      response.once('close', () => clearInterval(timer));
    });
    const started = Date.now();
    const scanned = await json(['image', `${host}/acme/app:v1`, '--db', db, '--timeout', '2s']);
    expect(scanned.code).toBe(3);
    expect(scanned.report.vulnerabilities).toEqual([]);
    expect(scanned.report.errors.map((error) => error.message)).toEqual([
      `layer 2 (${layerDigest()}): timed out: the image was not read within 2 s (raise it with --timeout)`,
    ]);
    // The layer alone would take minutes at this pace; the bound is generous on purpose.
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 20_000);
});
