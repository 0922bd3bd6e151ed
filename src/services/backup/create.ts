import { createHmac, randomBytes } from 'node:crypto';
import { asRecord } from '../../parsers/kubernetes/values.js';
import type { ApiGetter } from '../../sources/cluster/client.js';
import { cleanObject } from '../../sources/cluster/convert.js';
import type { ResourceType } from '../../sources/cluster/discovery.js';
import { ApiError } from '../../sources/cluster/errors.js';
import { listObjects } from '../../sources/cluster/list.js';
import { readCluster } from '../../sources/cluster/read.js';
import { matchesType, selectingGetter, type TypeFilter } from './cluster-view.js';
import { generateDataKey, PackCipher, wrapDataKey, type OwnerRecipient } from './crypto.js';
import { canonicalJson } from './format/canonical.js';
import { sealEnvelope, sha256Hex } from './format/envelope.js';
import { CONFIG_KEY, FORMAT, KEYS_PREFIX, manifestKey, newBackupId, openRepository, packKey, type BackupIndex, type IndexEntry, type Manifest, type PackRef, type RepositoryConfig } from './format/repository.js';
import type { SigningKey } from './keys.js';
import { latestManifest } from './read.js';
import { BackupFormatError, type BackupTarget } from './types.js';

export interface BackupSelection {
  /** Only these namespaces (plus their Namespace objects and the CRDs of their custom resources); empty for all. */
  namespaces: string[];
  excludeNamespaces: string[];
  labelSelector?: string;
  types: TypeFilter;
  fallbackNamespace?: string;
}

export interface CreateOptions {
  target: BackupTarget;
  signing: SigningKey;
  /** Needed only to create the repository (first backup to an empty target). */
  owners?: OwnerRecipient[];
  client: ApiGetter;
  /** `cluster://<context>`, recorded in the manifest. */
  cluster: string;
  selection: BackupSelection;
  now?: () => Date;
  /** Seal a pack once its plaintext reaches this size. */
  packBytes?: number;
  onProgress?: (objects: number) => void;
}

export interface CreateResult {
  id: string;
  objectCount: number;
  /** Objects found unchanged in the previous backup and referenced, not uploaded again. */
  reused: number;
  packsWritten: number;
  bytesWritten: number;
  previous?: string;
  /** What could not be read: the backup is missing these. */
  gaps: string[];
}

const DEFAULT_PACK_BYTES = 4 * 1024 * 1024;
const UPLOAD_CONCURRENCY = 4;
const CRD_TYPE: ResourceType = { group: 'apiextensions.k8s.io', apiVersion: 'apiextensions.k8s.io/v1', resource: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false };

/**
 * One backup: objects are read, cleaned (Secret data kept), named by an HMAC of their canonical JSON, and packed.
 * Objects the previous backup already holds are referenced, not stored again. Packs are encrypted and written
 * first; the signed manifest is written last, so a crash at any point leaves packs nobody references (harmless,
 * counted by verify) and never a manifest that points at something missing.
 */
