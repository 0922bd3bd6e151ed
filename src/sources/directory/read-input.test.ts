import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { makeTree, type TempTree } from '../../testing/tree.js';
import { readInBatches, readOtherFile, readRegularFile, readTextFile } from './read-input.js';

let tree: TempTree | undefined;
afterEach(async () => tree?.cleanup());

describe('readTextFile', () => {
  it('reads UTF-8 text', async () => {
    tree = await makeTree({ 'a.yaml': 'name: café\n' });
    expect(await readTextFile(tree.path('a.yaml'), 'a.yaml', 1024)).toEqual({ ok: true, text: 'name: café\n' });
  });

  it('reads ASCII as it is, and drops a UTF-8 byte order mark (the two decodings it takes)', async () => {
    tree = await makeTree({ 'ascii.yaml': 'kind: Pod\r\n\tname: a~\x7f\n', 'bom.yaml': '\ufeffkind: Pod\n' });
    expect(await readTextFile(tree.path('ascii.yaml'), 'ascii.yaml', 1024)).toEqual({ ok: true, text: 'kind: Pod\r\n\tname: a~\x7f\n' });
    expect(await readTextFile(tree.path('bom.yaml'), 'bom.yaml', 1024)).toEqual({ ok: true, text: 'kind: Pod\n' });
  });

  it('refuses files over the limit without reading them', async () => {
    tree = await makeTree({ 'big.yaml': 'x'.repeat(2048) });
    const result = await readTextFile(tree.path('big.yaml'), 'big.yaml', 1024);
    expect(result).toEqual({ ok: false, error: { file: 'big.yaml', message: 'file is 2.0 KiB, over the 1.0 KiB limit (raise --max-file-size to scan it)' } });
  });

  it('refuses binary content and reports invalid UTF-8 with its line', async () => {
    tree = await makeTree({ 'bin.yaml': Buffer.from([0x6b, 0x00, 0x01]), 'latin1.yaml': Buffer.from('a: 1\nb: caf\xe9\n', 'latin1') });
    expect(await readTextFile(tree.path('bin.yaml'), 'bin.yaml', 1024)).toEqual({ ok: false, error: { file: 'bin.yaml', message: 'binary content (NUL byte), not scanned' } });
    expect(await readTextFile(tree.path('latin1.yaml'), 'latin1.yaml', 1024)).toEqual({
      ok: false,
      error: { file: 'latin1.yaml', line: 2, message: 'not valid UTF-8 text, not scanned' },
    });
  });

  it('reports unreadable files', async () => {
    tree = await makeTree({ 'dir.yaml/x': '' });
    const result = await readTextFile(tree.path('dir.yaml'), 'dir.yaml', 1024);
    expect(result).toEqual({ ok: false, error: { file: 'dir.yaml', message: 'not a regular file' } });
  });
});

describe('readOtherFile', () => {
  it('reads text past the sniffed head whole, passes over binary content quietly, and warns about oversized files', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { readOtherFile } = await import('./read-input.js');
    const dir = await mkdtemp(join(tmpdir(), 'rampart-read-other-'));
    try {
      const text = `${'x = 1\n'.repeat(5000)}last line\n`;
      await writeFile(join(dir, 'big.txt'), text);
      await writeFile(join(dir, 'image.png'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), Buffer.from('password=hunter2')]));
      // Latin-1, not UTF-8: a few invalid bytes in text are decoded leniently, not taken for binary.
      await writeFile(join(dir, 'latin1.txt'), Buffer.from('menu: the café serves crème brûlée on weekdays\n', 'latin1'));
      expect(await readOtherFile(join(dir, 'big.txt'), 'big.txt', 1 << 20)).toEqual({ ok: true, text });
      expect(await readOtherFile(join(dir, 'image.png'), 'image.png', 1 << 20)).toBeUndefined();
      expect(await readOtherFile(join(dir, 'latin1.txt'), 'latin1.txt', 1 << 20)).toEqual({ ok: true, text: 'menu: the caf\uFFFD serves cr\uFFFDme br\uFFFDl\uFFFDe on weekdays\n' });
      const oversized = await readOtherFile(join(dir, 'big.txt'), 'big.txt', 1000);
      expect(oversized).toMatchObject({ ok: false, error: { file: 'big.txt', level: 'warning' } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('reading never blocks on what the walk did not expect', () => {
  it('refuses a FIFO without waiting for a writer (one swapped in after the walk looked)', async () => {
    tree = await makeTree({});
    await promisify(execFile)('mkfifo', [tree.path('pod.yaml')]);
    expect(await readTextFile(tree.path('pod.yaml'), 'pod.yaml', 1024)).toEqual({ ok: false, error: { file: 'pod.yaml', message: 'not a regular file' } });
    expect(await readOtherFile(tree.path('pod.yaml'), 'pod.yaml', 1024)).toBeUndefined();
    await expect(readRegularFile(tree.path('pod.yaml'), 1024)).rejects.toThrow('not a regular file');
  });

  it('reads a regular file up to its limit', async () => {
    tree = await makeTree({ 'a.lock': 'abc' });
    expect((await readRegularFile(tree.path('a.lock'), 3)).toString()).toBe('abc');
    await expect(readRegularFile(tree.path('a.lock'), 2)).rejects.toThrow('file is 3 B, over the 2 B limit');
  });

  it.runIf(process.platform === 'linux')('reads past the size fstat reports, still within the limit (/proc files report 0)', async () => {
    const status = (await readRegularFile('/proc/self/status', 1024 * 1024)).toString();
    expect(status).toMatch(/^Name:/);
    expect(status).toContain('\nPid:');
    expect(await readTextFile('/proc/self/status', 'status', 1024 * 1024)).toEqual({ ok: true, text: expect.stringMatching(/^Name:/) });
    await expect(readRegularFile('/proc/self/status', 16)).rejects.toThrow(/over the 16 B limit/);
  });

  it('reads a file larger than the first chunk whole', async () => {
    const text = 'key: value\n'.repeat(50_000);
    tree = await makeTree({ 'big.yaml': text });
    expect(await readTextFile(tree.path('big.yaml'), 'big.yaml', 1024 * 1024)).toEqual({ ok: true, text });
  });
});

describe('reading many files', () => {
  it('reads texts past the first read whole, and gives each text its own characters though one buffer is reused', async () => {
    const long = `${'const value = 1;\n'.repeat(6000)}// the last line\n`;
    const binary = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1]), Buffer.alloc(200_000, 0x41)]);
    tree = await makeTree({ 'a.js': long, 'b.js': 'short = "text"\n', 'c.bin': binary, 'd.txt': 'naïve café\n' });
    const names = ['a.js', 'b.js', 'c.bin', 'd.txt'];
    const read: Array<{ item: string; read: unknown }> = [];
    for await (const result of readInBatches(names, (name) => readOtherFile(tree!.path(name), name, 1 << 20))) read.push(result);
    expect(read).toEqual([
      { item: 'a.js', read: { ok: true, text: long } },
      { item: 'b.js', read: { ok: true, text: 'short = "text"\n' } },
      { item: 'c.bin', read: undefined },
      { item: 'd.txt', read: { ok: true, text: 'naïve café\n' } },
    ]);
  });

  it('lets other work run between batches', async () => {
    const files = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`f${i}.txt`, `line ${i}\n`]));
    tree = await makeTree(files);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    let count = 0;
    try {
      for await (const { read } of readInBatches(Object.keys(files), (name) => readOtherFile(tree!.path(name), name, 1024))) if (read?.ok) count++;
    } finally {
      clearInterval(timer);
    }
    expect(count).toBe(600);
    expect(ticks).toBeGreaterThan(0);
  });
});

