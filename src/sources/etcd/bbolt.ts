import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * A read-only reader for bbolt, the database etcd stores its data in and `etcdctl snapshot save` writes out. Only
 * what walking one bucket needs: the two meta pages, branch and leaf pages, overflow pages and inline buckets. The
 * file is untrusted: every offset is bounds-checked, a page is never visited twice in one walk and depth is capped,
 * so a crafted file ends in a BoltFormatError, never a hang or an out-of-range read.
 */

export class BoltFormatError extends Error {}

const MAGIC = 0xed0cdaed;
const VERSION = 2;
const PAGE_HEADER = 16;
const ELEMENT = 16;
const BRANCH = 0x01;
const LEAF = 0x02;
const META = 0x04;
const BUCKET_LEAF_FLAG = 0x01;
const MAX_DEPTH = 64;
const MAX_PAGE_SIZE = 64 * 1024;
/** A page with its overflow pages; etcd's values are at most a few MiB. */
const MAX_PAGE_RUN = 256 * 1024 * 1024;

interface Page {
  id: bigint;
  flags: number;
  count: number;
  data: Buffer;
}

export class BoltFile {
  private readonly fd: number;
  private readonly size: number;
  readonly pageSize: number;
  private readonly root: bigint;

  constructor(path: string) {
    this.fd = openSync(path, 'r');
    try {
      this.size = fstatSync(this.fd).size;
      const meta = this.pickMeta();
      this.pageSize = meta.pageSize;
      this.root = meta.root;
    } catch (error) {
      closeSync(this.fd);
      throw error;
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  /** Every key and value of a top-level bucket, in key order. Values are copies, safe to keep. */
  *bucket(name: string): Generator<{ key: Buffer; value: Buffer }> {
    const wanted = Buffer.from(name);
    for (const entry of this.walk(this.root, undefined, new Set(), 0)) {
      if (!entry.bucket || !entry.key.equals(wanted)) continue;
      const root = entry.value.length >= 16 ? entry.value.readBigUInt64LE(0) : undefined;
      if (root === undefined) throw new BoltFormatError(`bucket "${name}" has a truncated header`);
      // root 0: an inline bucket, its single leaf page stored in the value after the header.
      const inline = root === 0n ? this.inlinePage(entry.value.subarray(16)) : undefined;
      for (const child of this.walk(root, inline, new Set(), 0)) if (!child.bucket) yield { key: child.key, value: child.value };
      return;
    }
    throw new BoltFormatError(`no "${name}" bucket: not an etcd database`);
  }

  private *walk(id: bigint, given: Page | undefined, seen: Set<bigint>, depth: number): Generator<{ key: Buffer; value: Buffer; bucket: boolean }> {
    if (depth > MAX_DEPTH) throw new BoltFormatError('tree deeper than any real database');
    if (!given) {
      if (seen.has(id)) throw new BoltFormatError(`page ${id} is referenced twice (cycle)`);
      seen.add(id);
    }
    const page = given ?? this.page(id);
    const elements = PAGE_HEADER + page.count * ELEMENT;
    if (elements > page.data.length) throw new BoltFormatError(`page ${page.id}: ${page.count} elements overrun the page`);
    for (let i = 0; i < page.count; i++) {
      const at = PAGE_HEADER + i * ELEMENT;
      if (page.flags & BRANCH) {
        const pos = page.data.readUInt32LE(at);
        const ksize = page.data.readUInt32LE(at + 4);
        slice(page, at + pos, ksize);
        yield* this.walk(page.data.readBigUInt64LE(at + 8), undefined, seen, depth + 1);
      } else if (page.flags & LEAF) {
        const flags = page.data.readUInt32LE(at);
        const pos = page.data.readUInt32LE(at + 4);
        const ksize = page.data.readUInt32LE(at + 8);
        const vsize = page.data.readUInt32LE(at + 12);
        const key = slice(page, at + pos, ksize);
        const value = slice(page, at + pos + ksize, vsize);
        yield { key: Buffer.from(key), value: Buffer.from(value), bucket: (flags & BUCKET_LEAF_FLAG) !== 0 };
      } else {
        throw new BoltFormatError(`page ${page.id} is neither a branch nor a leaf (flags ${page.flags})`);
      }
    }
  }

  private inlinePage(data: Buffer): Page {
    if (data.length < PAGE_HEADER) throw new BoltFormatError('inline bucket page truncated');
    return { id: 0n, flags: data.readUInt16LE(8), count: data.readUInt16LE(10), data };
  }

  private page(id: bigint): Page {
    const offset = id * BigInt(this.pageSize);
    if (id < 2n || offset + BigInt(PAGE_HEADER) > BigInt(this.size)) throw new BoltFormatError(`page ${id} lies outside the file`);
    const header = this.read(Number(offset), PAGE_HEADER);
    if (header.readBigUInt64LE(0) !== id) throw new BoltFormatError(`page ${id} carries the id ${header.readBigUInt64LE(0)}`);
    const overflow = header.readUInt32LE(12);
    const length = (overflow + 1) * this.pageSize;
    if (length > MAX_PAGE_RUN || Number(offset) + length > this.size) throw new BoltFormatError(`page ${id} with ${overflow} overflow pages runs past the end of the file`);
    return { id, flags: header.readUInt16LE(8), count: header.readUInt16LE(10), data: this.read(Number(offset), length) };
  }

  /** The valid meta page with the highest transaction ID, as bbolt itself picks it. */
  private pickMeta(): { pageSize: number; root: bigint } {
    const firstMeta = parseMeta(this.read(0, Math.min(this.size, 4096)));
    // With the first meta page damaged, the second is looked for where the usual 4 KiB page size puts it.
    const second = firstMeta?.pageSize ?? 4096;
    const candidates = [firstMeta, this.size > second ? parseMeta(this.read(second, Math.min(this.size - second, 4096))) : undefined];
    const valid = candidates.filter((m): m is NonNullable<typeof m> => m !== undefined);
    if (valid.length === 0) throw new BoltFormatError('not a bbolt database (no valid meta page): not an etcd snapshot');
    return valid.reduce((a, b) => (b.txid > a.txid ? b : a));
  }

  private read(position: number, length: number): Buffer {
    if (length < 0 || position < 0 || position + length > this.size) throw new BoltFormatError('read past the end of the file');
    const buffer = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, buffer, done, length - done, position + done);
      if (n === 0) throw new BoltFormatError('file shrank while being read');
      done += n;
    }
    return buffer;
  }
}