export async function createBackup(options: CreateOptions): Promise<CreateResult> {
  const { target, signing } = options;
  const now = options.now ?? (() => new Date());
  const config = await openOrInit(target, signing, options.owners ?? [], now());
  const previous = await latestManifest(target, [signing.publicKey]);
  const known = new Map<string, PackRef>();
  if (previous) for (const [blob, pack] of previous.manifest.blobs) known.set(blob, previous.manifest.packs[pack]!);

  const id = newBackupId(now(), randomBytes(3).toString('hex'));
  if (previous && id <= previous.manifest.id) throw new BackupFormatError(`the clock is behind the latest backup ${previous.manifest.id}; refusing to break the chain order`);

  const writer = new PackWriter(target, await PackCipher.create(config.dataRecipient), options.packBytes ?? DEFAULT_PACK_BYTES);
  const entries: IndexEntry[] = [];
  const refs: Array<PackRef | { pending: number }> = [];
  const gaps: string[] = [];
  const seen = new Set<string>();
  let reused = 0;
  // A pack of the previous backup that has gone missing is not reused: its objects are stored again.
  const presence = new Map<string, Promise<boolean>>();
  const packPresent = (pack: string): Promise<boolean> => {
    let present = presence.get(pack);
    if (!present) presence.set(pack, (present = target.exists(packKey(pack))));
    return present;
  };

  const add = async (type: ResourceType, raw: Record<string, unknown>) => {
    const object = cleanObject(raw, { includeSecretValues: true });
    const metadata = asRecord(object.metadata);
    const name = typeof metadata?.name === 'string' ? metadata.name : undefined;
    if (!name) return;
    const namespace = typeof metadata?.namespace === 'string' ? metadata.namespace : undefined;
    const identity = `${type.group}/${type.resource}/${namespace ?? ''}/${name}`;
    if (seen.has(identity)) return;
    seen.add(identity);
    const json = canonicalJson(object);
    const blob = createHmac('sha256', signing.blobKey).update(json).digest('hex');
    entries.push({ apiVersion: String(object.apiVersion), kind: String(object.kind), group: type.group, resource: type.resource, ...(namespace ? { namespace } : {}), name, blob });
    const existing = known.get(blob);
    if (existing && (await packPresent(existing.id))) {
      reused++;
      refs.push(existing);
    } else {
      refs.push({ pending: await writer.add(blob, json) });
    }
    options.onProgress?.(entries.length);
  };

  const { selection } = options;
  const client = selectingGetter(options.client, selection.labelSelector, selection.types);
  const customTypes = new Set<string>();
  const read = readCluster(client, options.cluster, {
    namespaces: selection.namespaces,
    excludeNamespaces: selection.excludeNamespaces,
    ...(selection.fallbackNamespace ? { fallbackNamespace: selection.fallbackNamespace } : {}),
  });
  for await (const event of read) {
    if (event.type === 'gap') {
      if (event.error.level !== 'warning' || !event.error.message.startsWith('partial scan')) gaps.push(event.error.message);
      continue;
    }
    const { type, raw } = event.object;
    if (type.group) customTypes.add(`${type.resource}.${type.group}`);
    await add(type, raw);
  }
  if (selection.namespaces.length > 0) {
    for (const { type, raw } of await clusterScopedNeeds(options.client, selection, customTypes, gaps)) await add(type, raw);
  }

  const packs = await writer.finish();
  const packRefs: PackRef[] = [];
  const packIndex = new Map<string, number>();
  const blobs: Array<[string, number]> = refs.map((ref, i) => {
    const pack = 'pending' in ref ? packs[ref.pending]! : ref;
    let index = packIndex.get(pack.id);
    if (index === undefined) {
      index = packRefs.push(pack) - 1;
      packIndex.set(pack.id, index);
    }
    return [entries[i]!.blob, index];
  });
  const index: BackupIndex = { objects: entries, gaps };
  const indexPack = await writer.writeOne(Buffer.from(JSON.stringify(index), 'utf8'));

  const manifest: Manifest = {
    type: 'manifest',
    format: FORMAT,
    id,
    createdAt: now().toISOString(),
    cluster: options.cluster,
    previous: previous ? { id: previous.manifest.id, sha256: sha256Hex(previous.bytes) } : null,
    objectCount: entries.length,
    index: indexPack,
    packs: packRefs,
    blobs,
  };
  const bytes = sealEnvelope('manifest', manifest, signing.privateKey, signing.publicKey);
  await target.put(manifestKey(id), bytes);
  return {
    id,
    objectCount: entries.length,
    reused,
    packsWritten: writer.packsWritten,
    bytesWritten: writer.bytesWritten + bytes.length,
    ...(previous ? { previous: previous.manifest.id } : {}),
    gaps,
  };
}

