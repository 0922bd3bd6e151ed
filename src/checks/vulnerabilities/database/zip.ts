import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32, inflateRawSync } from 'node:zlib';

export interface ZipLimits {
  /** Entries in the central directory, directories included. */
  maxEntries: number;
  /** Uncompressed bytes of one entry. */
  maxEntrySize: number;
  /** Uncompressed bytes of all entries together. */
  maxTotalSize: number;
}

// OSV's all.zip of every ecosystem holds ~500k records of a few KB each; these limits leave room
// for growth while stopping zip bombs long before memory runs out.
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 5_000_000,
  maxEntrySize: 32 * 1024 * 1024,
  maxTotalSize: 64 * 1024 * 1024 * 1024,
};

export interface ZipEntry {
  name: string;
  data: Buffer;
}

export class ZipError extends Error {
  override name = 'ZipError';
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U32_MAX = 0xffffffff;

interface Archive {
  readonly size: number;
  read(position: number, length: number): Buffer;
}

/** Positional reads on a descriptor, so the archive never has to fit in memory. */
class FileArchive implements Archive {
  readonly size: number;
  constructor(private readonly fd: number) {
    this.size = fstatSync(fd).size;
  }

  read(position: number, length: number): Buffer {
    if (position < 0 || position + length > this.size) throw new ZipError('truncated archive: read past the end of the file');
    const buffer = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, buffer, done, length - done, position + done);
      if (n === 0) throw new ZipError('truncated archive: unexpected end of file');
      done += n;
    }
    return buffer;
  }
}

/** An archive already in memory (a jar read from an image layer or nested in another jar). */
class BytesArchive implements Archive {
  readonly size: number;
  constructor(private readonly bytes: Uint8Array) {
    this.size = bytes.length;
  }

  read(position: number, length: number): Buffer {
    if (position < 0 || position + length > this.size) throw new ZipError('truncated archive: read past the end of the file');
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + position, length);
  }
}

function u64(buffer: Buffer, offset: number): number {
  const value = buffer.readBigUInt64LE(offset);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('zip64 value out of range');
  return Number(value);
}

interface Directory {
  entries: number;
  offset: number;
  size: number;
}

function findDirectory(archive: Archive): Directory {
  // The end record is 22 bytes plus a comment of at most 65,535 bytes.
  const tailLength = Math.min(archive.size, 22 + 0xffff);
  const tail = archive.read(archive.size - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at === -1) throw new ZipError('not a zip archive or truncated: no end of central directory record');
  let directory: Directory = { entries: tail.readUInt16LE(at + 10), size: tail.readUInt32LE(at + 12), offset: tail.readUInt32LE(at + 16) };
  if (directory.entries === 0xffff || directory.size === U32_MAX || directory.offset === U32_MAX) {
    const locatorAt = archive.size - tailLength + at - 20;
    const locator = archive.read(locatorAt, 20);
    if (locator.readUInt32LE(0) !== ZIP64_LOCATOR) throw new ZipError('zip64 end of central directory locator missing');
    const record = archive.read(u64(locator, 8), 56);
    if (record.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipError('zip64 end of central directory record missing');
    directory = { entries: u64(record, 32), size: u64(record, 40), offset: u64(record, 48) };
  }
  if (directory.offset + directory.size > archive.size) throw new ZipError('truncated archive: central directory past the end of the file');
  return directory;
}

/** Rejects names that would escape an extraction root, even though we never extract: such an archive is hostile. */
function checkName(name: string): void {
  const normalized = name.replace(/\\/g, '/');
  if (
    normalized.includes('\0') ||
    normalized.startsWith('/') ||
    /^[a-zA-Z]:/.test(normalized) ||
    normalized.split('/').includes('..')
  ) {
    throw new ZipError(`unsafe entry name: ${JSON.stringify(name)}`);
  }
}

interface CentralEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** Sizes and offset from the zip64 extra field, for the fields the fixed header saturates. */
function applyZip64(entry: CentralEntry, extra: Buffer): void {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const take = (): number => {
        if (field + 8 > at + 4 + length) throw new ZipError(`malformed zip64 extra field in ${entry.name}`);
        const value = u64(extra, field);
        field += 8;
        return value;
      };
      if (entry.size === U32_MAX) entry.size = take();
      if (entry.compressedSize === U32_MAX) entry.compressedSize = take();
      if (entry.localOffset === U32_MAX) entry.localOffset = take();
      return;
    }
    at += 4 + length;
  }
}

