import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Validators } from './download.js';

/** One ecosystem's cached `all.zip` and the validators its server sent with it. */
export interface CachedDownload extends Validators {
  url: string;
  /** File name inside the downloads directory. */
  file: string;
  bytes: number;
  sha256: string;
  downloadedAt: string;
}

export type DatabaseSource = { kind: 'download'; baseUrl: string; ecosystems: string[] } | { kind: 'import'; paths: string[] };

/** What the current database was built from; `importedAt` ties it to that database's meta. */
export interface BuiltFrom {
  importedAt: string;
  source: DatabaseSource;
  /** Ecosystem to the sha256 of the zip imported, for downloads. */
  zips: Record<string, string>;
}

export interface UpdateState {
  version: 1;
  downloads: Record<string, CachedDownload>;
  built?: BuiltFrom;
}

const MAX_STATE_BYTES = 4 * 1024 * 1024;

export const emptyState = (): UpdateState => ({ version: 1, downloads: {} });

const isString = (value: unknown): value is string => typeof value === 'string';
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);

function parseDownload(value: unknown): CachedDownload | undefined {
  if (!isRecord(value)) return undefined;
  const { url, file, bytes, sha256, downloadedAt, etag, lastModified } = value;
  // The file name is joined to the downloads directory: anything but a plain name could point elsewhere.
  if (!isString(url) || !isString(file) || !/^[\w.+-]+\.zip$/.test(file) || file.startsWith('.')) return undefined;
  if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0 || !isString(sha256) || !/^[0-9a-f]{64}$/.test(sha256) || !isString(downloadedAt)) return undefined;
  return {
    url,
    file,
    bytes,
    sha256,
    downloadedAt,
    ...(isString(etag) ? { etag } : {}),
    ...(isString(lastModified) ? { lastModified } : {}),
  };
}

function parseSource(value: unknown): DatabaseSource | undefined {
  if (!isRecord(value)) return undefined;
  if (value.kind === 'download' && isString(value.baseUrl) && isStringArray(value.ecosystems))
    return { kind: 'download', baseUrl: value.baseUrl, ecosystems: value.ecosystems };
  if (value.kind === 'import' && isStringArray(value.paths)) return { kind: 'import', paths: value.paths };
  return undefined;
}

function parseBuilt(value: unknown): BuiltFrom | undefined {
  if (!isRecord(value) || !isString(value.importedAt) || !isRecord(value.zips)) return undefined;
  const source = parseSource(value.source);
  if (!source) return undefined;
  const zips = Object.fromEntries(Object.entries(value.zips).filter((entry): entry is [string, string] => isString(entry[1])));
  return { importedAt: value.importedAt, source, zips };
}

/**
 * The state file, or an empty state when it is missing or damaged: losing it only costs one full
 * download, so a bad file must never stop an update.
 */
export function readState(path: string): UpdateState {
  let text: string;
  try {
    const buffer = readFileSync(path);
    if (buffer.length > MAX_STATE_BYTES) return emptyState();
    text = buffer.toString('utf8');
  } catch {
    return emptyState();
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return emptyState();
  }
  if (!isRecord(json) || json.version !== 1) return emptyState();
  const downloads: Record<string, CachedDownload> = {};
  if (isRecord(json.downloads)) {
    for (const [ecosystem, entry] of Object.entries(json.downloads)) {
      const download = parseDownload(entry);
      if (download) downloads[ecosystem] = download;
    }
  }
  const built = parseBuilt(json.built);
  return { version: 1, downloads, ...(built ? { built } : {}) };
}

/** Written to a temp file and renamed, so a crash leaves the old state or the new one. */
export function writeState(path: string, state: UpdateState): void {
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`, { flag: 'wx' });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * Whether the database must be rebuilt from `zips` (ecosystem to sha256): not when it was built
 * from exactly these zips of the same base URL and is still the database the state describes.
 */
export function needsRebuild(state: UpdateState, baseUrl: string, zips: Record<string, string>, databaseImportedAt: string | undefined): boolean {
  const built = state.built;
  if (!built || databaseImportedAt === undefined || built.importedAt !== databaseImportedAt) return true;
  if (built.source.kind !== 'download' || built.source.baseUrl !== baseUrl) return true;
  const before = Object.keys(built.zips).sort();
  const now = Object.keys(zips).sort();
  return before.length !== now.length || now.some((ecosystem, i) => before[i] !== ecosystem || built.zips[ecosystem] !== zips[ecosystem]);
}
