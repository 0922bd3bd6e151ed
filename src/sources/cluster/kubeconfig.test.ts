import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterClient } from './client.js';
import { ClusterAccessError } from './errors.js';
import { loadKubeConfig } from './kubeconfig.js';

let dir: string;
const config = (server: string, contexts: string[]) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'u', user: { token: 'abc' } }],
    contexts: contexts.map((name) => ({ name, context: { cluster: 'c', user: 'u', namespace: `${name}-ns` } })),
    'current-context': contexts[0],
  });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-kubeconfig-'));
  await writeFile(join(dir, 'a'), config('http://127.0.0.1:9', ['one', 'two']));
  await writeFile(join(dir, 'broken'), '{not yaml: [');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('loadKubeConfig', () => {
  it('follows $KUBECONFIG and --context, with the context namespace as fallback', async () => {
    const loaded = await loadKubeConfig({ env: { KUBECONFIG: join(dir, 'a'), HOME: dir }, context: 'two' });
    expect(loaded).toMatchObject({ contextName: 'two', server: 'http://127.0.0.1:9', namespace: 'two-ns' });
  });

  it('explains what is missing or wrong', async () => {
    await expect(loadKubeConfig({ env: { HOME: dir } })).rejects.toThrow(/no kubeconfig/);
    await expect(loadKubeConfig({ env: { HOME: dir }, kubeconfig: join(dir, 'a'), context: 'nope' })).rejects.toThrow('context "nope" is not in the kubeconfig');
    await expect(loadKubeConfig({ env: { HOME: dir }, kubeconfig: join(dir, 'broken') })).rejects.toThrow(ClusterAccessError);
    await expect(loadKubeConfig({ env: { HOME: dir }, kubeconfig: join(dir, 'missing') })).rejects.toThrow(/cannot read kubeconfig/);
  });
});

describe('ClusterClient', () => {
  it('turns an unreachable server into a ClusterAccessError', async () => {
    const loaded = await loadKubeConfig({ env: { HOME: dir }, kubeconfig: join(dir, 'a') });
    const client = new ClusterClient(loaded.config, loaded.server);
    await expect(client.getJson('/api')).rejects.toThrow(/cannot reach the API server at http:\/\/127.0.0.1:9/);
  });
});
