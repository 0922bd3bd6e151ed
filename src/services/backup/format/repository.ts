import { createPublicKey, type KeyObject } from 'node:crypto';
import { BackupFormatError, type BackupTarget } from '../types.js';
import { keyId, openEnvelope } from './envelope.js';

/**
 * Repository layout. Everything is written once and never changed:
 *   rampart-backup.json          signed config: data recipient, signing public key
 *   keys/<owner>.age             the data identity, age-encrypted to one owner (X25519 recipient or passphrase)
 *   packs/<xx>/<sha256>          age-encrypted packs of objects, named by the SHA-256 of their ciphertext
 *   manifests/<id>.json          signed manifest of one backup, chained to the previous one
 *   prunes/<id>.json             signed record of manifests deleted by retention
 */
export const CONFIG_KEY = 'rampart-backup.json';
export const KEYS_PREFIX = 'keys/';
export const PACKS_PREFIX = 'packs/';
export const MANIFESTS_PREFIX = 'manifests/';
export const PRUNES_PREFIX = 'prunes/';
export const FORMAT = 1;

/** `20261206T090540123Z-1a2b3c`: sorts by creation time, unique per writer. */
export const BACKUP_ID = /^\d{8}T\d{9}Z-[0-9a-f]{6}$/;
const HEX64 = /^[0-9a-f]{64}$/;

export const packKey = (id: string): string => `${PACKS_PREFIX}${id.slice(0, 2)}/${id}`;
export const manifestKey = (id: string): string => `${MANIFESTS_PREFIX}${id}.json`;
export const pruneKey = (id: string): string => `${PRUNES_PREFIX}${id}.json`;

export function idFromManifestKey(key: string): string | undefined {
  const match = /^manifests\/(.+)\.json$/.exec(key);
  return match && BACKUP_ID.test(match[1]!) ? match[1] : undefined;
}

export function idFromPackKey(key: string): string | undefined {
  const match = /^packs\/[0-9a-f]{2}\/([0-9a-f]{64})$/.exec(key);
  return match && key.slice(6, 8) === match[1]!.slice(0, 2) ? match[1] : undefined;
}

export function newBackupId(now: Date, random: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '');
  return `${stamp}-${random}`;
}

export interface RepositoryConfig {
  type: 'config';
  format: number;
  createdAt: string;
  /** age X25519 recipient every pack is encrypted to. */
  dataRecipient: string;
  /** SPKI PEM of the Ed25519 key that signs this repository's documents. */
  signingKey: string;
}

export interface PackRef {
  /** SHA-256 (hex) of the pack's ciphertext: integrity is checkable without any decryption key. */
  id: string;
  size: number;
}

export interface ManifestLink {
  id: string;
  /** SHA-256 of the previous manifest's stored bytes. */
  sha256: string;
}

export interface Manifest {
  type: 'manifest';
  format: number;
  id: string;
  createdAt: string;
  cluster: string;
  previous: ManifestLink | null;
  objectCount: number;
  /** Pack holding the encrypted index (object names and kinds): a bucket reader learns counts and sizes, not names. */
  index: PackRef;
  /** Every pack the objects are in. */
  packs: PackRef[];
  /** [blob name, index into packs] per object, in index order. Blob names are HMACs: they reveal equality only. */
  blobs: Array<[string, number]>;
}

/** One entry of the encrypted index. */
export interface IndexEntry {
  apiVersion: string;
  kind: string;
  group: string;
  resource: string;
  namespace?: string;
  name: string;
  blob: string;
}

export interface BackupIndex {
  objects: IndexEntry[];
  /** What could not be read from the cluster: the backup is incomplete by these. */
  gaps: string[];
}

export interface PruneRecord {
  type: 'prune';
  id: string;
  createdAt: string;
  /** Manifests this prune deleted (or tried to), with the hashes the chain holds for them. */
  removed: ManifestLink[];
}

export function parseConfig(payload: unknown): RepositoryConfig {
  const record = object(payload, 'repository config');
  if (record.type !== 'config' || record.format !== FORMAT) throw new BackupFormatError(`unsupported repository format ${String(record.format)}`);
  if (typeof record.dataRecipient !== 'string' || !/^age1[0-9a-z]+$/.test(record.dataRecipient)) throw new BackupFormatError('repository config: bad data recipient');
  if (typeof record.signingKey !== 'string' || typeof record.createdAt !== 'string') throw new BackupFormatError('repository config: missing fields');
  return record as unknown as RepositoryConfig;
}

