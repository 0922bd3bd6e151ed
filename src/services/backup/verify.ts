import type { KeyObject } from 'node:crypto';
import { keyId, openEnvelope, sha256Hex } from './format/envelope.js';
import { idFromPackKey, manifestKey, openRepository, packKey, PACKS_PREFIX, parsePrune, PRUNES_PREFIX, type Manifest, type PackRef } from './format/repository.js';
import { checkManifest, manifestIds, openCipher, readIndex, readPack } from './read.js';
import { BackupFormatError, type BackupTarget } from './types.js';

export type FindingKind = 'hidden-object' | 'bad-manifest' | 'missing-manifest' | 'chain-break' | 'chain-order' | 'missing-pack' | 'altered-pack' | 'bad-prune' | 'bad-content';

export interface VerifyFinding {
  kind: FindingKind;
  /** The backup id or pack id the finding is about. */
  subject: string;
  message: string;
}

export interface VerifyResult {
  location: string;
  /** Id of the key signatures were checked against, and whether the caller pinned it. */
  signingKey: { id: string; pinned: boolean };
  backups: number;
  packs: number;
  bytes: number;
  /** Packs no manifest references: left by an interrupted backup, harmless, reclaimed by prune. */
  unreferencedPacks: number;
  deep: boolean;
  findings: VerifyFinding[];
}

export interface VerifyOptions {
  trusted?: readonly KeyObject[];
  /** Decrypt every pack and check each object is in it: needs the identities. */
  deep?: boolean;
  identities?: string[];
  concurrency?: number;
}

const DEFAULT_CONCURRENCY = 8;

/**
 * Integrity of a whole repository without any decryption key: each manifest's signature and name, the hash chain
 * from the oldest manifest to the newest (gaps only where a signed prune record accounts for them), and each
 * referenced pack's SHA-256 and size. `deep` also decrypts and checks the content.
 */
export async function verifyRepository(target: BackupTarget, options: VerifyOptions = {}): Promise<VerifyResult> {
  const opened = await openRepository(target, options.trusted);
  if (!opened) throw new BackupFormatError(`${target.location} holds no Rampart backup repository`);
  const pinned = options.trusted !== undefined && options.trusted.length > 0;
  const trusted = pinned ? options.trusted! : [opened.signingKey];
  const findings: VerifyFinding[] = [];

  const ids = await manifestIds(target);
  const bytesById = new Map<string, Uint8Array>();
  const valid = new Map<string, Manifest>();
  for (const id of ids) {
    const bytes = await target.get(manifestKey(id));
    if (!bytes) {
      findings.push({ kind: 'missing-manifest', subject: id, message: `manifest ${id} disappeared while verifying` });
      continue;
    }
    bytesById.set(id, bytes);
    try {
      valid.set(id, checkManifest(id, bytes, trusted));
    } catch (error) {
      if (!(error instanceof BackupFormatError)) throw error;
      findings.push({ kind: 'bad-manifest', subject: id, message: error.message });
    }
  }

  const pruned = await prunedManifests(target, trusted, findings);
  checkChain(ids, valid, bytesById, pruned, findings);
  const packs = referencedPacks(valid);
  const bytes = await checkPacks(target, packs, options.concurrency ?? DEFAULT_CONCURRENCY, findings);
  const stored = (await target.list(PACKS_PREFIX)).map(idFromPackKey).filter((id): id is string => id !== undefined);
  const unreferencedPacks = stored.filter((id) => !packs.has(id)).length;
  for (const key of (await target.hidden?.('')) ?? []) {
    // A delete marker is how someone without the power to delete locked data makes it look deleted; a newest
    // manifest hidden this way would otherwise go unnoticed (nothing after it links to it).
    findings.push({ kind: 'hidden-object', subject: key, message: `${key} is hidden behind a delete marker; its data is still in the bucket (remove the marker to restore it)` });
  }

  if (options.deep) await checkContent(target, valid, options.identities ?? [], findings);
  findings.sort((a, b) => a.kind.localeCompare(b.kind) || a.subject.localeCompare(b.subject));
  return {
    location: target.location,
    signingKey: { id: keyId(opened.signingKey), pinned },
    backups: ids.length,
    packs: packs.size,
    bytes,
    unreferencedPacks,
    deep: options.deep === true,
    findings,
  };
}

/** Manifests a signed prune record says retention removed, with the hash each had. */
async function prunedManifests(target: BackupTarget, trusted: readonly KeyObject[], findings: VerifyFinding[]): Promise<Map<string, string>> {
  const removed = new Map<string, string>();
  for (const key of await target.list(PRUNES_PREFIX)) {
    const bytes = await target.get(key);
    if (!bytes) continue;
    const opened = openEnvelope('prune', bytes, trusted);
    try {
      if (!opened.ok) throw new BackupFormatError(`${key}: ${opened.reason}`);
      for (const link of parsePrune(opened.payload, key).removed) removed.set(link.id, link.sha256);
    } catch (error) {
      if (!(error instanceof BackupFormatError)) throw error;
      findings.push({ kind: 'bad-prune', subject: key, message: `prune record ${error.message}; the gaps it would explain are reported` });
    }
  }
  return removed;
}

