import { describeLayers } from '../layers/history.js';
import type { ImageConfig, ImageSource, LayerDescriptor } from '../types.js';
import { ArchiveError, blobPath, checkDigest, parseJsonObject, readLimited } from './blob.js';
import type { ArchiveFiles } from './files.js';
import { DEFAULT_PLATFORM, formatPlatform, matchPlatform, type Platform } from '../registry/platform.js';
import { checkIndexEntries, checkLayerCount } from '../limits.js';
import { archiveSource, checkBlobPresent, readJsonBlob, type ArchiveLimits } from './source.js';

const REF_NAME = 'org.opencontainers.image.ref.name';
const CONTAINERD_NAME = 'io.containerd.image.name';

interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations: Record<string, string>;
}

function descriptor(value: unknown, what: string): Descriptor {
  if (typeof value !== 'object' || value === null) throw new ArchiveError(`${what}: descriptor is not an object`);
  const raw = value as Record<string, unknown>;
  const digest = checkDigest(raw.digest, what);
  if (typeof raw.size !== 'number' || !Number.isSafeInteger(raw.size) || raw.size < 0) throw new ArchiveError(`${what}: descriptor ${digest} has no valid size`);
  const result: Descriptor = { digest, size: raw.size, annotations: {} };
  if (typeof raw.mediaType === 'string') result.mediaType = raw.mediaType;
  const platform = raw.platform as Record<string, unknown> | undefined;
  if (platform && typeof platform.os === 'string' && typeof platform.architecture === 'string') {
    result.platform = { os: platform.os, architecture: platform.architecture };
    if (typeof platform.variant === 'string') result.platform.variant = platform.variant;
  }
  if (typeof raw.annotations === 'object' && raw.annotations !== null) {
    for (const [key, annotation] of Object.entries(raw.annotations)) if (typeof annotation === 'string') result.annotations[key] = annotation;
  }
  return result;
}

function descriptors(value: unknown, what: string): Descriptor[] {
  if (!Array.isArray(value)) throw new ArchiveError(`${what}: no manifests list`);
  return value.map((entry, i) => descriptor(entry, `${what} entry ${i}`));
}

function isAttestation(entry: Descriptor): boolean {
  return entry.annotations['vnd.docker.reference.type'] === 'attestation-manifest' || entry.platform?.os === 'unknown';
}

/** Picks the manifest for `wanted` among an index's entries; entries without any platform mean a single image. */
function selectPlatform(entries: Descriptor[], wanted: Platform, what: string): Descriptor {
  const candidates = entries.filter((entry) => !isAttestation(entry));
  if (candidates.length === 0) throw new ArchiveError(`${what}: no image manifests`);
  if (!candidates.some((entry) => entry.platform)) return candidates[0]!;
  const match = matchPlatform(candidates, wanted);
  if (!match) {
    const available = candidates.map((entry) => (entry.platform ? formatPlatform(entry.platform) : 'unknown'));
    throw new ArchiveError(`${what}: no manifest for ${formatPlatform(wanted)} (available: ${available.join(', ')})`);
  }
  return match;
}

function isIndex(document: Record<string, unknown>): boolean {
  return Array.isArray(document.manifests);
}

function refNames(entry: Descriptor): string[] {
  return [entry.annotations[REF_NAME], entry.annotations[CONTAINERD_NAME]].filter((name): name is string => name !== undefined);
}

export interface LayoutSelection {
  /** Tag or full name in the index's `org.opencontainers.image.ref.name` (or containerd's name) annotation. */
  ref?: string;
  platform?: Platform;
  /** `oci:<dir>:<ref>` or `oci-archive:<file>:<ref>`, for messages. */
  reference: string;
  signal?: AbortSignal;
}

/** Opens the image an OCI image layout holds (directory or tar), following nested indexes down to one manifest. */
export async function openOciLayout(files: ArchiveFiles, selection: LayoutSelection, limits: ArchiveLimits): Promise<ImageSource> {
  const platform = selection.platform ?? DEFAULT_PLATFORM;
  const indexBytes = await readLimited(await files.open('index.json'), limits.maxJsonBytes, `${files.location}: index.json`);
  let entries = descriptors(parseJsonObject(indexBytes, `${files.location}: index.json`).manifests, 'index.json');
  if (selection.ref !== undefined) {
    const ref = selection.ref;
    const tagged = entries.filter((entry) => refNames(entry).includes(ref));
    if (tagged.length === 0) {
      const available = [...new Set(entries.flatMap(refNames))];
      throw new ArchiveError(`${selection.reference}: no image tagged ${ref} (available: ${available.join(', ') || 'none'})`);
    }
    entries = tagged;
  }

  let chosen = selectPlatform(entries, platform, 'index.json');
  for (let depth = 0; ; depth++) {
    const document = await readJsonBlob(files, chosen.digest, chosen.size, limits.maxManifestBytes, 'manifest');
    if (!isIndex(document)) return imageFromManifest(files, chosen.digest, document, selection, limits);
    if (depth >= limits.maxIndexDepth) throw new ArchiveError(`${selection.reference}: image indexes nested deeper than ${limits.maxIndexDepth}`);
    const nested = descriptors(document.manifests, `index ${chosen.digest}`);
    checkIndexEntries(nested.length, limits, `index ${chosen.digest}`);
    chosen = selectPlatform(nested, platform, `index ${chosen.digest}`);
  }
}

async function imageFromManifest(
  files: ArchiveFiles,
  manifestDigest: string,
  manifest: Record<string, unknown>,
  selection: LayoutSelection,
  limits: ArchiveLimits,
): Promise<ImageSource> {
  const configDescriptor = descriptor(manifest.config, `manifest ${manifestDigest} config`);
  if (!Array.isArray(manifest.layers)) throw new ArchiveError(`manifest ${manifestDigest}: no layers list`);
  checkLayerCount(manifest.layers.length, limits, `manifest ${manifestDigest}`);
  const layers = manifest.layers.map((layer, i) => descriptor(layer, `manifest ${manifestDigest} layer ${i}`));
  // A missing layer is known now, before any file of the image is read.
  for (const layer of layers) await checkBlobPresent(files, layer.digest, layer.size, 'layer');
  const config = (await readJsonBlob(files, configDescriptor.digest, configDescriptor.size, limits.maxConfigBytes, 'config')) as ImageConfig;
  const described = describeLayers(
    config,
    layers.map((layer): LayerDescriptor => ({ digest: layer.digest, mediaType: layer.mediaType ?? 'application/vnd.oci.image.layer.v1.tar', size: layer.size })),
  );
  return archiveSource(files, {
    reference: selection.reference,
    ...(selection.signal ? { signal: selection.signal } : {}),
    manifestDigest,
    configDigest: configDescriptor.digest,
    config,
    layers: described.map((layer) => ({ descriptor: layer, member: blobPath(layer.digest), digest: layer.digest, size: layer.size })),
  });
}