function slice(page: Page, start: number, length: number): Buffer {
  if (start + length > page.data.length) throw new BoltFormatError(`page ${page.id}: an element points past the page`);
  return page.data.subarray(start, start + length);
}

function parseMeta(page: Buffer): { pageSize: number; root: bigint; txid: bigint } | undefined {
  if (page.length < PAGE_HEADER + 64) return undefined;
  if ((page.readUInt16LE(8) & META) === 0) return undefined;
  // magic, version, pageSize, flags, root bucket {pgid, sequence}, freelist, high-water pgid, txid, checksum.
  const meta = page.subarray(PAGE_HEADER, PAGE_HEADER + 64);
  if (meta.readUInt32LE(0) !== MAGIC || meta.readUInt32LE(4) !== VERSION) return undefined;
  if (meta.readBigUInt64LE(56) !== fnv64a(meta.subarray(0, 56))) return undefined;
  const pageSize = meta.readUInt32LE(8);
  if (pageSize < 512 || pageSize > MAX_PAGE_SIZE || (pageSize & (pageSize - 1)) !== 0) return undefined;
  return { pageSize, root: meta.readBigUInt64LE(16), txid: meta.readBigUInt64LE(48) };
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

/** bbolt checksums its meta page with FNV-1a (64 bit). */
export function fnv64a(data: Buffer): bigint {
  let hash = FNV_OFFSET;
  for (const byte of data) hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK;
  return hash;
}
