import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DownloadError, downloadFile, fetchText, type HttpOptions } from './download.js';
import { importOsv, type ImportProgress, type ImportResult } from './import.js';
import { downloadsDirFor, lockPathFor, statePathFor } from './location.js';
import { openDatabase } from './query.js';
import { needsRebuild, readState, writeState, type UpdateState } from './update-state.js';
import type { ZipLimits } from './zip.js';

export const DEFAULT_OSV_BASE_URL = 'https://osv-vulnerabilities.storage.googleapis.com';

/** A failure that stops the update or import as a whole; the previous database is left as it was. */
export class DatabaseUpdateError extends Error {
  override name = 'DatabaseUpdateError';
}

export interface EcosystemOutcome {
  ecosystem: string;
  url: string;
  status: 'downloaded' | 'not-modified' | 'failed';
  bytes?: number;
  error?: DownloadError;
}

export type UpdateEvent =
  | { kind: 'ecosystems'; ecosystems: string[]; ignored: string[] }
  | { kind: 'download-start'; ecosystem: string; url: string }
  | { kind: 'download-progress'; ecosystem: string; received: number; total: number | undefined }
  | { kind: 'retry'; ecosystem: string | undefined; error: DownloadError; delayMs: number }
  | { kind: 'download-done'; outcome: EcosystemOutcome }
  | { kind: 'import-progress'; progress: ImportProgress };

export interface UpdateOptions extends Omit<HttpOptions, 'onRetry'> {
  dbPath: string;
  /** Default: DEFAULT_OSV_BASE_URL. `http://` is accepted for mirrors inside an air gap. */
  baseUrl?: string;
  /** Default: every ecosystem listed in `<base>/ecosystems.txt`. */
  ecosystems?: readonly string[];
  /** Download everything again, without validators, and rebuild. */
  force?: boolean;
  /** Per download. */
  maxBytes?: number;
  zipLimits?: ZipLimits;
  onEvent?: (event: UpdateEvent) => void;
}

export interface UpdateResult {
  dbPath: string;
  ecosystems: EcosystemOutcome[];
  /** A new database replaced the old one. */
  rebuilt: boolean;
  /** Nothing changed upstream and the database already holds exactly these downloads. */
  upToDate: boolean;
  import?: ImportResult;
}

/**
 * Downloads OSV's `all.zip` of each ecosystem (conditionally, against the cached copy) and rebuilds
 * the database from all cached zips when any changed. A failed download or import leaves the
 * previous database in place: a database silently missing an ecosystem would hide vulnerabilities.
 */
export async function updateDatabase(options: UpdateOptions): Promise<UpdateResult> {
  const baseUrl = normalizeBaseUrl(options.baseUrl ?? DEFAULT_OSV_BASE_URL);
  const { dbPath } = options;
  const downloads = downloadsDirFor(dbPath);
  makeDirectory(downloads);
  return withLock(dbPath, async () => {
    removePartialDownloads(downloads);
    const http = (ecosystem: string | undefined): HttpOptions => ({
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.attempts !== undefined ? { attempts: options.attempts } : {}),
      ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
      onRetry: (error, _attempt, delayMs) => options.onEvent?.({ kind: 'retry', ecosystem, error, delayMs }),
    });
    const ecosystems = options.ecosystems ? checkedEcosystems(options.ecosystems) : await listEcosystems(baseUrl, http(undefined));
    options.onEvent?.({ kind: 'ecosystems', ...ecosystems });

    const statePath = statePathFor(dbPath);
    const state = readState(statePath);
    const outcomes: EcosystemOutcome[] = [];
    for (const ecosystem of ecosystems.ecosystems) {
      const outcome = await downloadEcosystem(ecosystem, baseUrl, downloads, state, options, http(ecosystem));
      if (outcome.status === 'downloaded') saveState(statePath, state);
      options.onEvent?.({ kind: 'download-done', outcome });
      outcomes.push(outcome);
    }
    const result = { dbPath, ecosystems: outcomes, rebuilt: false, upToDate: false };
    if (outcomes.some((o) => o.status === 'failed')) return result;

    const zips = Object.fromEntries(ecosystems.ecosystems.map((e) => [e, state.downloads[e]!.sha256]));
    if (!options.force && !needsRebuild(state, baseUrl, zips, importedAtOf(dbPath))) return { ...result, upToDate: true };

    const sources = ecosystems.ecosystems.map((e) => join(downloads, state.downloads[e]!.file));
    const imported = await buildDatabase(sources, dbPath, options);
    state.built = { importedAt: imported.importedAt, source: { kind: 'download', baseUrl, ecosystems: ecosystems.ecosystems }, zips };
    saveState(statePath, state);
    return { ...result, rebuilt: true, import: imported.result };
  });
}

