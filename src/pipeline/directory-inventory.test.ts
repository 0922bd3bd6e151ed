import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { makeTree, type TempTree } from '../testing/tree.js';
import { inventoryDirectory } from './directory-inventory.js';

let tree: TempTree | undefined;
let outside: TempTree | undefined;
afterEach(async () => {
  await tree?.cleanup();
  await outside?.cleanup();
});

const LOCK = (name: string) => JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { name: 'app' }, [`node_modules/${name}`]: { version: '1.0.0' } } });
const DPKG = 'Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1:1.2.13\n\n';

describe('inventoryDirectory: the one walk, contained', () => {
  it('source checkout: a lockfile linked from outside the directory is a warning, not an inventory', async () => {
    outside = await makeTree({ 'package-lock.json': LOCK('outside-pkg') });
    tree = await makeTree({ 'web/package-lock.json': LOCK('inside-pkg'), 'api/package-lock.json': { symlink: outside.path('package-lock.json') } });
    const result = await inventoryDirectory(tree.root, tree.root);
    expect(result.mode).toBe('source');
    expect(result.inventory.packages.map((p) => p.name)).toEqual(['inside-pkg']);
    expect(result.errors).toEqual([{ file: 'api/package-lock.json', message: 'symbolic link to a path outside the scanned root, not followed', level: 'warning' }]);
  });

  it('root file system: package databases are read, links and the kernel mount points are not, ignore files do not apply, a FIFO is a warning', async () => {
    outside = await makeTree({ 'status': DPKG.replace('zlib1g', 'host-package') });
    tree = await makeTree({
      'etc/os-release': 'ID=debian\nVERSION_ID=12\n',
      'var/lib/dpkg/status': DPKG,
      '.gitignore': 'opt/\n',
      'opt/app/package-lock.json': LOCK('app-dep'),
      'var/lib/dpkg/status.d/host': { symlink: outside.path('status') },
      'proc/1/package-lock.json': LOCK('proc-pkg'),
      'app/package-lock.json': { symlink: '/etc/hostname' },
    });
    await promisify(execFile)('mkfifo', [tree.path('package-lock.json')]);
    const result = await inventoryDirectory(tree.root, tree.root);
    expect(result.mode).toBe('rootfs');
    expect(result.inventory.packages.map((p) => p.name).sort()).toEqual(['app-dep', 'zlib1g']);
    expect(result.errors).toEqual([{ file: 'package-lock.json', message: 'not a regular file (a FIFO, socket or device), not read', level: 'warning' }]);
  });
});
