import { afterEach, describe, expect, it } from 'vitest';
import { makeTree, type TempTree } from '../testing/tree.js';
import { readTextFile } from './read-input.js';

let tree: TempTree | undefined;
afterEach(async () => tree?.cleanup());

describe('readTextFile', () => {
  it('reads UTF-8 text', async () => {
    tree = await makeTree({ 'a.yaml': 'name: café\n' });
    expect(await readTextFile(tree.path('a.yaml'), 'a.yaml', 1024)).toEqual({ ok: true, text: 'name: café\n' });
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
