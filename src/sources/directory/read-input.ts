import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { ScanError } from '../../core/finding.js';
import { decodeText as decodeLenient, looksBinary, SNIFF_BYTES } from '../binary.js';

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
  const opened = await openRegularFile(path);
  if (!opened) throw new Error('not a regular file');
  try {
    if (opened.info.size > maxBytes) throw new Error(`file is ${formatBytes(opened.info.size)}, over the ${formatBytes(maxBytes)} limit`);
    return await opened.handle.readFile();
  } finally {
    await opened.handle.close();
  }
}

/**
 * Reads a file as UTF-8 text without ever loading more than the limit: a 100 MB file is refused
 * from its size, binary content from a NUL byte, and invalid UTF-8 is reported with its line.
 */
export async function readTextFile(path: string, display: string, maxBytes: number): Promise<ReadResult> {
  let opened;
  try {
    opened = await openRegularFile(path);
    if (!opened) return fail(display, 'not a regular file');
    const { handle, info } = opened;
    if (info.size > maxBytes) {
      return fail(display, `file is ${formatBytes(info.size)}, over the ${formatBytes(maxBytes)} limit (raise --max-file-size to scan it)`);
    }
    const buffer = await handle.readFile();
    return decodeText(buffer, display);
  } catch (error) {
    return fail(display, `cannot read file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  } finally {
    await opened?.handle.close();
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

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
