/**
 * The contract between backup creation/storage (this folder) and restore/schedule (`restore/`, `schedule/`).
 * Names here are stable; fields may be added, never renamed.
 */

/** One stored API object, server-managed fields stripped. */
export interface BackupObject {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  /** API group, `''` for the core group. */
  group: string;
  /** Discovery resource name (e.g. `deployments`), for ordering and restore. */
  resource: string;
  /** The full cleaned object, Secret data included. */
  object: Record<string, unknown>;
}

/** What `listBackups` returns for one backup, oldest first. */
export interface BackupSummary {
  id: string;
  createdAt: string;
  cluster: string;
  objectCount: number;
  /** Id of the backup this one is chained to. */
  previous?: string;
}

/** One object name inside a target, relative to the target's root (`chunks/ab/abcd...`, `manifests/<id>.json`). */
export type ObjectKey = string;

/**
 * Append-only storage. `put` never overwrites: writing a key that exists is an error, so a backup can never be
 * "finalized" by a rewrite (the Velero failure on WORM buckets).
 */
export interface BackupTarget {
  /** Human-readable location for messages (`/backups`, `s3://bucket/prefix`). */
  readonly location: string;
  put(key: ObjectKey, body: Uint8Array): Promise<void>;
  /** `undefined` when the key does not exist. */
  get(key: ObjectKey): Promise<Uint8Array | undefined>;
  exists(key: ObjectKey): Promise<boolean>;
  /** Every key under a prefix, sorted. */
  list(prefix: string): Promise<ObjectKey[]>;
  /** Deletes a key; returns false when retention (object lock) forbids it, true when it is gone. */
  remove(key: ObjectKey): Promise<boolean>;
  /**
   * Keys whose newest version is a delete marker (versioned S3): hidden from listings, but their locked data is still
   * there. Absent where storage has no versions.
   */
  hidden?(prefix: string): Promise<ObjectKey[]>;
}

/** A wrong or missing decryption key: one clear message, no stack of age internals. */
export class BackupKeyError extends Error {}

/** The repository or a backup in it cannot be read or is not a Rampart backup repository (exit 3). */
export class BackupFormatError extends Error {}
