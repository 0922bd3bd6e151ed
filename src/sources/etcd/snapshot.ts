import { BoltFile, BoltFormatError } from './bbolt.js';
import { EtcdReadError, type EtcdStore } from './store.js';

/**
 * An etcd snapshot (`etcdctl snapshot save`, or the Maintenance API's stream) read as etcd's MVCC store: the `key`
 * bucket maps revisions (8-byte main, '_', 8-byte sub, then 't' for a deletion) to mvccpb.KeyValue messages, so the
 * current value of each key is its last revision, unless that one deleted it.
 */
export function openSnapshot(path: string): EtcdStore {
  // Fails here, not at the first read, on a file that is not an etcd database.
  readable(path, (file) => file.bucket('key').next());
  return {
    description: path,
    async *entries(prefix) {
      const latest = readable(path, (file) => currentValues(file, prefix));
      const keys = [...latest.keys()].sort();
      for (let i = 0; i < keys.length; i += PAGE) yield keys.slice(i, i + PAGE).map((key) => ({ key, value: latest.get(key)! }));
    },
    close: async () => undefined,
  };
}

/** Entries handed out at a time, as from a live etcd. */
const PAGE = 1000;

function readable<T>(path: string, read: (file: BoltFile) => T): T {
  try {
    const file = new BoltFile(path);
    try {
      return read(file);
    } finally {
      file.close();
    }
  } catch (error) {
    if (error instanceof BoltFormatError) throw new EtcdReadError(`${path} is not a readable etcd snapshot: ${error.message}`);
    const code = (error as NodeJS.ErrnoException).code;
    if (code) throw new EtcdReadError(`cannot read ${path}: ${code}`);
    throw error;
  }
}

/** One pass over the revisions, keeping only the keys under `prefix`: memory follows what is asked for, not the database. */
function currentValues(file: BoltFile, prefix: string): Map<string, Buffer> {
  const latest = new Map<string, Buffer>();
  // Revision keys are big-endian, so the bucket's key order is revision order.
  for (const { key, value } of file.bucket('key')) {
    if (key.length !== 17 && key.length !== 18) throw new BoltFormatError(`revision key of ${key.length} bytes`);
    const kv = decodeKeyValue(value);
    if (!kv.key.startsWith(prefix)) continue;
    if (key.length === 18 && key[17] === 0x74 /* t */) latest.delete(kv.key);
    else latest.set(kv.key, kv.value);
  }
  return latest;
}

/** mvccpb.KeyValue: field 1 key (bytes), 2-4 revisions and version (varints), 5 value (bytes), 6 lease (varint). */
export function decodeKeyValue(message: Buffer): { key: string; value: Buffer } {
  let key: Buffer | undefined;
  let value: Buffer = Buffer.alloc(0);
  let at = 0;
  while (at < message.length) {
    const tag = readVarint(message, at);
    at = tag.next;
    const field = tag.value >>> 3;
    const wire = tag.value & 7;
    if (wire === 0) {
      at = readVarint(message, at).next;
    } else if (wire === 2) {
      const length = readVarint(message, at);
      at = length.next;
      if (at + length.value > message.length) throw new BoltFormatError('KeyValue field runs past its message');
      const bytes = message.subarray(at, at + length.value);
      at += length.value;
      if (field === 1) key = bytes;
      else if (field === 5) value = bytes;
    } else {
      throw new BoltFormatError(`KeyValue has wire type ${wire}`);
    }
  }
  if (!key) throw new BoltFormatError('KeyValue without a key');
  return { key: key.toString('utf8'), value };
}

function readVarint(buffer: Buffer, start: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  for (let at = start; at < buffer.length && shift < 64; at++) {
    const byte = buffer[at]!;
    // Lengths and tags fit in 32 bits; revisions beyond that are skipped, never used.
    if (shift < 32) value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return { value: value > 0xffffffff ? 0xffffffff : value, next: at + 1 };
  }
  throw new BoltFormatError('truncated varint');
}
