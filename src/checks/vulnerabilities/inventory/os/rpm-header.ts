/**
 * RPM header blobs as stored in rpmdb.sqlite's `Packages.blob` (and BerkeleyDB/ndb values): no lead or magic, just
 * `il` (index entry count) and `dl` (data size), both big-endian uint32, then `il` 16-byte index entries
 * (tag, type, offset, count) and `dl` bytes of data. Only the tags we need are decoded; every offset is bounds-checked
 * because the blob comes from an untrusted image.
 */
export const RPMTAG = {
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  ARCH: 1022,
  SOURCERPM: 1044,
} as const;

const TYPE_INT32 = 4;
const TYPE_STRING = 6;
const TYPE_I18NSTRING = 9;
const ENTRY_SIZE = 16;
// rpm itself refuses headers beyond these (lib/header.c: HEADER_TAGS_MAX / HEADER_DATA_MAX).
const MAX_ENTRIES = 0xffff;
const MAX_DATA = 256 * 1024 * 1024;

export interface RpmHeader {
  name: string;
  version: string;
  release: string;
  epoch?: number;
  arch?: string;
  sourceRpm?: string;
}

export type HeaderResult = { header: RpmHeader } | { error: string };

export function parseRpmHeader(blob: Uint8Array): HeaderResult {
  if (blob.length < 8) return { error: `header blob of ${blob.length} bytes is too short` };
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const il = view.getUint32(0);
  const dl = view.getUint32(4);
  if (il === 0 || il > MAX_ENTRIES || dl > MAX_DATA) return { error: `implausible header sizes (entries ${il}, data ${dl})` };
  const dataStart = 8 + il * ENTRY_SIZE;
  if (dataStart + dl > blob.length) return { error: `header declares ${dataStart + dl} bytes but blob has ${blob.length}` };

  const strings = new Map<number, string>();
  let epoch: number | undefined;
  for (let i = 0; i < il; i++) {
    const at = 8 + i * ENTRY_SIZE;
    const tag = view.getUint32(at);
    const type = view.getUint32(at + 4);
    const offset = view.getUint32(at + 8);
    const count = view.getUint32(at + 12);
    if (!Object.values(RPMTAG).includes(tag as (typeof RPMTAG)[keyof typeof RPMTAG])) continue;
    if (offset >= dl) return { error: `tag ${tag} points outside the data area` };
    if (tag === RPMTAG.EPOCH) {
      if (type !== TYPE_INT32 || count < 1 || offset + 4 > dl) return { error: 'EPOCH is not a 32-bit integer' };
      epoch = view.getUint32(dataStart + offset);
      continue;
    }
    if (type !== TYPE_STRING && type !== TYPE_I18NSTRING) return { error: `tag ${tag} has type ${type}, expected a string` };
    const start = dataStart + offset;
    const end = blob.indexOf(0, start);
    if (end < 0 || end >= dataStart + dl) return { error: `string for tag ${tag} is not terminated` };
    strings.set(tag, new TextDecoder().decode(blob.subarray(start, end)));
  }
  const name = strings.get(RPMTAG.NAME);
  const version = strings.get(RPMTAG.VERSION);
  const release = strings.get(RPMTAG.RELEASE);
  if (!name || !version || release === undefined) return { error: 'header lacks NAME, VERSION or RELEASE' };
  const header: RpmHeader = { name, version, release };
  if (epoch !== undefined) header.epoch = epoch;
  const arch = strings.get(RPMTAG.ARCH);
  if (arch) header.arch = arch;
  const sourceRpm = strings.get(RPMTAG.SOURCERPM);
  if (sourceRpm) header.sourceRpm = sourceRpm;
  return { header };
}

/** `openssl-3.0.7-16.el9.src.rpm` → name `openssl`, version `3.0.7-16.el9`: name-version-release, split from the right. */
export function parseSourceRpm(sourceRpm: string): { name: string; version: string } | undefined {
  const stem = sourceRpm.replace(/\.(?:no)?src\.rpm$/, '');
  const releaseDash = stem.lastIndexOf('-');
  const versionDash = releaseDash > 0 ? stem.lastIndexOf('-', releaseDash - 1) : -1;
  if (versionDash <= 0) return undefined;
  return { name: stem.slice(0, versionDash), version: stem.slice(versionDash + 1) };
}