export interface ImportFilesOptions {
  zipLimits?: ZipLimits;
  onProgress?: (progress: ImportProgress) => void;
}

/** `rampart db import`: OSV zips, directories of JSON and JSON files, merged into a fresh database. */
export async function importDatabase(paths: readonly string[], dbPath: string, options: ImportFilesOptions = {}): Promise<ImportResult> {
  if (paths.length === 0) throw new DatabaseUpdateError('nothing to import: give OSV zips, directories or JSON files');
  const sources = paths.map((p) => resolve(p));
  for (const source of sources) {
    try {
      statSync(source);
    } catch (error) {
      throw new DatabaseUpdateError(`cannot read ${source}: ${(error as Error).message}`);
    }
  }
  makeDirectory(dirname(dbPath));
  return withLock(dbPath, async () => {
    const imported = await buildDatabase(sources, dbPath, options);
    const statePath = statePathFor(dbPath);
    const state = readState(statePath);
    state.built = { importedAt: imported.importedAt, source: { kind: 'import', paths: sources }, zips: {} };
    saveState(statePath, state);
    return imported.result;
  });
}

async function downloadEcosystem(
  ecosystem: string,
  baseUrl: string,
  directory: string,
  state: UpdateState,
  options: UpdateOptions,
  http: HttpOptions,
): Promise<EcosystemOutcome> {
  const url = `${baseUrl}/${encodeURIComponent(ecosystem)}/all.zip`;
  const cached = state.downloads[ecosystem];
  const usable = cached !== undefined && cached.url === url && sizeOf(join(directory, cached.file)) === cached.bytes;
  const file = usable ? cached.file : cacheFileName(ecosystem);
  options.onEvent?.({ kind: 'download-start', ecosystem, url });
  try {
    const outcome = await downloadFile(url, join(directory, file), {
      ...http,
      ...(usable && !options.force ? { validators: cached } : {}),
      ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
      onProgress: (received, total) => options.onEvent?.({ kind: 'download-progress', ecosystem, received, total }),
    });
    if (outcome.status === 'not-modified') return { ecosystem, url, status: 'not-modified' };
    state.downloads[ecosystem] = {
      url,
      file,
      bytes: outcome.bytes,
      sha256: outcome.sha256,
      downloadedAt: new Date().toISOString(),
      ...(outcome.etag ? { etag: outcome.etag } : {}),
      ...(outcome.lastModified ? { lastModified: outcome.lastModified } : {}),
    };
    return { ecosystem, url, status: 'downloaded', bytes: outcome.bytes };
  } catch (error) {
    if (!(error instanceof DownloadError)) throw error;
    const explained =
      error.kind === 'not-found'
        ? new DownloadError('not-found', `no ecosystem "${ecosystem}" at ${baseUrl} (${url} answered ${error.status}); names are case-sensitive, see ${baseUrl}/ecosystems.txt`, error.status)
        : error;
    return { ecosystem, url, status: 'failed', error: explained };
  }
}

async function buildDatabase(sources: string[], dbPath: string, options: { zipLimits?: ZipLimits; onEvent?: (event: UpdateEvent) => void; onProgress?: (progress: ImportProgress) => void }) {
  let result: ImportResult;
  try {
    result = await importOsv(sources, dbPath, {
      ...(options.zipLimits ? { zipLimits: options.zipLimits } : {}),
      onProgress: (progress) => {
        options.onProgress?.(progress);
        options.onEvent?.({ kind: 'import-progress', progress });
      },
    });
  } catch (error) {
    throw new DatabaseUpdateError(`import failed: ${(error as Error).message}; the previous database at ${dbPath} is unchanged`);
  }
  const importedAt = importedAtOf(dbPath);
  if (importedAt === undefined) throw new DatabaseUpdateError(`${dbPath} cannot be read back after the import`);
  return { result, importedAt };
}

