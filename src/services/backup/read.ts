import type { KeyObject } from 'node:crypto';
import { PackCipher, unwrapDataKey } from './crypto.js';
import { openEnvelope, sha256Hex } from './format/envelope.js';
import { idFromManifestKey, KEYS_PREFIX, manifestKey, MANIFESTS_PREFIX, openRepository, packKey, parseIndex, parseManifest, type BackupIndex, type Manifest, type PackRef } from './format/repository.js';
import { BackupFormatError, type BackupObject, type BackupSummary, type BackupTarget } from './types.js';

export interface ReadOptions {
  /** Pinned signing keys (`--public-key`); default: the key the repository config declares. */
  trusted?: readonly KeyObject[];
  /** listBackups: told about each manifest it leaves out because it fails its checks. */
  onInvalid?: (id: string, reason: string) => void;
}

export interface StoredManifest {
  manifest: Manifest;
  /** The stored bytes, whose SHA-256 the next manifest's `previous` holds. */
  bytes: Uint8Array;
}

const MAX_OWNER_KEYS = 256;

/**
 * The repository's backups, oldest first. Only manifests that are signed by the repository key and named by their
 * own id are listed; `verify` reports the others.
 */
export async function listBackups(target: BackupTarget, options: ReadOptions = {}): Promise<BackupSummary[]> {
  const trusted = await trustedKeys(target, options);
  const summaries: BackupSummary[] = [];
  for (const id of await manifestIds(target)) {
    const stored = await loadManifest(target, id, trusted).catch((error: unknown) => {
      if (!(error instanceof BackupFormatError)) throw error;
      options.onInvalid?.(id, error.message);
      return undefined;
    });
    if (!stored) continue;
    const { manifest } = stored;
    summaries.push({ id, createdAt: manifest.createdAt, cluster: manifest.cluster, objectCount: manifest.objectCount, ...(manifest.previous ? { previous: manifest.previous.id } : {}) });
  }
  return summaries;
}

/**
 * Every object of one backup, decrypted. Each pack's ciphertext is checked against the signed manifest before it is
 * decrypted, so a yielded object is exactly what the writer stored. A wrong key throws BackupKeyError before the
 * first object. `identities`: `AGE-SECRET-KEY-...` strings, anything else is taken as a passphrase.
 */
export async function* readBackup(target: BackupTarget, id: string | 'latest', identities: string[], options: ReadOptions = {}): AsyncIterable<BackupObject> {
  const trusted = await trustedKeys(target, options);
  const stored = id === 'latest' ? await latestManifest(target, trusted) : await loadManifest(target, id, trusted);
  if (!stored) throw new BackupFormatError(`${target.location} holds no backup`);
  const { manifest } = stored;
  const cipher = await openCipher(target, identities);
  const index = await readIndex(target, manifest, cipher);

  // Objects grouped by pack, so each pack is fetched and decrypted once.
  const byPack = new Map<number, number[]>();
  manifest.blobs.forEach(([, pack], i) => byPack.set(pack, [...(byPack.get(pack) ?? []), i]));
  for (const [pack, positions] of byPack) {
    const blobs = await readPack(target, manifest.packs[pack]!, cipher);
    for (const position of positions) {
      const entry = index.objects[position]!;
      const object = blobs[entry.blob];
      if (typeof object !== 'object' || object === null || Array.isArray(object)) throw new BackupFormatError(`backup ${manifest.id}: pack ${manifest.packs[pack]!.id} lacks object ${entry.kind} ${entry.namespace ? `${entry.namespace}/` : ''}${entry.name}`);
      yield {
        apiVersion: entry.apiVersion,
        kind: entry.kind,
        ...(entry.namespace ? { namespace: entry.namespace } : {}),
        name: entry.name,
        group: entry.group,
        resource: entry.resource,
        object: object as Record<string, unknown>,
      };
    }
  }
}

/** The decryption side: the data identity unwrapped with the caller's identities or passphrase. */
export async function openCipher(target: BackupTarget, identities: readonly string[]): Promise<PackCipher> {
  const opened = await openRepository(target);
  if (!opened) throw new BackupFormatError(`${target.location} holds no Rampart backup repository`);
  const keyFiles = (await target.list(KEYS_PREFIX)).slice(0, MAX_OWNER_KEYS);
  const wrapped: Uint8Array[] = [];
  for (const key of keyFiles) {
    const bytes = await target.get(key);
    if (bytes) wrapped.push(bytes);
  }
  const dataKey = await unwrapDataKey(wrapped, identities);
  if (dataKey.recipient !== opened.config.dataRecipient) throw new BackupFormatError('the unwrapped data key does not match the repository config');
  return PackCipher.create(dataKey.recipient, dataKey.identity);
}

