import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImageFiles, type ImageFiles } from '../layers/squash.js';
import { tarLayer, writeOciLayout, type TestEntry, type TestImage, type WrittenLayout } from '../testing/oci-writer.js';
import type { ImageSource } from '../types.js';
import { ImageIntegrityError } from '../integrity.js';
import { openImageArchive } from './open.js';

const run = promisify(execFile);
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'rampart-archive-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function fresh(name: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

async function readAll(source: ImageSource): Promise<ImageFiles> {
  try {
    return await readImageFiles(source, { wanted: () => true });
  } finally {
    await source.close();
  }
}

function texts(result: ImageFiles): Record<string, string> {
  return Object.fromEntries(result.files.map((file) => [file.path, Buffer.from(file.bytes).toString()]));
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function filesUnder(dir: string): Promise<TestEntry[]> {
  const entries: TestEntry[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    entries.push({ path: relative(dir, path), content: await readFile(path) });
  }
  return entries;
}

const appImage: TestImage = {
  layers: [
    { entries: [{ path: 'etc/os-release', content: 'ID=debian\n' }, { path: 'app/old', content: 'old' }], createdBy: '/bin/sh -c #(nop) ADD file:1 in /' },
    { entries: [{ path: 'app/old', whiteout: true }, { path: 'app/new', content: 'new' }], compression: 'none', createdBy: 'RUN /bin/sh -c make # buildkit' },
  ],
};

describe('OCI image layout', () => {
  let dir: string;
  let written: WrittenLayout;

  beforeAll(async () => {
    dir = await fresh('layout');
    written = await writeOciLayout(dir, [
      { ref: 'v1', image: appImage },
      { ref: 'v2', image: { layers: [{ entries: [{ path: 'v2', content: '2' }], compression: 'zstd' }] } },
    ]);
  });

  it('opens the image picked by tag, with history and diff IDs on the layers', async () => {
    const source = await openImageArchive(`${dir}:v1`);
    expect(source.reference).toBe(`oci:${dir}:v1`);
    expect(source.manifestDigest).toBe(written.images[0]!.manifestDigest);
    expect(source.configDigest).toBe(written.images[0]!.configDigest);
    expect(source.layers.map((layer) => [layer.digest, layer.diffId, layer.createdBy])).toEqual([
      [written.images[0]!.layerDigests[0], written.images[0]!.diffIds[0], 'ADD file:1 in /'],
      [written.images[0]!.layerDigests[1], written.images[0]!.diffIds[1], 'RUN make'],
    ]);
    const result = await readAll(source);
    expect(texts(result)).toEqual({ 'app/new': 'new', 'etc/os-release': 'ID=debian\n' });
    expect(result.files[0]?.layer).toEqual({ index: 1, digest: written.images[0]!.layerDigests[1], diffId: written.images[0]!.diffIds[1], createdBy: 'RUN make' });
  });

  it('selects by the ref option, defaults to the first image and lists tags when one is missing', async () => {
    expect(texts(await readAll(await openImageArchive(dir, { ref: 'v2' })))).toEqual({ v2: '2' });
    expect((await openImageArchive(dir)).manifestDigest).toBe(written.images[0]!.manifestDigest);
    await expect(openImageArchive(`${dir}:v9`)).rejects.toThrow(/no image tagged v9 \(available: v1, v2\)/);
  });

  it('fails the whole read on a tampered layer blob, naming its digest, expected and actual', async () => {
    const copy = await fresh('tampered-layer');
    const layout = await writeOciLayout(copy, [{ image: appImage }]);
    const digest = layout.images[0]!.layerDigests[1]!;
    const path = join(copy, 'blobs', 'sha256', digest.slice(7));
    const bytes = await readFile(path);
    // Inside a file's content, so the tar still parses and only the digest check can notice.
    bytes[bytes.lastIndexOf('new')] = 0x4e;
    await writeFile(path, bytes);
    await expect(readAll(await openImageArchive(copy))).rejects.toThrow(
      `layer 2 (${digest}): digest mismatch for blob ${digest}: expected ${digest}, got sha256:${sha256(bytes)}`,
    );
  });

  it('refuses a layout whose layer blob is missing or of the wrong size before reading anything', async () => {
    const copy = await fresh('missing-layer');
    const [first, second] = (await writeOciLayout(copy, [{ image: appImage }])).images[0]!.layerDigests;
    await rm(join(copy, 'blobs', 'sha256', second!.slice(7)));
    await expect(openImageArchive(copy)).rejects.toThrow(`layer ${second} is missing from ${copy}`);
    await writeFile(join(copy, 'blobs', 'sha256', first!.slice(7)), 'short');
    await expect(openImageArchive(copy)).rejects.toThrow(`layer ${first} is 5 bytes, but its descriptor declares`);
    await expect(openImageArchive(copy)).rejects.toThrow(ImageIntegrityError);
  });

  it('refuses a tampered config and digests that are paths', async () => {
    const copy = await fresh('tampered-config');
    const layout = await writeOciLayout(copy, [{ image: appImage }]);
    const config = join(copy, 'blobs', 'sha256', layout.images[0]!.configDigest.slice(7));
    await writeFile(config, (await readFile(config, 'utf8')).replace('amd64', 'arm64'));
    await expect(openImageArchive(copy)).rejects.toThrow(`digest mismatch for blob ${layout.images[0]!.configDigest}: expected ${layout.images[0]!.configDigest}, got sha256:`);
    await rm(config);
    await expect(openImageArchive(copy)).rejects.toThrow(`config ${layout.images[0]!.configDigest} is missing`);

    const index = JSON.parse(await readFile(join(copy, 'index.json'), 'utf8'));
    index.manifests[0].digest = 'sha256:../../../../etc/passwd';
    await writeFile(join(copy, 'index.json'), JSON.stringify(index));
    await expect(openImageArchive(copy)).rejects.toThrow(/invalid digest/);
  });

  it('refuses blobs that are symlinks out of the layout', async () => {
    const copy = await fresh('symlinked');
    const layout = await writeOciLayout(copy, [{ image: appImage }]);
    const manifest = join(copy, 'blobs', 'sha256', layout.images[0]!.manifestDigest.slice(7));
    await rm(manifest);
    const { symlink } = await import('node:fs/promises');
    await symlink('/etc/hostname', manifest);
    await expect(openImageArchive(copy)).rejects.toThrow(/resolves outside the directory/);
  });
});

describe('multi-platform index', () => {
  let dir: string;
  let written: WrittenLayout;
  const platformImage = (architecture: string, variant?: string): TestImage => ({
    platform: variant === undefined ? { os: 'linux', architecture } : { os: 'linux', architecture, variant },
    layers: [{ entries: [{ path: 'arch', content: `${architecture}${variant ?? ''}` }] }],
  });

  beforeAll(async () => {
    dir = await fresh('multi');
    written = await writeOciLayout(dir, [
      { ref: 'latest', platforms: [platformImage('arm', 'v7'), platformImage('arm64', 'v8'), platformImage('amd64')] },
    ]);
  });

  it('picks linux/amd64 by default, and the requested platform otherwise', async () => {
    const amd64 = await openImageArchive(`${dir}:latest`);
    expect(amd64.manifestDigest).toBe(written.images[2]!.manifestDigest);
    expect(texts(await readAll(amd64))).toEqual({ arch: 'amd64' });
    expect(texts(await readAll(await openImageArchive(dir, { platform: { os: 'linux', architecture: 'arm64' } })))).toEqual({ arch: 'arm64v8' });
    expect(texts(await readAll(await openImageArchive(dir, { platform: { os: 'linux', architecture: 'arm', variant: 'v7' } })))).toEqual({ arch: 'armv7' });
  });

  it('names the available platforms when none matches', async () => {
    await expect(openImageArchive(dir, { platform: { os: 'linux', architecture: 's390x' } })).rejects.toThrow(
      /no manifest for linux\/s390x \(available: linux\/arm\/v7, linux\/arm64\/v8, linux\/amd64\)/,
    );
  });
});

describe('docker save archives', () => {
  it('reads a legacy two-image tarball with linked layers, picking by tag or position', async () => {
    const dir = await fresh('legacy-save');
    const base = await tarLayer([{ path: 'etc/os-release', content: 'ID=alpine\n' }]);
    const top = await tarLayer([{ path: 'app', content: 'two' }]);
    const config = (diffIds: string[]): Buffer => Buffer.from(JSON.stringify({ os: 'linux', architecture: 'amd64', rootfs: { type: 'layers', diff_ids: diffIds } }));
    const one = config([`sha256:${sha256(base)}`]);
    const two = config([`sha256:${sha256(base)}`, `sha256:${sha256(top)}`]);
    const manifest = [
      { Config: `${sha256(one)}.json`, RepoTags: ['example/one:1'], Layers: ['aaa/layer.tar'] },
      { Config: `${sha256(two)}.json`, RepoTags: ['docker.io/library/two:2'], Layers: ['bbb/layer.tar', 'ccc/layer.tar'] },
    ];
    const archive = join(dir, 'save.tar');
    await writeFile(
      archive,
      await tarLayer([
        { path: 'manifest.json', content: JSON.stringify(manifest) },
        { path: `${sha256(one)}.json`, content: one },
        { path: `${sha256(two)}.json`, content: two },
        { path: 'aaa/layer.tar', content: base },
        { path: 'bbb/layer.tar', symlink: '../aaa/layer.tar' },
        { path: 'ccc/layer.tar', content: top },
      ]),
    );
    const first = await openImageArchive(archive);
    expect(first.reference).toBe(`docker-archive:${archive}`);
    expect(first.configDigest).toBe(`sha256:${sha256(one)}`);
    expect(texts(await readAll(first))).toEqual({ 'etc/os-release': 'ID=alpine\n' });
    expect(texts(await readAll(await openImageArchive(`${archive}:two:2`)))).toEqual({ app: 'two', 'etc/os-release': 'ID=alpine\n' });
    expect((await openImageArchive(`${archive}:@1`)).layers).toHaveLength(2);
    await expect(openImageArchive(`${archive}:three:3`)).rejects.toThrow(/available: example\/one:1, docker.io\/library\/two:2/);
  });

  it('reads the OCI-in-docker-save layout of Docker 25+', async () => {
    const dir = await fresh('docker25');
    const layout = join(dir, 'layout');
    await mkdir(layout);
    const { images } = await writeOciLayout(layout, [{ ref: 'v1', image: appImage }]);
    const manifest = [{ Config: `blobs/sha256/${images[0]!.configDigest.slice(7)}`, RepoTags: ['app:v1'], Layers: images[0]!.layerDigests.map((digest) => `blobs/sha256/${digest.slice(7)}`) }];
    const archive = join(dir, 'save.tar');
    await writeFile(archive, await tarLayer([...(await filesUnder(layout)), { path: 'manifest.json', content: JSON.stringify(manifest) }]));
    const source = await openImageArchive(archive);
    expect(source.layers.map((layer) => layer.digest)).toEqual(images[0]!.layerDigests);
    expect(texts(await readAll(source))).toEqual({ 'app/new': 'new', 'etc/os-release': 'ID=debian\n' });
  });

  it('fails on a layer that does not match its diff ID', async () => {
    const dir = await fresh('bad-diffid');
    const layer = await tarLayer([{ path: 'x', content: 'x' }]);
    const config = Buffer.from(JSON.stringify({ rootfs: { type: 'layers', diff_ids: [`sha256:${'0'.repeat(64)}`] } }));
    const archive = join(dir, 'save.tar');
    await writeFile(
      archive,
      await tarLayer([
        { path: 'manifest.json', content: JSON.stringify([{ Config: 'config.json', RepoTags: [], Layers: ['l/layer.tar'] }]) },
        { path: 'config.json', content: config },
        { path: 'l/layer.tar', content: layer },
      ]),
    );
    await expect(readAll(await openImageArchive(archive))).rejects.toThrow(
      `digest mismatch for blob sha256:${'0'.repeat(64)}: expected sha256:${'0'.repeat(64)}, got sha256:${sha256(layer)}`,
    );
  });
});

describe('archives made by skopeo', () => {
  let dir: string;
  let written: WrittenLayout;
  let previousTmp: string | undefined;
  let watchedTmp: string;

  beforeAll(async () => {
    dir = await fresh('skopeo');
    const layout = join(dir, 'layout');
    await mkdir(layout);
    // skopeo refuses zstd layers in docker archives, so this image uses gzip and plain tar.
    written = await writeOciLayout(layout, [{ ref: 'v1', image: appImage }]);
    await run('skopeo', ['--insecure-policy', 'copy', '-q', `oci:${layout}:v1`, `docker-archive:${join(dir, 'docker.tar')}:example/app:v1`]);
    await run('skopeo', ['--insecure-policy', 'copy', '-q', `oci:${layout}:v1`, `oci-archive:${join(dir, 'oci.tar')}:v1`]);
    watchedTmp = await fresh('watched-tmp');
    previousTmp = process.env.TMPDIR;
  });
  afterAll(() => {
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
  });

  async function readWithoutTempFiles(path: string): Promise<ImageFiles> {
    process.env.TMPDIR = watchedTmp;
    const before = await readdir(dir);
    try {
      return await readAll(await openImageArchive(path));
    } finally {
      process.env.TMPDIR = previousTmp ?? '';
      if (previousTmp === undefined) delete process.env.TMPDIR;
      expect(await readdir(watchedTmp)).toEqual([]);
      expect(await readdir(dir)).toEqual(before);
    }
  }

  it('reads a docker-archive in place', async () => {
    const result = await readWithoutTempFiles(join(dir, 'docker.tar'));
    expect(texts(result)).toEqual({ 'app/new': 'new', 'etc/os-release': 'ID=debian\n' });
    expect(result.files.find((file) => file.path === 'app/new')?.layer.diffId).toBe(written.images[0]!.diffIds[1]);
    expect(result.warnings).toEqual([]);
  });

  it('reads an oci-archive in place, picked by tag', async () => {
    const source = await openImageArchive(`${join(dir, 'oci.tar')}:v1`);
    expect(source.reference).toBe(`oci-archive:${join(dir, 'oci.tar')}:v1`);
    expect(source.layers.map((layer) => layer.createdBy)).toEqual(['ADD file:1 in /', 'RUN make']);
    await source.close();
    const result = await readWithoutTempFiles(join(dir, 'oci.tar'));
    expect(texts(result)).toEqual({ 'app/new': 'new', 'etc/os-release': 'ID=debian\n' });
  });
});

describe('openImageArchive errors', () => {
  it('explains what it cannot open', async () => {
    const dir = await fresh('errors');
    await writeFile(join(dir, 'notes.txt'), 'not an image '.repeat(100));
    await expect(openImageArchive(join(dir, 'notes.txt'))).rejects.toThrow(/not a tar archive/);
    await writeFile(join(dir, 'image.tar.gz'), gzipSync(await tarLayer([{ path: 'manifest.json', content: '[]' }])));
    await expect(openImageArchive(join(dir, 'image.tar.gz'))).rejects.toThrow(/compressed file; decompress it first/);
    await writeFile(join(dir, 'other.tar'), await tarLayer([{ path: 'readme', content: 'hi' }]));
    await expect(openImageArchive(join(dir, 'other.tar'))).rejects.toThrow(/neither a docker save .* nor an OCI archive/);
    await expect(openImageArchive(join(dir, 'missing.tar:tag'))).rejects.toThrow(/no such file or directory/);
    const empty = await fresh('errors/empty-dir');
    await expect(openImageArchive(empty)).rejects.toThrow(/not an OCI image layout/);
    await writeFile(join(dir, 'bad-manifest.tar'), await tarLayer([{ path: 'manifest.json', content: '{"not": "a list"' }]));
    await expect(openImageArchive(join(dir, 'bad-manifest.tar'))).rejects.toThrow(/manifest.json: not valid JSON/);
    await writeFile(join(dir, 'escape.tar'), await tarLayer([{ path: 'manifest.json', content: JSON.stringify([{ Config: '../../etc/passwd', Layers: [] }]) }]));
    await expect(openImageArchive(join(dir, 'escape.tar'))).rejects.toThrow(/leaves the archive/);
  });
});

describe('limits on what a manifest may ask for', () => {
  const oneFileLayer = (i: number) => ({ entries: [{ path: `f${i}`, content: String(i) }], compression: 'none' as const });

  it('refuses an image with more layers than the limit (256 by default) before reading any', async () => {
    const dir = await fresh('many-layers');
    const { images } = await writeOciLayout(dir, [{ image: { layers: Array.from({ length: 257 }, (_, i) => oneFileLayer(i)) } }]);
    await expect(openImageArchive(dir)).rejects.toThrow(`manifest ${images[0]!.manifestDigest} has 257 layers, over the limit of 256`);
    await expect(openImageArchive(dir, { limits: { maxLayers: 300 } })).resolves.toBeDefined();

    const archive = join(dir, 'save.tar');
    const layers = await Promise.all([0, 1, 2].map((i) => tarLayer(oneFileLayer(i).entries)));
    const config = Buffer.from(JSON.stringify({ rootfs: { type: 'layers', diff_ids: layers.map((layer) => `sha256:${sha256(layer)}`) } }));
    await writeFile(
      archive,
      await tarLayer([
        { path: 'manifest.json', content: JSON.stringify([{ Config: `${sha256(config)}.json`, RepoTags: ['x:1'], Layers: layers.map((_, i) => `${i}/layer.tar`) }]) },
        { path: `${sha256(config)}.json`, content: config },
        ...layers.map((layer, i) => ({ path: `${i}/layer.tar`, content: layer })),
      ]),
    );
    await expect(openImageArchive(archive, { limits: { maxLayers: 2 } })).rejects.toThrow(`docker-archive:${archive} has 3 layers, over the limit of 2`);
  });

  it('refuses a manifest over 4 MiB and an index with too many entries', async () => {
    const dir = await fresh('big-manifest');
    const { images } = await writeOciLayout(dir, [{ image: appImage }]);
    const manifestPath = join(dir, 'blobs', 'sha256', images[0]!.manifestDigest.slice(7));
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    manifest.annotations = { padding: 'x'.repeat(4 * 1024 * 1024) };
    const bytes = Buffer.from(JSON.stringify(manifest));
    await writeFile(join(dir, 'blobs', 'sha256', sha256(bytes)), bytes);
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8'));
    index.manifests[0] = { ...index.manifests[0], digest: `sha256:${sha256(bytes)}`, size: bytes.length };
    await writeFile(join(dir, 'index.json'), JSON.stringify(index));
    await expect(openImageArchive(dir)).rejects.toThrow(`manifest sha256:${sha256(bytes)}: ${bytes.length} bytes is over the 4194304-byte limit`);

    const multi = await fresh('wide-index');
    await writeOciLayout(multi, [{ platforms: ['amd64', 'arm64', 's390x'].map((architecture) => ({ platform: { os: 'linux', architecture }, layers: [oneFileLayer(0)] })) }]);
    await expect(openImageArchive(multi, { limits: { maxIndexEntries: 2 } })).rejects.toThrow(/lists 3 manifests, over the limit of 2/);
  });
});
