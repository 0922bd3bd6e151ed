import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanObject, clusterOrigin, liveObjectFile, REDACTED_SECRET_VALUE } from './convert.js';
import { dumpCluster, safeSegment } from './dump.js';
import type { OriginEvent } from './source.js';

const secretType = { group: '', apiVersion: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true };
const deploymentType = { group: 'apps', apiVersion: 'apps/v1', resource: 'deployments', kind: 'Deployment', namespaced: true };

const liveSecret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 'db',
    namespace: 'prod',
    uid: '1c1f',
    resourceVersion: '42',
    creationTimestamp: '2024-01-01T00:00:00Z',
    managedFields: [{ manager: 'kubectl' }],
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"aHVudGVyMg=="}}' },
  },
  type: 'Opaque',
  data: { password: 'aHVudGVyMg==' },
};

describe('cleanObject', () => {
  it('strips bookkeeping and status and redacts Secret values, including kubectl\'s applied copy', () => {
    const cleaned = cleanObject({ ...liveSecret, status: { phase: 'x' } });
    expect(cleaned).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'prod' }, type: 'Opaque', stringData: { password: REDACTED_SECRET_VALUE } });
    expect(JSON.stringify(cleaned)).not.toContain('aHVudGVyMg');
  });

  it('keeps Secret values only when asked, and leaves other kinds\' data alone', () => {
    expect(cleanObject(liveSecret, { includeSecretValues: true }).data).toEqual({ password: 'aHVudGVyMg==' });
    expect(cleanObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } }).data).toEqual({ a: 'b' });
  });

  it('tolerates objects without metadata', () => {
    expect(cleanObject({ apiVersion: 'v1', kind: 'X', metadata: 'odd' })).toEqual({ apiVersion: 'v1', kind: 'X' });
  });
});

describe('liveObjectFile', () => {
  it('names namespaced, cluster-scoped and grouped objects under an escaped context', () => {
    const origin = clusterOrigin('arn:aws:eks:eu-west-1:1:cluster/prod');
    expect(origin).toBe('cluster://arn%3Aaws%3Aeks%3Aeu-west-1%3A1%3Acluster%2Fprod');
    expect(liveObjectFile('cluster://kind', { type: deploymentType, raw: { metadata: { name: 'web', namespace: 'prod' } } })).toBe('cluster://kind/prod/Deployment.apps/web');
    expect(liveObjectFile('cluster://kind', { type: { ...secretType, kind: 'Namespace', namespaced: false }, raw: { metadata: { name: 'prod' } } })).toBe('cluster://kind/_cluster/Namespace/prod');
  });
});

describe('dumpCluster', () => {
  const events = (): OriginEvent[] => [
    { type: 'object', origin: 'cluster://t', object: { type: secretType, raw: liveSecret } },
    { type: 'object', origin: 'cluster://t', object: { type: deploymentType, raw: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'prod' } } } },
    { type: 'gap', origin: 'cluster://t', error: { file: 'cluster://t', message: 'cannot list x', level: 'warning' } },
    { type: 'object', origin: 'cluster://t', object: { type: secretType, raw: { ...liveSecret, metadata: { name: 'other', namespace: 'prod' } } } },
  ];
  async function* stream(list: OriginEvent[]) {
    yield* list;
  }

  it('writes one redacted file per namespace and kind into a new directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-dump-'));
    try {
      const out = join(dir, 'dump');
      const result = await dumpCluster(stream(events()), { output: out, includeSecretValues: false });
      expect(result).toEqual({ objects: 3, files: 2, errors: [{ file: 'cluster://t', message: 'cannot list x', level: 'warning' }] });
      expect((await readdir(join(out, 'prod'))).sort()).toEqual(['Deployment.apps.yaml', 'Secret.yaml']);
      const secrets = await readFile(join(out, 'prod', 'Secret.yaml'), 'utf8');
      expect(secrets).not.toContain('aHVudGVyMg');
      expect(secrets.match(/^---$/gm)).toHaveLength(2);
      await expect(dumpCluster(stream(events()), { output: out, includeSecretValues: false })).rejects.toThrow('not empty');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes one file with values on request', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-dump-'));
    try {
      await writeFile(join(dir, 'keep'), '');
      const file = join(dir, 'all.yaml');
      await dumpCluster(stream(events()), { output: file, includeSecretValues: true });
      expect(await readFile(file, 'utf8')).toContain('password: aHVudGVyMg==');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('escapes names that would leave the dump directory', () => {
    expect(safeSegment('..')).toBe('%2E%2E');
    expect(safeSegment('a/../../b')).toBe('a%2F%2E%2E%2F%2E%2E%2Fb');
    expect(safeSegment('Deployment.apps')).toBe('Deployment.apps');
  });
});
