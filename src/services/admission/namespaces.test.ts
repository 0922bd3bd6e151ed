import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiGetter } from '../../sources/cluster/client.js';
import { ApiError } from '../../sources/cluster/errors.js';
import { freePort } from '../../sources/image/registry/testing/registry-server.js';
import { staticNamespaceLabels, watchNamespaces, type NamespaceLabelSource } from './namespaces.js';

/** The list and single reads go through `client`; the watch goes to a port nobody listens on, so it fails. */
async function kubeconfigWithoutServer(): Promise<KubeConfig> {
  const config = new KubeConfig();
  const server = `http://127.0.0.1:${await freePort()}`;
  config.loadFromOptions({
    clusters: [{ name: 'c', server, skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return config;
}

let source: NamespaceLabelSource | undefined;
afterEach(async () => source?.close());
const cancellation = new AbortController();

describe('watchNamespaces', () => {
  it('serves listed namespaces from its cache and reads unseen ones directly', async () => {
    const reads: string[] = [];
    const client: ApiGetter = {
      async getJson(path) {
        reads.push(path);
        if (path === '/api/v1/namespaces') return { metadata: { resourceVersion: '7' }, items: [{ metadata: { name: 'shop', labels: { 'rampart.io/enforce': 'critical' } } }] };
        if (path === '/api/v1/namespaces/fresh') return { metadata: { name: 'fresh', labels: { team: 'a', bogus: 3 } } };
        throw new ApiError(404, 'NotFound', `${path} not found`);
      },
    };
    const errors: string[] = [];
    source = await watchNamespaces({ config: await kubeconfigWithoutServer(), client, retryMs: 50, onError: (error) => errors.push(error.message) });
    expect(source.synced()).toBe(true);
    expect(await source.labels('shop', cancellation)).toEqual({ 'rampart.io/enforce': 'critical' });
    expect(await source.labels('fresh', cancellation)).toEqual({ team: 'a' });
    expect(await source.labels('gone', cancellation)).toBeUndefined();
    expect(reads.filter((p) => p === '/api/v1/namespaces/shop')).toEqual([]);
    // The watch cannot connect: reported, and retried with backoff rather than given up.
    await expect.poll(() => errors.length, { timeout: 5_000 }).toBeGreaterThan(0);
  });

  it('is not synced while the API server cannot list, and keeps trying', async () => {
    let attempts = 0;
    const client: ApiGetter = {
      async getJson() {
        attempts += 1;
        throw new Error('connect ECONNREFUSED');
      },
    };
    const errors: string[] = [];
    source = await watchNamespaces({ config: await kubeconfigWithoutServer(), client, retryMs: 20, onError: (error) => errors.push(error.message) });
    expect(source.synced()).toBe(false);
    await expect.poll(() => attempts, { timeout: 5_000 }).toBeGreaterThan(2);
    expect(errors[0]).toBe('connect ECONNREFUSED');
    await source.close();
    const after = attempts;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(attempts).toBe(after);
  });

  it('gives up a direct read once the decision is cancelled', async () => {
    const client: ApiGetter = { getJson: async () => ({ items: [] }) };
    source = await watchNamespaces({ config: await kubeconfigWithoutServer(), client, retryMs: 50 });
    const controller = new AbortController();
    controller.abort(new Error('budget spent'));
    await expect(source.labels('unseen', controller)).rejects.toThrow('budget spent');
  });
});

describe('staticNamespaceLabels', () => {
  it('answers from the given table and is always synced', async () => {
    const fixed = staticNamespaceLabels({ shop: { a: 'b' } });
    expect(await fixed.labels('shop', cancellation)).toEqual({ a: 'b' });
    expect(await fixed.labels('other', cancellation)).toBeUndefined();
    expect(fixed.synced()).toBe(true);
  });
});