export async function readIndex(target: BackupTarget, manifest: Manifest, cipher: PackCipher): Promise<BackupIndex> {
  const index = parseIndex(await readPackJson(target, manifest.index, cipher, `index of backup ${manifest.id}`), `index of backup ${manifest.id}`);
  const matches = index.objects.length === manifest.blobs.length && index.objects.every((entry, i) => entry.blob === manifest.blobs[i]![0]);
  if (!matches) throw new BackupFormatError(`backup ${manifest.id}: the index does not match the manifest's blob list`);
  return index;
}

export async function readPack(target: BackupTarget, pack: PackRef, cipher: PackCipher): Promise<Record<string, unknown>> {
  const parsed = await readPackJson(target, pack, cipher, `pack ${pack.id}`);
  const blobs = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).blobs : undefined;
  if (typeof blobs !== 'object' || blobs === null || Array.isArray(blobs)) throw new BackupFormatError(`pack ${pack.id} is not a pack of objects`);
  return blobs as Record<string, unknown>;
}

async function readPackJson(target: BackupTarget, pack: PackRef, cipher: PackCipher, what: string): Promise<unknown> {
  const ciphertext = await fetchPack(target, pack);
  const plaintext = await cipher.decrypt(ciphertext, what);
  try {
    return JSON.parse(Buffer.from(plaintext).toString('utf8'));
  } catch {
    throw new BackupFormatError(`${what} is not JSON`);
  }
}

/** The pack's ciphertext, refused unless it is the one the signed manifest names. */
export async function fetchPack(target: BackupTarget, pack: PackRef): Promise<Uint8Array> {
  const bytes = await target.get(packKey(pack.id));
  if (!bytes) throw new BackupFormatError(`pack ${pack.id} is missing from ${target.location}`);
  if (bytes.length !== pack.size || sha256Hex(bytes) !== pack.id) throw new BackupFormatError(`pack ${pack.id} in ${target.location} was altered (its hash does not match)`);
  return bytes;
}

export async function manifestIds(target: BackupTarget): Promise<string[]> {
  return (await target.list(MANIFESTS_PREFIX)).map(idFromManifestKey).filter((id): id is string => id !== undefined).sort();
}

/** A signed manifest, checked to be the backup its name says (a renamed older manifest is refused). */
export async function loadManifest(target: BackupTarget, id: string, trusted: readonly KeyObject[]): Promise<StoredManifest> {
  const bytes = await target.get(manifestKey(id));
  if (!bytes) throw new BackupFormatError(`backup ${id} does not exist in ${target.location}`);
  return { manifest: checkManifest(id, bytes, trusted), bytes };
}

export function checkManifest(id: string, bytes: Uint8Array, trusted: readonly KeyObject[]): Manifest {
  const opened = openEnvelope('manifest', bytes, trusted);
  if (!opened.ok) throw new BackupFormatError(`manifest ${id}: ${opened.reason}`);
  const manifest = parseManifest(opened.payload, `manifest ${id}`);
  if (manifest.id !== id) throw new BackupFormatError(`manifest ${id} holds backup ${manifest.id}'s manifest (replaced or renamed)`);
  return manifest;
}

/** The newest backup; a newest manifest that fails its checks is an error, never silently skipped. */
export async function latestManifest(target: BackupTarget, trusted: readonly KeyObject[]): Promise<StoredManifest | undefined> {
  const ids = await manifestIds(target);
  const last = ids.at(-1);
  return last === undefined ? undefined : loadManifest(target, last, trusted);
}

async function trustedKeys(target: BackupTarget, options: ReadOptions): Promise<readonly KeyObject[]> {
  const opened = await openRepository(target, options.trusted);
  if (!opened) throw new BackupFormatError(`${target.location} holds no Rampart backup repository`);
  // Several pinned keys: manifests written before and after a signing-key rotation.
  return options.trusted && options.trusted.length > 0 ? options.trusted : [opened.signingKey];
}
