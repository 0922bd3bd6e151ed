import { randomBytes } from 'node:crypto';
import { sealEnvelope, sha256Hex } from './format/envelope.js';
import { manifestKey, newBackupId, openRepository, packKey, pruneKey, type ManifestLink, type PruneRecord } from './format/repository.js';
import type { SigningKey } from './keys.js';
import { loadManifest, manifestIds, type StoredManifest } from './read.js';
import { BackupFormatError, type BackupTarget } from './types.js';

export interface RetentionPolicy {
  /** Keep the newest N backups. */
  keepLast?: number;
  /** Keep every backup younger than D days. */
  keepDays?: number;
}

export interface PruneOptions extends RetentionPolicy {
  signing: SigningKey;
  now?: Date;
  /** Plan only: nothing is written or deleted. */
  dryRun?: boolean;
}

export interface PruneResult {
  kept: string[];
  removed: string[];
  /** Backups retention chose to remove but object lock still protects: they stay, with their packs. */
  locked: string[];
  packsRemoved: number;
  packsLocked: number;
  /** The signed record explaining the chain gap; absent when nothing was due. */
  record?: string;
}

/**
 * Retention by count and age. The kept backups are always the newest ones (the latest is never removed, so the next
 * incremental backup still finds its predecessor), and a pack is deleted only when no remaining manifest uses it.
 * Before deleting anything, a signed prune record lists the manifests due for removal with their hashes: verify
 * then accepts the oldest kept manifest's link to a removed one, and still reports any other gap as a deletion.
 * Object lock decides last: what the store refuses to delete is reported and stays consistent.
 */
export async function pruneBackups(target: BackupTarget, options: PruneOptions): Promise<PruneResult> {
  const { keepLast, keepDays } = options;
  if (keepLast === undefined && keepDays === undefined) throw new BackupFormatError('a retention policy needs --keep-last and/or --keep-days');
  if (!(await openRepository(target, [options.signing.publicKey]))) throw new BackupFormatError(`${target.location} holds no Rampart backup repository`);
  const now = options.now ?? new Date();
  const ids = await manifestIds(target);
  const stored: StoredManifest[] = [];
  for (const id of ids) {
    // Pruning from a tampered view could delete packs a hidden manifest needs: every manifest must check out first.
    stored.push(await loadManifest(target, id, [options.signing.publicKey]).catch((error: unknown) => {
      throw error instanceof BackupFormatError ? new BackupFormatError(`${error.message}; run \`rampart backup verify\` before pruning`) : error;
    }));
  }
  const cutoff = keepDays === undefined ? Infinity : now.getTime() - keepDays * 86_400_000;
  const keepCount = Math.max(1, keepLast ?? (keepDays === undefined ? 1 : 0));
  const kept = stored.filter((s, i) => i >= stored.length - keepCount || Date.parse(s.manifest.createdAt) >= cutoff);
  if (kept.length === 0 && stored.length > 0) kept.push(stored.at(-1)!);
  const keptIds = new Set(kept.map((s) => s.manifest.id));
  const due = stored.filter((s) => !keptIds.has(s.manifest.id));
  const result: PruneResult = { kept: [...keptIds], removed: [], locked: [], packsRemoved: 0, packsLocked: 0 };
  if (due.length === 0 || options.dryRun) return { ...result, removed: due.map((s) => s.manifest.id) };

  const removedLinks: ManifestLink[] = due.map((s) => ({ id: s.manifest.id, sha256: sha256Hex(s.bytes) }));
  const recordId = newBackupId(now, randomBytes(3).toString('hex'));
  const record: PruneRecord = { type: 'prune', id: recordId, createdAt: now.toISOString(), removed: removedLinks };
  await target.put(pruneKey(recordId), sealEnvelope('prune', record, options.signing.privateKey, options.signing.publicKey));
  result.record = recordId;

  const remaining = [...kept];
  for (const entry of due) {
    if (await target.remove(manifestKey(entry.manifest.id))) result.removed.push(entry.manifest.id);
    else {
      result.locked.push(entry.manifest.id);
      remaining.push(entry);
    }
  }
  const inUse = new Set(remaining.flatMap((s) => [s.manifest.index.id, ...s.manifest.packs.map((p) => p.id)]));
  const candidates = new Set(due.filter((s) => result.removed.includes(s.manifest.id)).flatMap((s) => [s.manifest.index.id, ...s.manifest.packs.map((p) => p.id)]));
  for (const pack of candidates) {
    if (inUse.has(pack)) continue;
    if (await target.remove(packKey(pack))) result.packsRemoved++;
    else result.packsLocked++;
  }
  return result;
}
