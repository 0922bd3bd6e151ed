import { closeSync, constants, fstatSync, openSync, readlinkSync, readSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { setImmediate as turn } from 'node:timers/promises';
import type { ScanError } from '../../core/finding.js';
import { decodeText as decodeLenient, looksBinary } from '../binary.js';
import { formatBytes } from '../../core/bytes.js';
import { isInside } from './inside.js';

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

export type ReadResult = { ok: true; text: string } | { ok: false; error: ScanError };

/** O_NONBLOCK: a FIFO swapped in after the walk looked opens at once instead of waiting for a writer. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
/**
 * The first read of a file searched for secrets: enough for nearly every source file at once, little for an image or
 * an archive, which its head shows to be binary before the rest is read.
 */
const HEAD_BYTES = 64 * 1024;
/** Texts are decoded out of one reused buffer, up to this size; larger files get a buffer of their own. */
const SCRATCH_BYTES = 1024 * 1024;
/** Reading is synchronous (see readInBatches): other work gets a turn of the event loop after this many files or bytes. */
const BATCH_FILES = 256;
const BATCH_BYTES = 8 * 1024 * 1024;

/** The bytes of a regular file of at most `maxBytes`; anything else throws with a reason. */
export async function readRegularFile(path: string, maxBytes: number): Promise<Buffer> {
  return readRegularFileSync(path, maxBytes);
}

/** readRegularFile, for a caller that reads synchronously anyway (the walk: see visitTree). */
export function readRegularFileSync(path: string, maxBytes: number): Buffer {
  const read = readBytes(path, maxBytes);
  if (read.status === 'not-regular') throw new Error('not a regular file');
  if (read.status === 'outside') throw new Error(OUTSIDE_MESSAGE);
  if (read.status === 'too-large') throw new Error(`file is ${formatBytes(read.size)}, over the ${formatBytes(maxBytes)} limit`);
  return read.buffer;
}

/**
 * Reads a file as UTF-8 text without ever loading more than the limit: a 100 MB file is refused
 * from its size, binary content from a NUL byte, and invalid UTF-8 is reported with its line.
 */
export function readTextFile(path: string, display: string, maxBytes: number, within?: string): ReadResult {
  try {
    const read = readBytes(path, maxBytes, { into: scratch, within });
    if (read.status === 'not-regular') return fail(display, 'not a regular file');
    if (read.status === 'outside') return fail(display, OUTSIDE_MESSAGE);
    if (read.status === 'too-large') {
      return fail(display, `file is ${formatBytes(read.size)}, over the ${formatBytes(maxBytes)} limit (raise --max-file-size to scan it)`);
    }
    return decodeText(read.buffer, display);
  } catch (error) {
    return fail(display, `cannot read file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/**
 * Any other file of a tree, read only to look for leaked secrets: binary content is passed over quietly (undefined),
 * invalid UTF-8 is decoded leniently, and an oversized file is a warning, since no manifest was lost.
 */
export function readOtherFile(path: string, display: string, maxBytes: number, within?: string): ReadResult | undefined {
  try {
    const read = readBytes(path, maxBytes, { sniff: true, into: scratch, within });
    if (read.status === 'not-regular' || read.status === 'binary') return undefined;
    if (read.status === 'outside') return fail(display, OUTSIDE_MESSAGE);
    if (read.status === 'too-large') {
      return { ok: false, error: { file: display, message: `file is ${formatBytes(read.size)}, over the ${formatBytes(maxBytes)} limit: not searched for secrets (raise --max-file-size)`, level: 'warning' } };
    }
    // Most source files are ASCII, which is its own UTF-8 decoding: copied as Latin-1, at a fraction of the cost.
    return { ok: true, text: isAscii(read.buffer) ? read.buffer.toString('latin1') : decodeLenient(read.buffer) };
  } catch (error) {
    return { ok: false, error: { file: display, message: `cannot read file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, level: 'warning' } };
  }
}

/**
 * Each item's read, in order, the event loop getting a turn after every batch. Reads are synchronous because a tree is
 * mostly small files: through the thread pool, the open, fstat, read and close of each cost several times the CPU
 * of the reads themselves (measured on a 190 MB dependency tree: 1.3 s of CPU against 0.2 s), and the search that
 * consumes the texts runs on this thread anyway.
 */
export async function* readInBatches<T, R extends ReadResult | undefined>(items: readonly T[], read: (item: T) => R): AsyncGenerator<{ item: T; read: R }> {
  let files = 0;
  let bytes = 0;
  for (const item of items) {
    const result = read(item);
    yield { item, read: result };
    bytes += result?.ok ? result.text.length : 0;
    if (++files >= BATCH_FILES || bytes >= BATCH_BYTES) {
      await turn();
      files = 0;
      bytes = 0;
    }
  }
}

type BytesRead = { status: 'ok'; buffer: Buffer } | { status: 'not-regular' } | { status: 'too-large'; size: number } | { status: 'outside' };
interface ReadOptions {
  /** The real path of a directory the file must be in once opened (see `openedOutside`). */
  within?: string | undefined;
  /** Binary content is recognised from the first read (HEAD_BYTES), and the rest never read. */
  sniff?: boolean;
  /** A reused buffer: a file that fits is read into it, and the result is a view of it. */
  into?: { buffer: Buffer };
}

