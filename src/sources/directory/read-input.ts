import { close, constants, fstat, open as openFd, read, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { ScanError } from '../../core/finding.js';
import { decodeText as decodeLenient, looksBinary, SNIFF_BYTES } from '../binary.js';
import { formatBytes } from '../../core/bytes.js';

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

export type ReadResult = { ok: true; text: string } | { ok: false; error: ScanError };

/** O_NONBLOCK: a FIFO swapped in after the walk looked opens at once instead of waiting for a writer. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Opens `path` for reading only if it is a regular file (checked on the open handle, so no swap can slip in between). */
export async function openRegularFile(path: string): Promise<{ handle: FileHandle; info: Stats } | undefined> {
  const handle = await open(path, OPEN_FLAGS);
  try {
    const info = await handle.stat();
    if (info.isFile()) return { handle, info };
  } catch (error) {
    await handle.close();
    throw error;
  }
  await handle.close();
  return undefined;
}

/** The bytes of a regular file of at most `maxBytes`; anything else throws with a reason. */
export async function readRegularFile(path: string, maxBytes: number): Promise<Buffer> {
  const read = await readBytes(path, maxBytes);
  if (read.status === 'not-regular') throw new Error('not a regular file');
  if (read.status === 'too-large') throw new Error(`file is ${formatBytes(read.size)}, over the ${formatBytes(maxBytes)} limit`);
  return read.buffer;
}

/**
 * Reads a file as UTF-8 text without ever loading more than the limit: a 100 MB file is refused
 * from its size, binary content from a NUL byte, and invalid UTF-8 is reported with its line.
 */
export async function readTextFile(path: string, display: string, maxBytes: number): Promise<ReadResult> {
  try {
    const read = await readBytes(path, maxBytes);
    if (read.status === 'not-regular') return fail(display, 'not a regular file');
    if (read.status === 'too-large') {
      return fail(display, `file is ${formatBytes(read.size)}, over the ${formatBytes(maxBytes)} limit (raise --max-file-size to scan it)`);
    }
    return decodeText(read.buffer, display);
  } catch (error) {
    return fail(display, `cannot read file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

const openFile = promisify(openFd);
const statFile = promisify(fstat);
const readFile = promisify(read);
const closeFile = promisify(close);

type BytesRead = { status: 'ok'; buffer: Buffer } | { status: 'not-regular' } | { status: 'too-large'; size: number };

/**
 * The bytes of the regular file at `path` (checked on the open descriptor, so no swap can slip in between), at most
 * `maxBytes` of them. Most files take one open, one fstat and one read: the buffer has room for one byte more than
 * fstat said, so a file read whole is told from one that grew since, or a /proc file that says it is empty, which are
 * read on to their end, up to the limit. Plain descriptors, not FileHandles: a scan opens thousands of small files.
 */
async function readBytes(path: string, maxBytes: number): Promise<BytesRead> {
  const fd = await openFile(path, OPEN_FLAGS);
  try {
    const info = await statFile(fd);
    if (!info.isFile()) return { status: 'not-regular' };
    if (info.size > maxBytes) return { status: 'too-large', size: info.size };
    let buffer = Buffer.allocUnsafe(info.size + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await readFile(fd, buffer, length, buffer.length - length, length);
      length += bytesRead;
      // Asked for one byte more than fstat said and got exactly that size: the end of the file, no second read.
      if (bytesRead === 0 || (length === info.size && length < buffer.length)) return { status: 'ok', buffer: buffer.subarray(0, length) };
      if (length > maxBytes) return { status: 'too-large', size: length };
      if (length === buffer.length) {
        const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2 + 4096, maxBytes + 1));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
    }
  } finally {
    await closeFile(fd);
  }
}

/**
 * Any other file of a tree, read only to look for leaked secrets: binary content is passed over quietly (undefined),
 * invalid UTF-8 is decoded leniently, and an oversized file is a warning, since no manifest was lost.
 */
export async function readOtherFile(path: string, display: string, maxBytes: number): Promise<ReadResult | undefined> {
  let opened;
  try {
    opened = await openRegularFile(path);
    if (!opened) return undefined;
    const { handle, info } = opened;
    if (info.size > maxBytes) {
      return { ok: false, error: { file: display, message: `file is ${formatBytes(info.size)}, over the ${formatBytes(maxBytes)} limit: not searched for secrets (raise --max-file-size)`, level: 'warning' } };
    }
    // Images, archives and compiled files are the bulk of many trees: sniff the head before reading the whole file.
    const head = Buffer.alloc(Math.min(info.size, SNIFF_BYTES));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (looksBinary(head.subarray(0, bytesRead))) return undefined;
    return { ok: true, text: decodeLenient(await handle.readFile()) };
  } catch (error) {
    return { ok: false, error: { file: display, message: `cannot read file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, level: 'warning' } };
  } finally {
    await opened?.handle.close();
  }
}

export function decodeText(buffer: Buffer, display: string): ReadResult {
  const probe = buffer.subarray(0, 8192);
  if (probe.includes(0)) return fail(display, 'binary content (NUL byte), not scanned');
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