async function openOrInit(target: BackupTarget, signing: SigningKey, owners: OwnerRecipient[], now: Date): Promise<RepositoryConfig> {
  const opened = await openRepository(target, [signing.publicKey]);
  if (opened) return opened.config;
  if ((await target.list('')).length > 0) throw new BackupFormatError(`${target.location} is not empty and holds no Rampart backup repository`);
  if (owners.length === 0) throw new BackupFormatError(`${target.location} holds no backup repository yet; creating one needs at least one recipient (--recipient age1... or a passphrase)`);
  const dataKey = await generateDataKey();
  // Owner keys first, config last: a crash leaves no config, and the next run starts over on a target it sees as
  // holding stray files (the operator clears it) rather than a repository nobody can decrypt.
  for (const owner of owners) {
    const name = owner.type === 'x25519' ? `x25519-${sha256Hex(Buffer.from(owner.recipient)).slice(0, 16)}` : `passphrase-${randomBytes(8).toString('hex')}`;
    await target.put(`${KEYS_PREFIX}${name}.age`, await wrapDataKey(dataKey, owner));
  }
  const config: RepositoryConfig = {
    type: 'config',
    format: FORMAT,
    createdAt: now.toISOString(),
    dataRecipient: dataKey.recipient,
    signingKey: signing.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  await target.put(CONFIG_KEY, sealEnvelope('config', config, signing.privateKey, signing.publicKey));
  return config;
}

/**
 * A namespace-limited backup must still restore on an empty cluster: it takes the Namespace objects of the
 * selected namespaces and the CRDs of the custom resources it holds (both cluster-scoped, so readCluster skips them).
 */
async function clusterScopedNeeds(client: ApiGetter, selection: BackupSelection, customTypes: ReadonlySet<string>, gaps: string[]): Promise<Array<{ type: ResourceType; raw: Record<string, unknown> }>> {
  const found: Array<{ type: ResourceType; raw: Record<string, unknown> }> = [];
  const namespaceType: ResourceType = { group: '', apiVersion: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false };
  if (matchesType(namespaceType, selection.types)) {
    for (const namespace of selection.namespaces.filter((ns) => !selection.excludeNamespaces.includes(ns))) {
      try {
        const raw = asRecord(await client.getJson(`/api/v1/namespaces/${encodeURIComponent(namespace)}`));
        if (raw) found.push({ type: namespaceType, raw: { apiVersion: 'v1', kind: 'Namespace', ...raw } });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        gaps.push(`cannot read namespace ${namespace}: ${error.message}`);
      }
    }
  }
  if (customTypes.size === 0) return found;
  try {
    for await (const page of listObjects(client, CRD_TYPE)) {
      for (const raw of page) {
        const spec = asRecord(raw.spec);
        const plural = asRecord(spec?.names)?.plural;
        if (typeof plural === 'string' && customTypes.has(`${plural}.${String(spec?.group)}`)) found.push({ type: CRD_TYPE, raw });
      }
    }
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    gaps.push(`cannot list customresourcedefinitions for the backed-up custom resources: ${error.message}`);
  }
  return found;
}

/** Buffers new objects into packs and uploads sealed packs a few at a time while reading goes on. */
class PackWriter {
  packsWritten = 0;
  bytesWritten = 0;
  private current: Array<[string, string]> = [];
  private currentBytes = 0;
  private readonly sealed: Array<Promise<PackRef>> = [];
  private readonly inFlight = new Set<Promise<PackRef>>();

  constructor(private readonly target: BackupTarget, private readonly cipher: PackCipher, private readonly packBytes: number) {}

  /** Returns the number of the pack the blob will be in. */
  async add(blob: string, json: string): Promise<number> {
    this.current.push([blob, json]);
    this.currentBytes += json.length;
    const number = this.sealed.length;
    if (this.currentBytes >= this.packBytes) await this.seal();
    return number;
  }

  async finish(): Promise<PackRef[]> {
    if (this.current.length > 0) await this.seal();
    return Promise.all(this.sealed);
  }

  async writeOne(plaintext: Uint8Array): Promise<PackRef> {
    return this.upload(plaintext);
  }

  private async seal(): Promise<void> {
    // Blob JSON is already canonical text; the pack is assembled as text so no object is serialised twice.
    const body = `{"blobs":{${this.current.map(([blob, json]) => `${JSON.stringify(blob)}:${json}`).join(',')}}}`;
    this.current = [];
    this.currentBytes = 0;
    while (this.inFlight.size >= UPLOAD_CONCURRENCY) await Promise.race(this.inFlight);
    const upload = this.upload(Buffer.from(body, 'utf8'));
    this.sealed.push(upload);
    this.inFlight.add(upload);
    const settle = () => this.inFlight.delete(upload);
    upload.then(settle, settle);
  }

  private async upload(plaintext: Uint8Array): Promise<PackRef> {
    const ciphertext = await this.cipher.encrypt(plaintext);
    const id = sha256Hex(ciphertext);
    // Identical ciphertext cannot recur (age uses a fresh file key), so an existing name is a real collision.
    await this.target.put(packKey(id), ciphertext);
    this.packsWritten++;
    this.bytesWritten += ciphertext.length;
    return { id, size: ciphertext.length };
  }
}
