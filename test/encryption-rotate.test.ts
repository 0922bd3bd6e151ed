import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderInitConfig } from '../src/services/encryption/init.js';
import { rotateStep, RotationRefused, RotationStateError } from '../src/services/encryption/rotate.js';
import type { EtcdStore, StoredEntry } from '../src/sources/etcd/store.js';
import type { ApiClient, ApiRequest } from '../src/sources/cluster/client.js';
import { ApiError } from '../src/sources/cluster/errors.js';

/** The rotation's bookkeeping and refusals, over an in-memory etcd; the full rotation on a real API server is encryption-apiserver.test.ts. */
function memoryStore(values: Map<string, Buffer>): EtcdStore {
  return {
    description: 'memory',
    async *entries(prefix) {
      const page: StoredEntry[] = [...values].filter(([k]) => k.startsWith(prefix)).sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => ({ key, value }));
      if (page.length > 0) yield page;
    },
    close: async () => undefined,
  };
}

const encrypted = (key: string) => Buffer.concat([Buffer.from(`k8s:enc:aescbc:v1:${key}:`), randomBytes(32)]);

let dir: string;
let configPath: string;
let statePath: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-rotate-'));
  configPath = join(dir, 'enc.yaml');
  statePath = join(dir, 'enc.yaml.rotation.json');
  writeFileSync(configPath, `# keep this comment\n${renderInitConfig({ provider: 'aescbc', resources: ['secrets'], keyName: 'key1' })}`, { mode: 0o600 });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const keyNames = () => (parse(readFileSync(configPath, 'utf8')) as { resources: Array<{ providers: Array<{ aescbc?: { keys: Array<{ name: string }> } }> }> }).resources[0]!.providers[0]!.aescbc!.keys.map((k) => k.name);

describe('rotateStep', () => {
  it('adds, promotes and removes keys in the file, keeping comments and mode, with a 0600 state file', async () => {
    const etcd = new Map([['/registry/secrets/a/x', encrypted('key1')]]);
    const store = memoryStore(etcd);
    const first = await rotateStep({ configPath, statePath, store, newKeyName: 'next' });
    expect(first.step).toBe('add');
    expect(keyNames()).toEqual(['key1', 'next']);
    expect(readFileSync(configPath, 'utf8')).toContain('# keep this comment');
    expect(statSync(configPath).mode & 0o777).toBe(0o600);
    expect(statSync(statePath).mode & 0o777).toBe(0o600);
    expect((await rotateStep({ configPath, statePath, store })).step).toBe('promote');
    expect(keyNames()).toEqual(['next', 'key1']);
    // The rewrite needs the API server; marked done here as the real test does it through the API.
    const state = JSON.parse(readFileSync(statePath, 'utf8'));
    writeFileSync(statePath, JSON.stringify({ ...state, done: ['add', 'promote', 'rewrite'] }));
    await expect(rotateStep({ configPath, statePath, store })).rejects.toThrow('key "key1" still encrypts 1 objects in etcd');
    expect(keyNames()).toEqual(['next', 'key1']);
    etcd.set('/registry/secrets/a/x', encrypted('next'));
    expect((await rotateStep({ configPath, statePath, store })).step).toBe('remove');
    expect(keyNames()).toEqual(['next']);
    await expect(rotateStep({ configPath, statePath, store })).rejects.toThrow('is complete');
  });

  it('refuses to start over data encrypted with a key the configuration lacks, or over corrupt values', async () => {
    await expect(rotateStep({ configPath, statePath, store: memoryStore(new Map([['/registry/secrets/a/x', encrypted('lost')]])) })).rejects.toThrow(RotationRefused);
    await expect(rotateStep({ configPath, statePath, store: memoryStore(new Map([['/registry/secrets/a/x', Buffer.from('junk')]])) })).rejects.toThrow('unreadable');
    expect(keyNames()).toEqual(['key1']);
  });

  it('refuses a rewrite without the API, and a damaged or foreign state file', async () => {
    const store = memoryStore(new Map());
    await rotateStep({ configPath, statePath, store });
    await rotateStep({ configPath, statePath, store });
    await expect(rotateStep({ configPath, statePath, store })).rejects.toThrow('needs the API server');
    writeFileSync(statePath, '{"version": 1, "done": [');
    await expect(rotateStep({ configPath, statePath, store })).rejects.toThrow(RotationStateError);
    writeFileSync(statePath, JSON.stringify({ version: 1, done: ['remove'], oldKey: 'a', newKey: 'b', group: 0 }));
    await expect(rotateStep({ configPath, statePath, store })).rejects.toThrow('not a rampart rotation state file');
  });

  it('refuses a configuration whose Secrets are not encrypted with a local key', async () => {
    writeFileSync(configPath, renderInitConfig({ provider: 'kms', resources: ['secrets'], keyName: 'k', kms: { name: 'vault', endpoint: 'unix:///kms.sock' } }));
    await expect(rotateStep({ configPath, statePath, store: memoryStore(new Map()) })).rejects.toThrow('kms v2 rotates its own keys');
  });

  it('rewrites through the API: a conflict is read again and retried, a Secret deleted meanwhile is skipped', async () => {
    const etcd = new Map([['/registry/secrets/a/x', encrypted('key1')], ['/registry/secrets/a/busy', encrypted('key1')]]);
    const store = memoryStore(etcd);
    const requests: string[] = [];
    let conflicts = 1;
    const api: ApiClient = {
      async getJson(path, query) {
        requests.push(`GET ${path}${query?.continue ? ` continue=${query.continue}` : ''}`);
        if (path === '/api/v1/secrets') {
          const items = [{ metadata: { name: 'x', namespace: 'a', resourceVersion: '1' } }, { metadata: { name: 'busy', namespace: 'a', resourceVersion: '1' } }, { metadata: { name: 'gone', namespace: 'a' } }];
          return query?.continue ? { items: [], metadata: {} } : { items, metadata: { continue: 'next' } };
        }
        return { metadata: { name: path.split('/').pop(), namespace: 'a', resourceVersion: '2' } };
      },
      async requestJson(request: ApiRequest) {
        const body = JSON.parse(request.body!) as { kind: string; apiVersion: string; metadata: { name: string; resourceVersion?: string } };
        requests.push(`PUT ${request.path} ${body.apiVersion}/${body.kind} rv=${body.metadata.resourceVersion}`);
        if (body.metadata.name === 'gone') throw new ApiError(404, 'NotFound', 'gone');
        if (body.metadata.name === 'busy' && conflicts-- > 0) throw new ApiError(409, 'Conflict', 'changed');
        etcd.set(`/registry/secrets/a/${body.metadata.name}`, encrypted('key2'));
        return {};
      },
    };
    await rotateStep({ configPath, statePath, store });
    await rotateStep({ configPath, statePath, store });
    const outcome = await rotateStep({ configPath, statePath, store, api });
    expect(outcome.state.rewritten).toBe(2);
    expect(outcome.verify.totals.byKey).toEqual({ 'aescbc:key2': 2 });
    expect(requests.sort()).toEqual([
      'GET /api/v1/namespaces/a/secrets/busy',
      'GET /api/v1/secrets',
      'GET /api/v1/secrets continue=next',
      'PUT /api/v1/namespaces/a/secrets/busy v1/Secret rv=1',
      'PUT /api/v1/namespaces/a/secrets/busy v1/Secret rv=2',
      'PUT /api/v1/namespaces/a/secrets/gone v1/Secret rv=undefined',
      'PUT /api/v1/namespaces/a/secrets/x v1/Secret rv=1',
    ]);
  });
});
