import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChartResolver } from './helm-sources.js';

describe('ChartResolver', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'rampart-chart-'));
    await mkdir(join(root, 'templates'));
    await mkdir(join(root, 'charts'));
    await writeFile(join(root, 'Chart.yaml'), 'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: redis\n    alias: cache\n    version: 17.0.0\n');
    await writeFile(join(root, 'templates/pod.yaml'), 'kind: Pod\n');
    await writeFile(join(root, 'charts/redis-17.0.0.tgz'), '');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('resolves a root template relative to the chart directory, whatever the chart is named', async () => {
    expect(await new ChartResolver(root).resolve('app/templates/pod.yaml')).toEqual({
      chain: [{ dir: root, valuesKey: '' }],
      file: join(root, 'templates/pod.yaml'),
      readable: true,
    });
  });

  it('points a template inside a packaged subchart at the archive, found through its alias', async () => {
    expect(await new ChartResolver(root).resolve('app/charts/cache/templates/statefulset.yaml')).toMatchObject({
      file: join(root, 'charts/redis-17.0.0.tgz'),
      readable: false,
    });
  });

  it('falls back to Chart.yaml for a subchart it cannot find', async () => {
    expect(await new ChartResolver(root).resolve('app/charts/ghost/templates/x.yaml')).toMatchObject({
      file: join(root, 'Chart.yaml'),
      readable: false,
    });
  });
});
