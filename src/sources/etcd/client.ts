import { readFile } from 'node:fs/promises';
import type { Etcd3, IOptions } from 'etcd3';
import { EtcdReadError, prefixEnd, type EtcdStore, type StoredEntry } from './store.js';

export interface EtcdConnection {
  /** Client URLs, e.g. https://10.0.0.5:2379. */
  endpoints: string[];
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** Per request: a member that does not answer in time is an error, not a hang. */
  timeoutMs: number;
}

/** Values per range request; halved when a page of large values exceeds the message limit. */
const PAGE_SIZE = 2000;
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** Opens a read-only session and proves it works (one count request), so a bad endpoint or certificate fails here. */
export async function openEtcd(connection: EtcdConnection): Promise<EtcdStore> {
  const options: IOptions = {
    hosts: connection.endpoints,
    dialTimeout: connection.timeoutMs,
    grpcOptions: { 'grpc.max_receive_message_length': MAX_MESSAGE_BYTES },
    defaultCallOptions: () => ({ deadline: Date.now() + connection.timeoutMs }),
  };
  const credentials = await readCredentials(connection);
  if (credentials) options.credentials = credentials;
  // Loaded on use: gRPC and protobuf take longer to load than a whole scan of one file.
  const { Etcd3 } = await import('etcd3');
  const client = new Etcd3(options);
  const description = connection.endpoints.join(',');
  try {
    await client.getAll().prefix('/registry/').limit(1).keys();
  } catch (error) {
    client.close();
    throw new EtcdReadError(`etcd at ${description} cannot be read: ${describe(error)}`);
  }
  return {
    description,
    entries: (prefix) => pages(client, prefix, description),
    close: async () => client.close(),
  };
}

async function readCredentials(connection: EtcdConnection): Promise<IOptions['credentials']> {
  const { caFile, certFile, keyFile } = connection;
  if (!caFile && !certFile && !keyFile) return undefined;
  if (!caFile) throw new EtcdReadError('--cacert is needed with --cert/--key: etcd is reached over TLS only against a known CA');
  if (!certFile !== !keyFile) throw new EtcdReadError('--cert and --key go together');
  const read = async (file: string, what: string) => {
    try {
      return await readFile(file);
    } catch (error) {
      throw new EtcdReadError(`cannot read the ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  };
  return {
    rootCertificate: await read(caFile, 'CA certificate'),
    ...(certFile && keyFile ? { certChain: await read(certFile, 'client certificate'), privateKey: await read(keyFile, 'client key') } : {}),
  };
}

interface Page {
  kvs: Array<{ key: Buffer; value: Buffer }>;
  more: boolean;
  /** The page size that fitted, kept for the next request. */
  limit: number;
}

/**
 * The next page is requested as soon as the previous one arrives, so etcd reads while the caller classifies: the
 * two overlap, and 100,000 Secrets take a few seconds instead of a round trip's worth more per page.
 */
async function* pages(client: Etcd3, prefix: string, description: string): AsyncGenerator<StoredEntry[]> {
  const end = prefixEnd(Buffer.from(prefix));
  let next: Promise<Page> | undefined = fetchPage(client, Buffer.from(prefix), end, PAGE_SIZE, prefix, description);
  while (next) {
    const page: Page = await next;
    const last = page.kvs[page.kvs.length - 1];
    // The next page starts just after the last key read.
    next = page.more && last ? fetchPage(client, Buffer.concat([last.key, Buffer.from([0])]), end, page.limit, prefix, description) : undefined;
    // A caller that stops early must not leave the prefetch's failure unhandled.
    next?.catch(() => undefined);
    if (page.kvs.length > 0) yield page.kvs.map((kv) => ({ key: kv.key.toString('utf8'), value: kv.value }));
  }
}

async function fetchPage(client: Etcd3, start: Buffer, end: Buffer, limit: number, prefix: string, description: string): Promise<Page> {
  for (;;) {
    try {
      const response = await client.getAll().inRange({ start, end }).limit(limit).exec();
      return { kvs: response.kvs, more: response.more, limit };
    } catch (error) {
      if (!isTooLarge(error) || limit === 1) throw new EtcdReadError(`etcd at ${description}: reading ${prefix} failed: ${describe(error)}`);
      limit = Math.max(1, Math.floor(limit / 2));
    }
  }
}

function isTooLarge(error: unknown): boolean {
  return /RESOURCE_EXHAUSTED|max.*message|larger than max/i.test(String((error as Error)?.message ?? error));
}

function describe(error: unknown): string {
  const message = (error as Error)?.message ?? String(error);
  return message.split('\n')[0]!.slice(0, 300);
}