describe('reading a file the walk listed, after the tree changed', () => {
  const OUTSIDE = 'resolves outside the scanned directory since the walk listed it (a directory or the file was replaced by a symbolic link), not read';

  it.runIf(process.platform === 'linux')('refuses a file whose directory, or itself, became a link out of the walked directory', async () => {
    const { realpath, rename, symlink } = await import('node:fs/promises');
    const { join } = await import('node:path');
    tree = await makeTree({
      'root/app/a.yaml': 'kind: Pod\n',
      'root/linked.yaml': { symlink: 'app/a.yaml' },
      'root/b.yaml': 'kind: Service\n',
      'outside/app/a.yaml': 'password: hunter2\n',
      'outside/b.yaml': 'token: hunter2\n',
    });
    const root = await realpath(tree.path('root'));
    const path = (name: string) => join(root, name);
    // As the walk left them: read, a link to a file inside the directory too.
    expect(readTextFile(path('app/a.yaml'), 'app/a.yaml', 1024, root)).toEqual({ ok: true, text: 'kind: Pod\n' });
    expect(readOtherFile(path('linked.yaml'), 'linked.yaml', 1024, root)).toEqual({ ok: true, text: 'kind: Pod\n' });
    // The directory on the way, then the file itself, replaced by links out of it.
    await rename(path('app'), path('app.old'));
    await symlink(tree.path('outside/app'), path('app'));
    await rename(path('b.yaml'), path('b.old'));
    await symlink(tree.path('outside/b.yaml'), path('b.yaml'));
    for (const name of ['app/a.yaml', 'b.yaml', 'linked.yaml']) {
      expect(readTextFile(path(name), name, 1024, root)).toEqual({ ok: false, error: { file: name, message: OUTSIDE } });
      expect(readOtherFile(path(name), name, 1024, root)).toEqual({ ok: false, error: { file: name, message: OUTSIDE } });
    }
    // A file named on the command line is read through its links: the user chose it.
    expect(readTextFile(path('app/a.yaml'), 'app/a.yaml', 1024)).toEqual({ ok: true, text: 'password: hunter2\n' });
  });

  it.runIf(process.platform === 'linux')('reports the file as an error in a scan whose tree changes between the walk and the read', async () => {
    const { rename, symlink } = await import('node:fs/promises');
    const { inputSource } = await import('../inputs.js');
    tree = await makeTree({ 'root/a.yaml': 'kind: Pod\n', 'root/z/secret.yaml': 'kind: ConfigMap\n', 'outside/z/secret.yaml': 'password: hunter2\n' });
    const entries = inputSource({ paths: ['root'], cwd: tree.root, exclude: [], secretsOnly: true }).entries()[Symbol.asyncIterator]();
    // The walk is done before the first file is read, and files are read as they are taken.
    expect(await entries.next()).toEqual({ done: false, value: { type: 'text', file: 'root/a.yaml', text: 'kind: Pod\n', kind: 'yaml' } });
    await rename(tree.path('root/z'), tree.path('root/z.old'));
    await symlink(tree.path('outside/z'), tree.path('root/z'));
    expect(await entries.next()).toEqual({ done: false, value: { type: 'error', error: { file: 'root/z/secret.yaml', message: OUTSIDE } } });
    expect(await entries.next()).toEqual({ done: true, value: undefined });
  });
});
