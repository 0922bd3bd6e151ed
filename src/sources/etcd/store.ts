/** A read-only view of etcd's keys: a live cluster member (client.ts) or a snapshot file (snapshot.ts). */
export interface StoredEntry {
  key: string;
  value: Buffer;
}

export interface EtcdStore {
  /** What was read, for messages: the endpoints or the snapshot path. */
  readonly description: string;
  /** Every key under `prefix` with its value, in key order, a page at a time. */
  entries(prefix: string): AsyncIterable<StoredEntry[]>;
  close(): Promise<void>;
}

/** The store could not be read at all (unreachable, refused credentials, not a snapshot): exit 3, one message. */
export class EtcdReadError extends Error {}

/** The first key after every key that starts with `prefix` (etcd's range_end for a prefix). */
export function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]! += 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}