function importedAtOf(dbPath: string): string | undefined {
  try {
    const db = openDatabase(dbPath);
    try {
      return db.status().importedAt;
    } finally {
      db.close();
    }
  } catch {
    return undefined;
  }
}

/** Ecosystem names go into URLs and file names; OSV's are letters, digits, spaces and `.:_+~-`. */
function isEcosystemName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9 .:_+~-]{0,99}$/.test(name);
}

function checkedEcosystems(names: readonly string[]): { ecosystems: string[]; ignored: string[] } {
  const bad = names.filter((n) => !isEcosystemName(n));
  if (bad.length > 0) throw new DatabaseUpdateError(`not an ecosystem name: ${bad.map((n) => JSON.stringify(n)).join(', ')}`);
  return { ecosystems: [...new Set(names)], ignored: [] };
}

/**
 * Ecosystems of `ecosystems.txt`, one a line. A release such as `Debian:12` is left out when its
 * ecosystem (`Debian`) is listed: the ecosystem's all.zip already holds every release's records.
 */
export function parseEcosystemList(text: string): { ecosystems: string[]; ignored: string[] } {
  const lines = [...new Set(text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')))];
  const ignored = lines.filter((l) => !isEcosystemName(l));
  const valid = lines.filter(isEcosystemName);
  const listed = new Set(valid);
  return { ecosystems: valid.filter((name) => !name.includes(':') || !listed.has(name.slice(0, name.indexOf(':')))), ignored };
}

async function listEcosystems(baseUrl: string, http: HttpOptions): Promise<{ ecosystems: string[]; ignored: string[] }> {
  const list = parseEcosystemList(await fetchText(`${baseUrl}/ecosystems.txt`, http));
  if (list.ecosystems.length === 0) throw new DatabaseUpdateError(`${baseUrl}/ecosystems.txt lists no ecosystem; name them with --ecosystem`);
  return list;
}

function normalizeBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DatabaseUpdateError(`--base-url: not a URL: ${text}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new DatabaseUpdateError(`--base-url must be https:// (or http:// for a local mirror), not ${url.protocol}`);
  if (url.search || url.hash) throw new DatabaseUpdateError(`--base-url must not have a query or fragment: ${text}`);
  return url.href.replace(/\/+$/, '');
}

/** Readable, unique and safe on every file system whatever the ecosystem name. */
function cacheFileName(ecosystem: string): string {
  return `${ecosystem.replace(/[^A-Za-z0-9.+-]/g, '_')}-${createHash('sha256').update(ecosystem).digest('hex').slice(0, 8)}.zip`;
}

function sizeOf(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}

function saveState(path: string, state: UpdateState): void {
  try {
    writeState(path, state);
  } catch (error) {
    throw new DatabaseUpdateError(`cannot write ${path}: ${(error as Error).message}`);
  }
}

function makeDirectory(path: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw new DatabaseUpdateError(`cannot create ${path}: ${(error as Error).message}`);
  }
}

/** Temp files of downloads killed midway (Ctrl-C); the lock guarantees none is in progress. */
function removePartialDownloads(directory: string): void {
  for (const name of readdirSync(directory)) if (name.startsWith('.') && name.endsWith('.part')) rmSync(join(directory, name), { force: true });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(path: string): number {
  try {
    return Number(readFileSync(path, 'utf8').trim());
  } catch {
    return 0;
  }
}

async function withLock<T>(dbPath: string, work: () => Promise<T>): Promise<T> {
  const lock = lockPathFor(dbPath);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new DatabaseUpdateError(`cannot create ${lock}: ${(error as Error).message}`);
      const holder = readPid(lock);
      if (attempt > 0 || (Number.isSafeInteger(holder) && holder > 0 && isRunning(holder)))
        throw new DatabaseUpdateError(`another rampart db update or import is running on ${dbPath} (pid ${holder}); if not, delete ${lock}`);
      rmSync(lock, { force: true });
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { force: true });
  }
}