/**
 * Each manifest must name the manifest stored just before it, with that manifest's exact hash. A deleted manifest
 * leaves a link to a missing id (accepted only if a signed prune record removed it with that hash); a manifest
 * replaced by an older one fails its name check and breaks its successor's hash; an inserted or reordered one
 * sits between a manifest and the one it names.
 */
function checkChain(ids: string[], valid: ReadonlyMap<string, Manifest>, bytesById: ReadonlyMap<string, Uint8Array>, pruned: ReadonlyMap<string, string>, findings: VerifyFinding[]): void {
  const present = new Set(ids);
  ids.forEach((id, position) => {
    const manifest = valid.get(id);
    if (!manifest) return;
    const before = position > 0 ? ids[position - 1] : undefined;
    const link = manifest.previous;
    if (!link) {
      if (before) findings.push({ kind: 'chain-break', subject: id, message: `backup ${id} starts a new chain although backup ${before} precedes it` });
      return;
    }
    if (link.id >= id) {
      findings.push({ kind: 'chain-order', subject: id, message: `backup ${id} names a later backup ${link.id} as its predecessor` });
      return;
    }
    if (link.id === before) {
      const bytes = bytesById.get(before);
      if (bytes && sha256Hex(bytes) !== link.sha256) findings.push({ kind: 'chain-break', subject: before, message: `manifest ${before} is not the one backup ${id} was chained to (altered or replaced)` });
      const previous = valid.get(before);
      if (previous && Date.parse(previous.createdAt) > Date.parse(manifest.createdAt)) findings.push({ kind: 'chain-order', subject: id, message: `backup ${id} is dated before its predecessor ${before}` });
      return;
    }
    if (present.has(link.id)) {
      findings.push({ kind: 'chain-order', subject: id, message: `backup ${id} follows ${link.id}, but ${before} lies between them (inserted or reordered)` });
      return;
    }
    if (pruned.get(link.id) !== link.sha256) {
      findings.push({ kind: 'missing-manifest', subject: link.id, message: `manifest ${link.id}, which backup ${id} follows, is missing and no prune record removed it (deleted)` });
    } else if (before && before > link.id) {
      findings.push({ kind: 'chain-order', subject: id, message: `backup ${id} follows pruned ${link.id}, but ${before} lies between them (inserted)` });
    }
  });
}

function referencedPacks(valid: ReadonlyMap<string, Manifest>): Map<string, PackRef & { backups: string[] }> {
  const packs = new Map<string, PackRef & { backups: string[] }>();
  for (const manifest of valid.values()) {
    for (const pack of [manifest.index, ...manifest.packs]) {
      const entry = packs.get(pack.id) ?? { ...pack, backups: [] };
      entry.backups.push(manifest.id);
      packs.set(pack.id, entry);
    }
  }
  return packs;
}

async function checkPacks(target: BackupTarget, packs: ReadonlyMap<string, PackRef & { backups: string[] }>, concurrency: number, findings: VerifyFinding[]): Promise<number> {
  const queue = [...packs.values()];
  let bytes = 0;
  const worker = async () => {
    for (let pack = queue.pop(); pack; pack = queue.pop()) {
      const stored = await target.get(packKey(pack.id));
      const users = `used by ${describe(pack.backups)}`;
      if (!stored) findings.push({ kind: 'missing-pack', subject: pack.id, message: `pack ${pack.id} is missing (${users})` });
      else if (stored.length !== pack.size || sha256Hex(stored) !== pack.id) findings.push({ kind: 'altered-pack', subject: pack.id, message: `pack ${pack.id} was altered: its hash does not match (${users})` });
      else bytes += stored.length;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return bytes;
}

/** Decrypts every intact pack once and checks each backup's objects are in the packs its manifest names. */
async function checkContent(target: BackupTarget, valid: ReadonlyMap<string, Manifest>, identities: string[], findings: VerifyFinding[]): Promise<void> {
  const cipher = await openCipher(target, identities);
  const damaged = new Set(findings.filter((f) => f.kind === 'missing-pack' || f.kind === 'altered-pack').map((f) => f.subject));
  const contents = new Map<string, Set<string>>();
  for (const manifest of valid.values()) {
    if (damaged.has(manifest.index.id)) continue;
    try {
      await readIndex(target, manifest, cipher);
      for (const [position, pack] of manifest.packs.entries()) {
        if (damaged.has(pack.id)) continue;
        let blobs = contents.get(pack.id);
        if (!blobs) {
          const stored = await readPack(target, pack, cipher);
          blobs = new Set(Object.entries(stored).filter(([, object]) => typeof object === 'object' && object !== null).map(([blob]) => blob));
          contents.set(pack.id, blobs);
        }
        const missing = manifest.blobs.filter(([blob, at]) => at === position && !blobs!.has(blob)).length;
        if (missing > 0) findings.push({ kind: 'bad-content', subject: manifest.id, message: `backup ${manifest.id}: ${missing} objects are not in pack ${pack.id}` });
      }
    } catch (error) {
      if (!(error instanceof BackupFormatError)) throw error;
      findings.push({ kind: 'bad-content', subject: manifest.id, message: error.message });
    }
  }
}

function describe(backups: string[]): string {
  return backups.length <= 3 ? `backup ${backups.join(', ')}` : `${backups.length} backups, ${backups.slice(0, 3).join(', ')}, ...`;
}
