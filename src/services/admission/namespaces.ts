import type { KubeConfig, KubernetesListObject, KubernetesObject, V1Namespace } from '@kubernetes/client-node';
import type { ApiGetter } from '../../sources/cluster/client.js';
import { ApiError } from '../../sources/cluster/errors.js';
import { asRecord } from '../../parsers/kubernetes/values.js';

export type Labels = Readonly<Record<string, string>>;

/** What a read may be cancelled by: an AbortController, or a decision's budget that makes its signal on first use. */
export interface Cancellation {
  readonly signal: AbortSignal;
}

/** Where decisions read namespace labels from: a watched cache in the server, fixed labels in tests. */
export interface NamespaceLabelSource {
  /** The namespace's labels; undefined when it does not exist (yet). `cancellation` is read only for a direct read. */
  labels(namespace: string, cancellation: Cancellation): Promise<Labels | undefined>;
  /** True once the first list has completed: `/readyz` waits for it. */
  synced(): boolean;
  close(): Promise<void>;
}

export function staticNamespaceLabels(namespaces: Record<string, Labels>): NamespaceLabelSource {
  return {
    labels: async (namespace) => namespaces[namespace],
    synced: () => true,
    close: async () => undefined,
  };
}

export interface WatchedNamespacesOptions {
  config: KubeConfig;
  /** Reads one namespace directly when the cache has not seen it yet (created a moment ago). */
  client: ApiGetter;
  onError?: (error: Error) => void;
  /** First delay before re-listing after the watch failed; doubles up to a minute. */
  retryMs?: number;
}

const MAX_RETRY_MS = 60_000;

/**
 * A list-then-watch cache of Namespace labels through client-node's informer, restarted with backoff when the
 * watch ends in error (the informer itself does not). Only labels are kept: a cluster's namespaces cost little.
 */
export async function watchNamespaces(options: WatchedNamespacesOptions): Promise<NamespaceLabelSource> {
  const { makeInformer } = await import('@kubernetes/client-node');
  const cache = new Map<string, Labels>();
  let synced = false;
  let listed = false;
  let closed = false;
  let retryMs = options.retryMs ?? 1_000;
  let retryTimer: NodeJS.Timeout | undefined;
  const list = async (): Promise<KubernetesListObject<V1Namespace>> => {
    const body = asRecord(await options.client.getJson('/api/v1/namespaces'));
    if (!body || !Array.isArray(body.items)) throw new Error('the namespace list answer holds no items');
    listed = true;
    return body as unknown as KubernetesListObject<V1Namespace>;
  };
  const informer = makeInformer<V1Namespace>(options.config, '/api/v1/namespaces', list);
  const put = (namespace: KubernetesObject) => {
    const name = namespace.metadata?.name;
    if (name) cache.set(name, { ...(namespace.metadata?.labels ?? {}) });
  };
  informer.on('add', put);
  informer.on('update', put);
  informer.on('delete', (namespace) => {
    if (namespace.metadata?.name) cache.delete(namespace.metadata.name);
  });
  const start = async () => {
    try {
      // The informer reports a failed list through its error callback, not by throwing: start() resolves either way.
      await informer.start();
      if (!listed) return;
      synced = true;
      retryMs = options.retryMs ?? 1_000;
    } catch (error) {
      informerFailed(error);
    }
  };
  const informerFailed = (error: unknown) => {
    if (closed) return;
    options.onError?.(error instanceof Error ? error : new Error(String(error)));
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void start(), retryMs);
    retryTimer.unref();
    retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
  };
  informer.on('error', informerFailed);
  await start();

  return {
    async labels(namespace, cancellation) {
      const cached = cache.get(namespace);
      if (cached) return cached;
      cancellation.signal.throwIfAborted();
      try {
        const fetched = asRecord(await options.client.getJson(`/api/v1/namespaces/${encodeURIComponent(namespace)}`));
        const labels = asRecord(asRecord(fetched?.metadata)?.labels) ?? {};
        return Object.fromEntries(Object.entries(labels).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return undefined;
        throw error;
      }
    },
    synced: () => synced,
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      await informer.stop();
    },
  };
}
