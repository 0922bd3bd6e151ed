import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { cacheRoot } from '../../../core/cache-dir.js';
import { asRecord } from '../../../parsers/kubernetes/values.js';

/**
 * Compiled bundles on disk, so a scan does not start opa for templates it has compiled before. An entry lives under
 * `<dir>/bundles/<sources key>/` (the key hashes the Rego sources and the entry point) as `<tag>.wasm` and
 * `<tag>.json`, the tag hashing the opa version with the key: so an entry is found by the SHA-256 of (opa version,
 * sources, entry point), and without opa any version's entry for the same sources can still be used.
 */

export interface CompiledBundle {
  wasm: Buffer;
  opaVersion: string;
  /** The Rego version the sources compiled as (templates that do not say are tried as v0, then v1). */
  regoVersion: 'v0' | 'v1';
}

interface EntryMeta {
  opaVersion: string;
  entrypoint: string;
  regoVersion: 'v0' | 'v1';
  sha256: string;
}

/** `rego/` in the cache directory (core/cache-dir.ts: `$RAMPART_CACHE_DIR`, else XDG, else ~/.cache). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  return join(cacheRoot(env, home), 'rego');
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** What a compiled bundle depends on besides opa: every module's name and text, the entry point, the declared version. */
export function sourcesKey(modules: ReadonlyArray<{ name: string; text: string }>, entrypoint: string, declaredVersion: string): string {
  return sha256(JSON.stringify({ modules: modules.map((m) => [m.name, m.text]), entrypoint, declaredVersion }));
}

function entryPaths(cacheDir: string, key: string, opaVersion: string): { wasm: string; meta: string } {
  const tag = sha256(`${opaVersion}\0${key}`);
  const dir = join(cacheDir, 'bundles', key);
  return { wasm: join(dir, `${tag}.wasm`), meta: join(dir, `${tag}.json`) };
}

/**
 * The cached bundle for `key` made by `opaVersion`, or by any opa when `opaVersion` is undefined (no opa to compile
 * with). An entry whose wasm does not hash to what its metadata says (truncated, altered) is never used.
 */
export async function readBundle(cacheDir: string, key: string, entrypoint: string, opaVersion?: string): Promise<CompiledBundle | undefined> {
  if (opaVersion !== undefined) return readEntry(entryPaths(cacheDir, key, opaVersion), entrypoint, opaVersion);
  const dir = join(cacheDir, 'bundles', key);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.json'));
  const dated = await Promise.all(names.map(async (name) => ({ name, mtime: (await stat(join(dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })));
  for (const { name } of dated.sort((a, b) => b.mtime - a.mtime)) {
    const meta = join(dir, name);
    const found = await readEntry({ meta, wasm: meta.replace(/\.json$/, '.wasm') }, entrypoint);
    if (found) return found;
  }
  return undefined;
}

async function readEntry(paths: { wasm: string; meta: string }, entrypoint: string, opaVersion?: string): Promise<CompiledBundle | undefined> {
  const meta = parseMeta(await readFile(paths.meta, 'utf8').catch(() => undefined));
  if (!meta || meta.entrypoint !== entrypoint || (opaVersion !== undefined && meta.opaVersion !== opaVersion)) return undefined;
  const wasm = await readFile(paths.wasm).catch(() => undefined);
  if (!wasm || sha256(wasm) !== meta.sha256) return undefined;
  return { wasm, opaVersion: meta.opaVersion, regoVersion: meta.regoVersion };
}

function parseMeta(text: string | undefined): EntryMeta | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const record = asRecord(value);
  const { opaVersion, entrypoint, regoVersion, sha256: digest } = record ?? {};
  if (typeof opaVersion !== 'string' || typeof entrypoint !== 'string' || typeof digest !== 'string') return undefined;
  if (regoVersion !== 'v0' && regoVersion !== 'v1') return undefined;
  return { opaVersion, entrypoint, regoVersion, sha256: digest };
}

/** Stores a bundle; the metadata is written last, so a half-written entry is never found. */
export async function writeBundle(cacheDir: string, key: string, entrypoint: string, bundle: CompiledBundle): Promise<void> {
  const paths = entryPaths(cacheDir, key, bundle.opaVersion);
  await mkdir(dirname(paths.wasm), { recursive: true });
  await writeCacheFile(paths.wasm, bundle.wasm);
  const meta: EntryMeta = { opaVersion: bundle.opaVersion, entrypoint, regoVersion: bundle.regoVersion, sha256: sha256(bundle.wasm) };
  await writeCacheFile(paths.meta, JSON.stringify(meta));
}

/** Whole or not at all: a temporary file in the same directory renamed into place, so concurrent scans never see half. */
export async function writeCacheFile(path: string, content: string | Buffer): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(temporary, content, { flag: 'wx', mode: 0o644 });
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
