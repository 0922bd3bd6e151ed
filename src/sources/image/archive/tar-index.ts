import type { FileHandle } from 'node:fs/promises';
import { ArchiveError } from './blob.js';

export interface TarMember {
  name: string;
  /** `file`, `symlink`, `hardlink`, `directory` or `other`. */
  type: 'file' | 'symlink' | 'hardlink' | 'directory' | 'other';
  linkname: string;
  /** Byte offset of the member's data in the archive. */
  offset: number;
  size: number;
}

export interface TarIndexLimits {
  maxMembers: number;
  /** PAX and GNU long-name records are read into memory. */
  maxMetadataSize: number;
}

const BLOCK = 512;
const decoder = new TextDecoder('utf-8');

function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return decoder.decode(end === -1 ? field : field.subarray(0, end));
}

function numeric(block: Buffer, start: number, length: number, what: string): number {
  const field = block.subarray(start, start + length);
  if ((field[0] ?? 0) & 0x80) {
    // GNU base-256, for sizes over 8 GiB.
    let value = (field[0] ?? 0) & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + (field[i] ?? 0);
    if (!Number.isSafeInteger(value)) throw new ArchiveError(`tar ${what} out of range`);
    return value;
  }
  const digits = text(block, start, length).trim();
  if (digits === '') return 0;
  if (!/^[0-7]+$/.test(digits)) throw new ArchiveError(`tar header: invalid ${what} field`);
  return parseInt(digits, 8);
}

function checksumValid(block: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
  const stored = text(block, 148, 8).trim();
  return /^[0-7]+$/.test(stored) && sum === parseInt(stored, 8);
}

function memberType(flag: string): TarMember['type'] {
  switch (flag) {
    case '0':
    case '\0':
    case '':
    case '7':
      return 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '5':
      return 'directory';
    default:
      return 'other';
  }
}

/** PAX records: `<length> <key>=<value>\n`, repeated. */
function parsePax(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space === -1) break;
    const length = parseInt(data.subarray(at, space).toString('ascii'), 10);
    if (!Number.isSafeInteger(length) || length <= 0 || at + length > data.length) throw new ArchiveError('tar: malformed PAX header');
    const record = decoder.decode(data.subarray(space + 1, at + length - 1));
    const equals = record.indexOf('=');
    if (equals > 0) records.set(record.slice(0, equals), record.slice(equals + 1));
    at += length;
  }
  return records;
}

class Reader {
  constructor(
    private readonly file: FileHandle,
    readonly size: number,
  ) {}

  async read(position: number, length: number): Promise<Buffer> {
    if (position + length > this.size) throw new ArchiveError('tar: truncated archive');
    const buffer = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.file.read(buffer, done, length - done, position + done);
      if (bytesRead === 0) throw new ArchiveError('tar: truncated archive');
      done += bytesRead;
    }
    return buffer;
  }
}

/**
 * One pass over the 512-byte headers (ustar, PAX and GNU long names), seeking past member data, so members can
 * later be streamed straight from the archive without extracting anything.
 */
export async function indexTar(file: FileHandle, limits: TarIndexLimits): Promise<Map<string, TarMember>> {
  const reader = new Reader(file, (await file.stat()).size);
  const members = new Map<string, TarMember>();
  let position = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  let pax = new Map<string, string>();
  let count = 0;

  while (position + BLOCK <= reader.size) {
    const block = await reader.read(position, BLOCK);
    if (block.every((byte) => byte === 0)) return members;
    if (!checksumValid(block)) {
      throw new ArchiveError(position === 0 ? 'not a tar archive (bad header checksum)' : `tar: corrupt header at offset ${position}`);
    }
    if (++count > limits.maxMembers) throw new ArchiveError(`tar: more than ${limits.maxMembers} members`);
    const flag = String.fromCharCode(block[156] ?? 0);
    let size = numeric(block, 124, 12, 'size');
    const dataOffset = position + BLOCK;
    position = dataOffset + Math.ceil(size / BLOCK) * BLOCK;
    if (dataOffset + size > reader.size) throw new ArchiveError('tar: truncated archive');

    if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
      if (size > limits.maxMetadataSize) throw new ArchiveError(`tar: ${size}-byte metadata record is over the limit`);
      const data = await reader.read(dataOffset, size);
      if (flag === 'x') pax = parsePax(data);
      else if (flag === 'L') longName = text(data, 0, data.length);
      else if (flag === 'K') longLink = text(data, 0, data.length);
      continue;
    }

    const magic = text(block, 257, 6);
    const prefix = magic.startsWith('ustar') ? text(block, 345, 155) : '';
    const shortName = text(block, 0, 100);
    const name = pax.get('path') ?? longName ?? (prefix ? `${prefix}/${shortName}` : shortName);
    const linkname = pax.get('linkpath') ?? longLink ?? text(block, 157, 100);
    const paxSize = pax.get('size');
    if (paxSize !== undefined) {
      size = Number(paxSize);
      if (!Number.isSafeInteger(size) || size < 0 || dataOffset + size > reader.size) throw new ArchiveError('tar: invalid PAX size');
      position = dataOffset + Math.ceil(size / BLOCK) * BLOCK;
    }
    members.set(name, { name, type: memberType(flag), linkname, offset: dataOffset, size });
    longName = longLink = undefined;
    pax = new Map();
  }
  if (position === 0) throw new ArchiveError('not a tar archive (empty or shorter than one header)');
  // Archives cut right after a member (no end-of-archive blocks) are still usable: every indexed member is whole.
  return members;
}
