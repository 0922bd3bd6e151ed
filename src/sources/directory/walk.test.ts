import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { basename, relative } from 'node:path';
import { promisify } from 'node:util';
import { makeTree, type TempTree } from '../../testing/tree.js';
import { kernelMountPoints, onKernelFileSystem, walk, type WalkEntry } from './walk.js';

let tree: TempTree | undefined;
afterEach(async () => tree?.cleanup());

function names(entries: WalkEntry[], root: string): string[] {
  return entries.map((e) => `${e.type}:${relative(root, e.type === 'file' ? e.path : e.dir)}`).sort();
}

describe('walk', () => {
  it('finds Dockerfiles and YAML/JSON, honouring nested .gitignore files and --exclude', async () => {
    tree = await makeTree({
      'Dockerfile': 'FROM scratch',
      'build/api.Dockerfile': 'FROM scratch',
      'Containerfile.dev': 'FROM scratch',
      'k8s/app.yaml': 'kind: Pod',
      'k8s/app.json': '{}',
      'k8s/.gitignore': 'generated/\n*.tmp.yaml\n',
      'k8s/generated/x.yaml': 'kind: Pod',
      'k8s/skip.tmp.yaml': 'kind: Pod',
      'vendor/chart.yml': 'kind: Pod',
      'README.md': '# hi',
      'node_modules/pkg/pod.yaml': 'kind: Pod',
    });
    const result = await walk([tree.root], { exclude: ['vendor/**'], cwd: tree.root });
    expect(names(result.entries, tree.root)).toEqual([
      'file:Containerfile.dev',
      'file:Dockerfile',
      'file:build/api.Dockerfile',
      'file:k8s/app.json',
      'file:k8s/app.yaml',
    ]);
    expect(result.errors).toEqual([]);
  });

  it('reports charts and kustomizations as render targets and does not descend into charts', async () => {
    tree = await makeTree({
      'chart/Chart.yaml': 'name: x',
      'chart/templates/deploy.yaml': '{{ .Values.x }}',
      'overlay/kustomization.yaml': 'resources: []',
      'overlay/extra/pod.yaml': 'kind: Pod',
    });
    const result = await walk([tree.root], { exclude: [], cwd: tree.root });
    expect(names(result.entries, tree.root)).toEqual(['chart:chart', 'file:overlay/extra/pod.yaml', 'file:overlay/kustomization.yaml', 'kustomization:overlay']);
  });

  it('survives symlink loops and dangling links, reporting them', async () => {
    tree = await makeTree({
      'a/pod.yaml': 'kind: Pod',
      'a/loop': { symlink: '..' },
      'a/self': { symlink: 'self' },
      'a/dangling.yaml': { symlink: 'nowhere.yaml' },
    });
    const result = await walk([tree.root], { exclude: [], cwd: tree.root });
    expect(names(result.entries, tree.root)).toEqual(['file:a/pod.yaml']);
    expect(result.errors.map((e) => e.message).sort()).toEqual([
      'no such file or directory (or a dangling symbolic link)',
      'symbolic link loop',
    ]);
  });

  it('keeps explicitly named files even when their name is unknown, and reports missing paths', async () => {
    tree = await makeTree({ 'manifest.txt': 'kind: Pod' });
    const result = await walk(['manifest.txt', 'missing.yaml'], { exclude: [], cwd: tree.root });
    expect(result.entries).toEqual([{ type: 'file', path: tree.path('manifest.txt'), kind: undefined }]);
    expect(result.errors).toEqual([{ file: 'missing.yaml', message: 'no such file or directory (or a dangling symbolic link)' }]);
  });
});

const execFileAsync = promisify(execFile);

