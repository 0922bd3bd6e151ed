import { afterEach, describe, expect, it } from 'vitest';
import { relative } from 'node:path';
import { makeTree, type TempTree } from '../testing/tree.js';
import { walk, type WalkEntry } from './walk.js';

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
