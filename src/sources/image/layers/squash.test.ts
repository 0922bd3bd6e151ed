import { describe, expect, it } from 'vitest';
import { extractInventory } from '../../../checks/vulnerabilities/inventory/inventory.js';
import { compressLayer, tarLayer, type TestCompression, type TestEntry } from '../testing/oci-writer.js';
import { memorySource } from '../testing/memory-source.js';
import { imageInventoryFiles } from '../../../pipeline/image-inventory-files.js';
import { resolveSymlinkTarget } from './paths.js';
import { readImageFiles, SquashedFileSystem, type ImageFiles } from './squash.js';
import { walkLayers, type LayerChange, type LayerFile } from './walk.js';

async function layer(entries: TestEntry[], compression: TestCompression = 'gzip'): Promise<{ blob: Uint8Array }> {
  return { blob: compressLayer(await tarLayer(entries), compression) };
}

const everything = (): boolean => true;

function contents(result: ImageFiles): Record<string, string> {
  return Object.fromEntries(result.files.map((file) => [file.path, Buffer.from(file.bytes).toString()]));
}

describe('readImageFiles', () => {
  it('applies whiteouts, opaque directories and overrides across three layers', async () => {
    const source = memorySource([
      await layer([
        { path: 'etc/', directory: true },
        { path: 'etc/keep', content: 'keep' },
        { path: 'etc/gone', content: 'gone' },
        { path: 'etc/override', content: 'v1' },
        { path: 'opt/app/a', content: 'a' },
        { path: 'opt/app/sub/b', content: 'b' },
        { path: 'var/tree/x', content: 'x' },
      ]),
      await layer(
        [
          { path: 'etc/gone', whiteout: true },
          { path: 'etc/override', content: 'v2' },
          // The opaque marker comes after a sibling of the same layer: it must hide lower content only.
          { path: 'opt/app/new', content: 'new' },
          { path: 'opt/app', opaque: true },
        ],
        'zstd',
      ),
      await layer(
        [
          { path: 'etc/override', content: 'v3' },
          { path: 'etc/gone', content: 'back' },
          { path: 'var/tree', whiteout: true },
          { path: 'opt/app/new', whiteout: true },
        ],
        'none',
      ),
    ]);
    const result = await readImageFiles(source, { wanted: everything });
    expect(contents(result)).toEqual({ 'etc/keep': 'keep', 'etc/override': 'v3', 'etc/gone': 'back' });
    expect(result.files.find((file) => file.path === 'etc/override')?.layer.index).toBe(2);
    expect(result.files.find((file) => file.path === 'etc/keep')?.layer.digest).toBe(source.layers[0]?.digest);
    expect(result.warnings).toEqual([]);
  });

  it('keeps only wanted files and still applies deletions from unwanted entries', async () => {
    const source = memorySource([
      await layer([
        { path: 'app/config', content: 'x' },
        { path: 'app/big', content: 'y'.repeat(1000) },
        { path: 'lib', symlink: 'usr/lib' },
      ]),
      // A directory replacing a file, and a file replacing a directory's content.
      await layer([{ path: 'app/config/', directory: true }, { path: 'lib/libc.so', content: 'elf' }]),
    ]);
    const seen: string[] = [];
    const result = await readImageFiles(source, {
      wanted: (path, size) => {
        seen.push(path);
        return size < 100;
      },
    });
    expect(contents(result)).toEqual({ 'lib/libc.so': 'elf' });
    expect(result.symlinks).toEqual([]);
    expect(seen).toContain('app/big');
  });

  it('normalises paths and skips traversal entries with a warning', async () => {
    const source = memorySource([
      await layer([
        { path: './etc/dot', content: 'dot' },
        { path: '/etc/absolute', content: 'abs' },
        { path: 'etc//double', content: 'double' },
        { path: `long/${'n'.repeat(250)}`, content: 'pax' },
        { path: '../escape', content: 'no' },
        { path: 'etc/../../escape2', content: 'no' },
      ]),
    ]);
    const result = await readImageFiles(source, { wanted: everything });
    expect(contents(result)).toEqual({ 'etc/dot': 'dot', 'etc/absolute': 'abs', 'etc/double': 'double', [`long/${'n'.repeat(250)}`]: 'pax' });
    expect(result.warnings.map((warning) => warning.path)).toEqual(['../escape', 'etc/../../escape2']);
    expect(result.warnings[0]?.message).toMatch(/climbs out of the image root/);
  });

  it('records symlinks without following them, even when they escape the root', async () => {
    const source = memorySource([
      await layer([
        { path: 'etc/passwd-link', symlink: '../../../../etc/passwd' },
        { path: 'etc/os-release', symlink: '../usr/lib/os-release' },
        { path: 'usr/lib/os-release', content: 'ID=debian\n' },
      ]),
    ]);
    const result = await readImageFiles(source, { wanted: everything });
    expect(contents(result)).toEqual({ 'usr/lib/os-release': 'ID=debian\n' });
    expect(result.symlinks.map(({ path, target }) => ({ path, target }))).toEqual([
      { path: 'etc/os-release', target: '../usr/lib/os-release' },
      { path: 'etc/passwd-link', target: '../../../../etc/passwd' },
    ]);
    expect(resolveSymlinkTarget('etc/passwd-link', '../../../../etc/passwd')).toBe('etc/passwd');
    expect(resolveSymlinkTarget('etc/os-release', '../usr/lib/os-release')).toBe('usr/lib/os-release');
    expect(resolveSymlinkTarget('a/b', '/x/./y')).toBe('x/y');
  });

  it('serves a hardlink the content of its target in the same layer', async () => {
    const source = memorySource([
      await layer([
        { path: 'usr/bin/perl5', content: 'perl' },
        { path: 'usr/bin/perl', hardlink: 'usr/bin/perl5' },
        { path: 'usr/bin/orphan', hardlink: 'usr/bin/missing' },
      ]),
    ]);
    const result = await readImageFiles(source, { wanted: everything });
    expect(contents(result)).toEqual({ 'usr/bin/perl': 'perl', 'usr/bin/perl5': 'perl' });
    expect(result.warnings.map((warning) => warning.path)).toEqual(['usr/bin/orphan']);
  });

  // A layer's bytes are only verified at its end, so a layer that stops half way fails the whole read.
  it('fails on a truncated gzip layer, naming it by digest', async () => {
    const good = await layer([{ path: 'a', content: 'a' }]);
    const truncated = await layer([{ path: 'b', content: 'b'.repeat(5000) }]);
    const source = memorySource([good, { blob: truncated.blob.subarray(0, truncated.blob.length - 30) }, await layer([{ path: 'c', content: 'c' }])]);
    await expect(readImageFiles(source, { wanted: everything })).rejects.toThrow(new RegExp(`layer 2 \\(${source.layers[1]!.digest}\\): .*unexpected end of file`));
  });

  it('fails on a corrupt tar layer', async () => {
    const tar = await tarLayer([{ path: 'x', content: 'x' }]);
    tar.fill(0x41, 0, 200);
    const source = memorySource([{ blob: tar }, await layer([{ path: 'y', content: 'y' }])]);
    await expect(readImageFiles(source, { wanted: everything })).rejects.toThrow(source.layers[0]!.digest);
  });

  it('fails on data after the end of a gzip stream', async () => {
    const gzipped = await layer([{ path: 'x', content: 'x' }]);
    const source = memorySource([{ blob: Buffer.concat([gzipped.blob, Buffer.alloc(4096, 0x41)]) }]);
    await expect(readImageFiles(source, { wanted: everything })).rejects.toThrow(/layer 1 .*incorrect header check/);
  });

  it('aborts a decompression bomb layer quickly at the configured limit, failing the read', async () => {
    const bomb = await layer([{ path: 'zeros', content: Buffer.alloc(48 * 1024 * 1024) }]);
    expect(bomb.blob.length).toBeLessThan(100 * 1024);
    await expect(readImageFiles(memorySource([bomb]), { wanted: () => false, limits: { maxDecompressedBytes: 1024 * 1024 } })).rejects.toThrow(
      /layer 1 .*exceeds the limit of 1048576 bytes/,
    );
  });

  it('enforces entry count, per-file and kept-bytes limits', async () => {
    const many = await layer(Array.from({ length: 20 }, (_, i) => ({ path: `f${i}`, content: 'x' })));
    await expect(readImageFiles(memorySource([many]), { wanted: everything, limits: { maxEntries: 10 } })).rejects.toThrow(/more than 10 entries/);

    const big = await layer([{ path: 'big', content: 'x'.repeat(2000) }, { path: 'small', content: 'y' }]);
    const perFile = await readImageFiles(memorySource([big]), { wanted: everything, limits: { maxFileSize: 1000 } });
    expect(contents(perFile)).toEqual({ small: 'y' });
    expect(perFile.warnings[0]?.message).toMatch(/big: 2000 bytes is over the per-file limit/);

    const kept = await readImageFiles(memorySource([big]), { wanted: everything, limits: { maxKeptBytes: 1500 } });
    expect(contents(kept)).toEqual({ small: 'y' });
  });
});