describe('walk: nothing outside the root is read', () => {
  let outside: TempTree | undefined;
  afterEach(async () => outside?.cleanup());

  it('follows links inside the root, and names each link that leaves it in a warning without following it', async () => {
    outside = await makeTree({ 'secret.yaml': 'kind: Secret', 'dir/pod.yaml': 'kind: Pod' });
    tree = await makeTree({
      'k8s/app.yaml': 'kind: Pod',
      'alias.yaml': { symlink: 'k8s/app.yaml' },
      'same': { symlink: 'k8s' },
      'inner/up.yaml': { symlink: '../k8s/app.yaml' },
      'escape.yaml': { symlink: outside.path('secret.yaml') },
      'escape-dir': { symlink: outside.path('dir') },
      'relative-escape.yaml': { symlink: `../${basename(outside.root)}/secret.yaml` },
      'environ': { symlink: '/proc/self/environ' },
    });
    const result = await walk([tree.root], { exclude: [], cwd: tree.root, everyFile: true });
    expect(names(result.entries, tree.root)).toEqual(['file:alias.yaml', 'file:inner/up.yaml', 'file:k8s/app.yaml']);
    const outsideRoot = { message: 'symbolic link to a path outside the scanned root, not followed', level: 'warning' };
    expect(result.errors).toEqual([
      { file: 'environ', ...outsideRoot },
      { file: 'escape-dir', ...outsideRoot },
      { file: 'escape.yaml', ...outsideRoot },
      { file: 'relative-escape.yaml', ...outsideRoot },
    ]);
  });

  it('checks containment against each root given, and reads a path named explicitly even through a link', async () => {
    outside = await makeTree({ 'pod.yaml': 'kind: Pod' });
    tree = await makeTree({ 'a/link.yaml': { symlink: '../b/pod.yaml' }, 'b/pod.yaml': 'kind: Pod', 'named.yaml': { symlink: outside.path('pod.yaml') } });
    const result = await walk(['a', 'b', 'named.yaml'], { exclude: [], cwd: tree.root });
    expect(names(result.entries, tree.root)).toEqual(['file:b/pod.yaml', 'file:named.yaml']);
    expect(result.errors).toEqual([{ file: 'a/link.yaml', message: 'symbolic link to a path outside the scanned root, not followed', level: 'warning' }]);
  });

  it('says nothing of links that .gitignore or --exclude leave out', async () => {
    outside = await makeTree({ 'x.yaml': '' });
    tree = await makeTree({ '.gitignore': 'ignored.yaml\n', 'ignored.yaml': { symlink: outside.path('x.yaml') }, 'excluded.yaml': { symlink: outside.path('x.yaml') } });
    const result = await walk([tree.root], { exclude: ['excluded.yaml'], cwd: tree.root });
    expect(result).toEqual({ entries: [], errors: [] });
  });

  it('never opens FIFOs: one met by the walk is a warning when it would have been read, one named explicitly an error', async () => {
    tree = await makeTree({ 'pod.yaml': 'kind: Pod' });
    for (const fifo of ['pipe.yaml', 'pipe', '.gitignore', 'named']) await execFileAsync('mkfifo', [tree.path(fifo)]);
    const result = await walk([tree.root, 'named'], { exclude: [], cwd: tree.root });
    expect(names(result.entries, tree.root)).toEqual(['file:pod.yaml']);
    expect(result.errors).toEqual([
      { file: 'pipe.yaml', message: 'not a regular file (a FIFO, socket or device), not read', level: 'warning' },
      { file: 'named', message: 'not a regular file or directory (a FIFO, socket or device), not read; pipe its content to `-` instead' },
    ]);
    const everyFile = await walk([tree.root], { exclude: [], cwd: tree.root, everyFile: true });
    expect(everyFile.errors.map((e) => e.file)).toEqual(['.gitignore', 'named', 'pipe', 'pipe.yaml']);
  });

  it.runIf(process.platform === 'linux')('never reads the kernel file systems, named or linked', async () => {
    tree = await makeTree({ 'environ.yaml': { symlink: '/proc/self/environ' } });
    const named = await walk(['/proc/self/environ', '/sys/kernel', '/proc', '/dev'], { exclude: [], cwd: tree.root });
    expect(named.entries).toEqual([]);
    expect(named.errors.map((e) => e.message)).toEqual(Array(4).fill('on a kernel file system (/proc, /sys, /dev), not read'));
    // A scan of `/` meets /proc as a plain directory: the mount table refuses it, and procfs wherever else it is mounted.
    const mounts = await kernelMountPoints();
    expect(mounts).toEqual(expect.arrayContaining(['/proc', '/sys', '/dev']));
    expect(['/proc', '/proc/self/environ', '/sys/kernel', tree.root, '/procfs', '/'].map((path) => onKernelFileSystem(path, mounts))).toEqual([true, true, true, false, false, false]);
    expect(onKernelFileSystem('/srv/chroot/proc/1/environ', [...mounts, '/srv/chroot/proc'])).toBe(true);
    const linked = await walk([tree.root], { exclude: [], cwd: tree.root, everyFile: true });
    expect(linked).toEqual({ entries: [], errors: [{ file: 'environ.yaml', message: 'symbolic link to a path outside the scanned root, not followed', level: 'warning' }] });
  });
});

describe('walk: modes', () => {
  it('walks into charts and kustomizations as plain directories when nothing is rendered', async () => {
    tree = await makeTree({ 'chart/Chart.yaml': 'name: x', 'chart/templates/deploy.yaml': '{{ .Values.x }}', 'overlay/kustomization.yaml': 'resources: []' });
    const result = await walk([tree.root], { exclude: [], cwd: tree.root, renderTargets: false });
    expect(names(result.entries, tree.root)).toEqual(['file:chart/Chart.yaml', 'file:chart/templates/deploy.yaml', 'file:overlay/kustomization.yaml']);
  });

  it('walks a root file system: every directory but its proc, sys and dev, no ignore files, links never followed', async () => {
    tree = await makeTree({
      'etc/os-release': 'ID=alpine',
      'etc/motd': 'hi',
      '.gitignore': 'usr/\n',
      'usr/lib/node_modules/npm/package.json': '{}',
      'proc/1/status': 'x',
      'sys/x/package.json': '{}',
      'dev/package.json': '{}',
      'usr/bin/package.json': { symlink: '/etc/passwd' },
      'app/package.json': { symlink: '../usr/lib/node_modules/npm/package.json' },
    });
    const select = (path: string) => path === 'etc/os-release' || path.endsWith('package.json');
    const result = await walk([tree.root], { exclude: [], cwd: tree.root, rootFileSystem: { select } });
    expect(result.entries.map((e) => e.type === 'file' && `${relative(tree!.root, e.path)}:${e.kind}`)).toEqual([
      'etc/os-release:packages',
      'usr/lib/node_modules/npm/package.json:packages',
    ]);
    expect(result.errors).toEqual([]);
  });
});