/** Central directory records, read in chunks. */
function* centralEntries(archive: Archive, directory: Directory): Generator<CentralEntry> {
  const CHUNK = 1 << 20;
  let buffer = Buffer.alloc(0);
  let position = directory.offset;
  const end = directory.offset + directory.size;
  const ensure = (length: number): void => {
    if (buffer.length >= length) return;
    const want = Math.min(Math.max(length - buffer.length, CHUNK), end - position);
    if (buffer.length + want < length) throw new ZipError('truncated central directory');
    buffer = Buffer.concat([buffer, archive.read(position, want)]);
    position += want;
  };
  for (let i = 0; i < directory.entries; i++) {
    ensure(46);
    if (buffer.readUInt32LE(0) !== CENTRAL) throw new ZipError('corrupt central directory');
    const nameLength = buffer.readUInt16LE(28);
    const extraLength = buffer.readUInt16LE(30);
    const commentLength = buffer.readUInt16LE(32);
    const total = 46 + nameLength + extraLength + commentLength;
    ensure(total);
    const entry: CentralEntry = {
      flags: buffer.readUInt16LE(8),
      method: buffer.readUInt16LE(10),
      crc: buffer.readUInt32LE(16),
      compressedSize: buffer.readUInt32LE(20),
      size: buffer.readUInt32LE(24),
      localOffset: buffer.readUInt32LE(42),
      name: buffer.toString('utf8', 46, 46 + nameLength),
    };
    applyZip64(entry, buffer.subarray(46 + nameLength, 46 + nameLength + extraLength));
    buffer = buffer.subarray(total);
    yield entry;
  }
}

function inflate(archive: Archive, entry: CentralEntry, limits: ZipLimits): Buffer {
  const header = archive.read(entry.localOffset, 30);
  if (header.readUInt32LE(0) !== LOCAL) throw new ZipError(`corrupt local header for ${entry.name}`);
  // Sizes come from the central directory: with a data descriptor (flag bit 3) the local header has zeros.
  // Deflate never grows data by more than a few bytes per 16 KB block, so a larger claim is a lie.
  if (entry.compressedSize > limits.maxEntrySize + (limits.maxEntrySize >> 10) + 1024)
    throw new ZipError(`entry too large: ${entry.name} (${entry.compressedSize} bytes compressed)`);
  const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const compressed = archive.read(start, entry.compressedSize);
  let data: Buffer;
  if (entry.method === 0) {
    data = compressed;
  } else {
    try {
      data = inflateRawSync(compressed, { maxOutputLength: limits.maxEntrySize });
    } catch (error) {
      throw new ZipError(`cannot inflate ${entry.name}: ${(error as Error).message}`);
    }
  }
  if (data.length !== entry.size) throw new ZipError(`size mismatch in ${entry.name}: ${data.length} bytes, ${entry.size} declared`);
  if (crc32(data) !== entry.crc) throw new ZipError(`CRC mismatch in ${entry.name}`);
  return data;
}

/**
 * Reads the files of a zip archive one at a time. Throws ZipError on anything suspicious (unsafe
 * names, limits, encryption, unknown compression, CRC or size mismatch, truncation): an import
 * from a damaged or hostile archive must fail as a whole rather than yield a partial database.
 */
export function* readZipEntries(path: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Generator<ZipEntry> {
  const fd = openSync(path, 'r');
  try {
    yield* entriesOf(new FileArchive(fd), limits);
  } finally {
    closeSync(fd);
  }
}

/**
 * readZipEntries over bytes in memory. `wanted` skips entries by name before they are inflated (a jar's classes are
 * of no interest to an inventory); skipped entries still count towards the limits.
 */
export function* readZipBytes(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS, wanted: (name: string) => boolean = () => true): Generator<ZipEntry> {
  yield* entriesOf(new BytesArchive(bytes), limits, wanted);
}

function* entriesOf(archive: Archive, limits: ZipLimits, wanted: (name: string) => boolean = () => true): Generator<ZipEntry> {
  {
    const directory = findDirectory(archive);
    if (directory.entries > limits.maxEntries) throw new ZipError(`too many entries: ${directory.entries} > ${limits.maxEntries}`);
    let total = 0;
    for (const entry of centralEntries(archive, directory)) {
      checkName(entry.name);
      if (entry.name.endsWith('/')) continue;
      if (entry.flags & 0x1) throw new ZipError(`encrypted entry: ${entry.name}`);
      if (entry.method !== 0 && entry.method !== 8) throw new ZipError(`unsupported compression method ${entry.method} in ${entry.name}`);
      if (entry.size > limits.maxEntrySize) throw new ZipError(`entry too large: ${entry.name} (${entry.size} bytes)`);
      total += entry.size;
      if (total > limits.maxTotalSize) throw new ZipError(`archive too large: more than ${limits.maxTotalSize} bytes uncompressed`);
      if (wanted(entry.name)) yield { name: entry.name, data: inflate(archive, entry, limits) };
    }
  }
}