export function parseManifest(payload: unknown, what: string): Manifest {
  const record = object(payload, what);
  const fail = (reason: string): never => {
    throw new BackupFormatError(`${what}: ${reason}`);
  };
  if (record.type !== 'manifest') fail('not a manifest');
  if (record.format !== FORMAT) fail(`unsupported format ${String(record.format)}`);
  if (typeof record.id !== 'string' || !BACKUP_ID.test(record.id)) fail('bad id');
  if (typeof record.createdAt !== 'string' || Number.isNaN(Date.parse(record.createdAt))) fail('bad createdAt');
  if (typeof record.cluster !== 'string') fail('bad cluster');
  if (record.previous !== null && !isLink(record.previous)) fail('bad previous link');
  if (!isPackRef(record.index)) fail('bad index');
  if (!Array.isArray(record.packs) || !record.packs.every(isPackRef)) fail('bad pack list');
  const packCount = (record.packs as unknown[]).length;
  if (!Array.isArray(record.blobs)) fail('bad blob list');
  for (const blob of record.blobs as unknown[]) {
    if (!Array.isArray(blob) || blob.length !== 2 || typeof blob[0] !== 'string' || !HEX64.test(blob[0]) || !Number.isInteger(blob[1]) || blob[1] < 0 || blob[1] >= packCount) fail('bad blob entry');
  }
  if (record.objectCount !== (record.blobs as unknown[]).length) fail('object count does not match the blob list');
  return record as unknown as Manifest;
}

export function parsePrune(payload: unknown, what: string): PruneRecord {
  const record = object(payload, what);
  if (record.type !== 'prune' || typeof record.id !== 'string' || !Array.isArray(record.removed) || !record.removed.every(isLink)) throw new BackupFormatError(`${what}: not a prune record`);
  return record as unknown as PruneRecord;
}

export function parseIndex(value: unknown, what: string): BackupIndex {
  const record = object(value, what);
  if (!Array.isArray(record.objects) || !Array.isArray(record.gaps)) throw new BackupFormatError(`${what}: not a backup index`);
  for (const entry of record.objects as unknown[]) {
    const e = object(entry, what);
    const strings = ['apiVersion', 'kind', 'group', 'resource', 'name', 'blob'].every((field) => typeof e[field] === 'string');
    if (!strings || (e.namespace !== undefined && typeof e.namespace !== 'string')) throw new BackupFormatError(`${what}: bad index entry`);
  }
  return record as unknown as BackupIndex;
}

export interface OpenedRepository {
  config: RepositoryConfig;
  /** The key the repository's documents must be signed with. */
  signingKey: KeyObject;
}

/**
 * Reads and checks the signed config. `trusted` pins the signing key (the writer's own key, `--public-key`);
 * without it the config's own key is used, which proves consistency but not authorship.
 */
export async function openRepository(target: BackupTarget, trusted?: readonly KeyObject[]): Promise<OpenedRepository | undefined> {
  const bytes = await target.get(CONFIG_KEY);
  if (!bytes) return undefined;
  const what = `${target.location}/${CONFIG_KEY}`;
  let keys = trusted && trusted.length > 0 ? trusted : undefined;
  if (!keys) {
    try {
      const peek = JSON.parse(Buffer.from(bytes).toString('utf8')) as { payload?: unknown };
      keys = [createPublicKey(String(JSON.parse(String(peek.payload)).signingKey))];
    } catch {
      throw new BackupFormatError(`${what} is not a Rampart backup repository config`);
    }
  }
  const opened = openEnvelope('config', bytes, keys);
  if (!opened.ok) throw new BackupFormatError(`${what}: ${opened.reason}`);
  return { config: parseConfig(opened.payload), signingKey: keys.find((key) => keyId(key) === opened.key)! };
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BackupFormatError(`${what}: not an object`);
  return value as Record<string, unknown>;
}

function isLink(value: unknown): value is ManifestLink {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.id === 'string' && BACKUP_ID.test(record.id) && typeof record.sha256 === 'string' && HEX64.test(record.sha256);
}

function isPackRef(value: unknown): value is PackRef {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.id === 'string' && HEX64.test(record.id) && Number.isInteger(record.size) && (record.size as number) >= 0;
}