/** The reused buffer texts are read into; only safe while nothing holds a view of it past the decoding. */
const scratch = { buffer: Buffer.allocUnsafe(0) };

/**
 * The bytes of the regular file at `path` (checked on the open descriptor, so no swap can slip in between), at most
 * `maxBytes` of them. Most files take one open, one fstat and one read: the buffer has room for one byte more than
 * fstat said, so a file read whole is told from one that grew since, or a /proc file that says it is empty, which are
 * read on to their end, up to the limit.
 */
function readBytes(path: string, maxBytes: number, options?: Omit<ReadOptions, 'sniff'>): BytesRead;
function readBytes(path: string, maxBytes: number, options: ReadOptions): BytesRead | { status: 'binary' };
function readBytes(path: string, maxBytes: number, { sniff, into, within }: ReadOptions = {}): BytesRead | { status: 'binary' } {
  const fd = openSync(path, OPEN_FLAGS);
  try {
    if (within !== undefined && openedOutside(fd, within)) return { status: 'outside' };
    const info = fstatSync(fd);
    if (!info.isFile()) return { status: 'not-regular' };
    if (info.size > maxBytes) return { status: 'too-large', size: info.size };
    let buffer = bufferFor(info.size + 1, into);
    let length = 0;
    for (;;) {
      const wanted = sniff && length === 0 ? Math.min(buffer.length, HEAD_BYTES) : buffer.length - length;
      const bytesRead = readSync(fd, buffer, length, wanted, length);
      if (sniff && length === 0 && looksBinary(buffer.subarray(0, bytesRead))) return { status: 'binary' };
      length += bytesRead;
      // Asked for more than arrived, and all fstat said is there: the end of the file, no further read.
      if (bytesRead === 0 || (length === info.size && bytesRead < wanted)) return { status: 'ok', buffer: buffer.subarray(0, length) };
      if (length > maxBytes) return { status: 'too-large', size: length };
      if (length === buffer.length) {
        const grown = bufferFor(Math.min(buffer.length * 2 + 4096, maxBytes + 1));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
    }
  } finally {
    closeSync(fd);
  }
}

const OUTSIDE_MESSAGE = 'resolves outside the scanned directory since the walk listed it (a directory or the file was replaced by a symbolic link), not read';

/** Linux names every open descriptor's file in /proc/self/fd; elsewhere, or with no /proc mounted, nothing is checked. */
let descriptorLinks: boolean | undefined;

/**
 * Whether the file open at `fd` is outside the directory `within` (a real path). The walk checked every path it
 * listed, but a directory on the way, or the file itself, can be replaced by a symbolic link before the read, which
 * `open` would follow anywhere; the kernel's own name for the open descriptor settles where it went, at the cost of one
 * readlink per file. Node has no `openat` to walk the path from the root's descriptor instead.
 */
function openedOutside(fd: number, within: string): boolean {
  descriptorLinks ??= process.platform === 'linux' && canReadLink(`/proc/self/fd/${fd}`);
  return descriptorLinks && !isInside(within, readlinkSync(`/proc/self/fd/${fd}`));
}

function canReadLink(path: string): boolean {
  try {
    readlinkSync(path);
    return true;
  } catch {
    return false;
  }
}

function bufferFor(size: number, into?: { buffer: Buffer }): Buffer {
  if (!into || size > SCRATCH_BYTES) return Buffer.allocUnsafe(size);
  if (into.buffer.length < size) into.buffer = Buffer.allocUnsafe(Math.min(SCRATCH_BYTES, Math.max(size, into.buffer.length * 2, 64 * 1024)));
  return into.buffer.subarray(0, size);
}

export function decodeText(buffer: Buffer, display: string): ReadResult {
  const probe = buffer.subarray(0, 8192);
  if (probe.includes(0)) return fail(display, 'binary content (NUL byte), not scanned');
  // ASCII is valid UTF-8 and its own decoding (no BOM either): copied as Latin-1 at a fraction of the validating decode.
  if (isAscii(buffer)) return { ok: true, text: buffer.toString('latin1') };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer);
    return { ok: true, text };
  } catch {
    const line = firstInvalidUtf8Line(buffer);
    return { ok: false, error: { file: display, line, message: 'not valid UTF-8 text, not scanned' } };
  }
}

function firstInvalidUtf8Line(buffer: Buffer): number {
  let line = 1;
  let i = 0;
  while (i < buffer.length) {
    const byte = buffer[i]!;
    if (byte === 0x0a) line++;
    const length = byte < 0x80 ? 1 : byte >> 5 === 0x6 ? 2 : byte >> 4 === 0xe ? 3 : byte >> 3 === 0x1e ? 4 : 0;
    if (length === 0) return line;
    for (let k = 1; k < length; k++) if (((buffer[i + k] ?? 0) & 0xc0) !== 0x80) return line;
    i += length;
  }
  return line;
}

function fail(file: string, message: string): ReadResult {
  return { ok: false, error: { file, message } };
}
