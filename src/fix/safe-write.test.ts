import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, linkSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { makeTree, type TempTree } from '../testing/tree.js';
import { checkFixTarget, fixRoots, FixRefused, writeFixedFile } from './safe-write.js';

let tree: TempTree | undefined;
let outside: TempTree | undefined;
afterEach(async () => {
  await tree?.cleanup();
  await outside?.cleanup();
});

describe('writeFixedFile', () => {
  it('replaces a regular file inside the roots, keeping its mode and leaving no temporary file', async () => {
    tree = await makeTree({ 'k8s/pod.yaml': 'old\n' });
    chmodSync(tree.path('k8s/pod.yaml'), 0o640);
    await writeFixedFile(tree.path('k8s/pod.yaml'), 'new\n', await fixRoots([tree.root]));
    expect(readFileSync(tree.path('k8s/pod.yaml'), 'utf8')).toBe('new\n');
    expect(statSync(tree.path('k8s/pod.yaml')).mode & 0o777).toBe(0o640);
    expect(readdirSync(tree.path('k8s'))).toEqual(['pod.yaml']);
  });

  it('never writes through a symbolic link, even one inside the roots', async () => {
    tree = await makeTree({ 'real.yaml': 'old\n', 'link.yaml': { symlink: 'real.yaml' } });
    const roots = await fixRoots([tree.root]);
    await expect(writeFixedFile(tree.path('link.yaml'), 'new\n', roots)).rejects.toThrow(FixRefused);
    await expect(checkFixTarget(tree.path('link.yaml'), roots)).rejects.toThrow('is a symbolic link; rampart fix never writes through one');
    expect(readFileSync(tree.path('real.yaml'), 'utf8')).toBe('old\n');
    expect(lstatSync(tree.path('link.yaml')).isSymbolicLink()).toBe(true);
  });

  it('never writes outside the roots, whether the file lies there or a linked directory leads there', async () => {
    outside = await makeTree({ 'base/pod.yaml': 'old\n' });
    tree = await makeTree({ 'overlay/kustomization.yaml': '', 'via': { symlink: outside.path('base') } });
    const roots = await fixRoots([tree.path('overlay'), tree.path('via/missing-root')]);
    expect(roots).toHaveLength(1);
    for (const path of [outside.path('base/pod.yaml'), tree.path('via/pod.yaml')]) {
      await expect(writeFixedFile(path, 'new\n', roots)).rejects.toThrow('is outside the scanned paths; rampart fix only writes inside them');
    }
    expect(readFileSync(outside.path('base/pod.yaml'), 'utf8')).toBe('old\n');
  });

  it('does not write through a hard link to a file elsewhere: the name is replaced, the other file keeps its content', async () => {
    outside = await makeTree({ 'shared.yaml': 'old\n' });
    tree = await makeTree({});
    linkSync(outside.path('shared.yaml'), tree.path('pod.yaml'));
    await writeFixedFile(tree.path('pod.yaml'), 'new\n', await fixRoots([tree.root]));
    expect(readFileSync(tree.path('pod.yaml'), 'utf8')).toBe('new\n');
    expect(readFileSync(outside.path('shared.yaml'), 'utf8')).toBe('old\n');
  });

  it('refuses what is not a regular file', async () => {
    tree = await makeTree({ 'dir.yaml/x': '' });
    const roots = await fixRoots([tree.root]);
    await expect(checkFixTarget(tree.path('dir.yaml'), roots)).rejects.toThrow('is not a regular file');
    await expect(checkFixTarget(tree.path('gone.yaml'), roots)).rejects.toThrow('cannot be read');
  });
});