describe('walkLayers', () => {
  it('shows files later deleted, and read() only works during the callback', async () => {
    const source = memorySource([
      await layer([{ path: 'secret.env', content: 'TOKEN=1' }, { path: 'dir/', directory: true }]),
      await layer([{ path: 'secret.env', whiteout: true }]),
    ]);
    const files: LayerFile[] = [];
    const changes: LayerChange['kind'][] = [];
    const ends: number[] = [];
    let content = '';
    await walkLayers(source, {
      file: async (file) => {
        files.push(file);
        content = Buffer.from(await file.read()).toString();
      },
      change: (change) => void changes.push(change.kind),
      layerEnd: (layer) => void ends.push(layer.index),
    });
    expect(files.map((file) => [file.path, file.layer.index, file.size])).toEqual([['secret.env', 0, 7]]);
    expect(content).toBe('TOKEN=1');
    expect(changes).toEqual(['directory', 'whiteout']);
    expect(ends).toEqual([0, 1]);
    await expect(files[0]!.read()).rejects.toThrow(/after the visitor returned/);
  });
});

describe('imageInventoryFiles', () => {
  it('lets extractInventory find OS packages in an image, with the layer they came from', async () => {
    const dpkgStatus = [
      'Package: libssl3',
      'Status: install ok installed',
      'Architecture: amd64',
      'Source: openssl',
      'Version: 3.0.11-1~deb12u2',
      '',
      '',
    ].join('\n');
    const source = memorySource([
      await layer([{ path: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' }]),
      await layer([{ path: 'var/lib/dpkg/status', content: dpkgStatus }]),
    ]);
    const { files } = await readImageFiles(source, { wanted: (path) => path === 'etc/os-release' || path === 'var/lib/dpkg/status' });
    const inventory = await extractInventory(imageInventoryFiles(files));
    expect(inventory.os?.id).toBe('debian');
    const libssl = inventory.packages.find((pkg) => pkg.name === 'libssl3');
    expect(libssl?.version).toBe('3.0.11-1~deb12u2');
    expect(libssl?.ecosystem).toBe('Debian:12');
    const origin = files.find((file) => file.path === libssl?.file);
    expect(origin?.layer.digest).toBe(source.layers[1]!.digest);
  });
});

describe('SquashedFileSystem: the one whiteout and opaque-directory implementation', () => {
  const ref = (index: number) => ({ index, digest: `sha256:${index}` });

  it('hides lower layers only, never the layer that deletes', () => {
    const fs = new SquashedFileSystem<string>();
    fs.put('etc/a', 'a1');
    fs.put('opt/app/x', 'x1');
    fs.layerEnd();
    fs.put('opt/app/y', 'y2');
    fs.change({ kind: 'opaque', path: 'opt/app', layer: ref(1) });
    fs.change({ kind: 'whiteout', path: 'etc/a', layer: ref(1) });
    fs.layerEnd();
    expect(Object.fromEntries(fs.entries())).toEqual({ 'opt/app/y': 'y2' });
  });

  it('a non-directory replacing a directory hides what was inside it, and a file without a value hides the path', () => {
    const fs = new SquashedFileSystem<string>();
    fs.put('srv/conf/key', 'secret');
    fs.put('srv/other', 'kept');
    fs.layerEnd();
    fs.change({ kind: 'symlink', path: 'srv/conf', target: '/tmp', layer: ref(1) });
    fs.put('srv/other');
    fs.layerEnd();
    expect(fs.get('srv/conf/key')).toBeUndefined();
    expect(fs.get('srv/other')).toBeUndefined();
  });

  it('weighs what it holds, for limits', () => {
    const fs = new SquashedFileSystem<string>((value) => value.length);
    fs.put('a', 'abc');
    fs.layerEnd();
    fs.put('b', 'de');
    expect(fs.weight).toBe(5);
    fs.put('a');
    expect(fs.weight).toBe(2);
  });
});
