import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { sourceReader } from './source-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'rampart-source-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('shows text files and nothing of an image archive, a layout directory or a missing file', () => {
  writeFileSync(join(dir, 'Dockerfile'), 'FROM debian:12\nUSER root\n');
  // The head of a `docker save` tarball: a member name, then NUL padding.
  writeFileSync(join(dir, 'app.tar'), Buffer.concat([Buffer.from('manifest.json'), Buffer.alloc(499), Buffer.from('[{"Config":"x"}]')]));
  mkdirSync(join(dir, 'layout'));
  const read = sourceReader(dir);
  expect(read('Dockerfile')).toBe('FROM debian:12\nUSER root\n');
  expect(read('app.tar')).toBeUndefined();
  expect(read('layout')).toBeUndefined();
  expect(read('missing.yaml')).toBeUndefined();
});
