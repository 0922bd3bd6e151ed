import type { Readable } from 'node:stream';
import { ImageIntegrityError } from '../integrity.js';
import { DEFAULT_IMAGE_LIMITS, type ImageLimits } from '../limits.js';
import type { Platform } from '../registry/platform.js';
import type { ImageConfig, ImageSource, LayerDescriptor } from '../types.js';
import { ArchiveError, blobPath, parseJsonObject, readLimited, verifyBlob } from './blob.js';
import type { ArchiveFiles } from './files.js';

export interface ArchiveLimits extends ImageLimits {
  /** index.json and docker's manifest.json, which list every image of the archive (not capped in entries). */
  maxJsonBytes: number;
  /** Members of a tar archive. */
  maxMembers: number;
  /** Image indexes nested in image indexes. */
  maxIndexDepth: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  ...DEFAULT_IMAGE_LIMITS,
  maxJsonBytes: 16 * 1024 * 1024,
  maxMembers: 1_000_000,
  maxIndexDepth: 4,
};

export interface ArchiveOptions {
  /** For multi-platform images; linux/amd64 by default. */
  platform?: Platform;
  limits?: Partial<ArchiveLimits>;
  /** Aborts reading the image's layers with the signal's reason: the overall deadline. */
  signal?: AbortSignal;
}

/** Throws unless the archive holds the blob, with the size its descriptor declares. */
export async function checkBlobPresent(files: ArchiveFiles, digest: string, size: number, what: string): Promise<void> {
  const stored = await files.size(blobPath(digest));
  if (stored === undefined) throw new ImageIntegrityError(`${what} ${digest} is missing from ${files.location}`);
  if (stored !== size) throw new ImageIntegrityError(`${what} ${digest} is ${stored} bytes, but its descriptor declares ${size}`);
}

/** Reads a JSON document stored as a blob (manifest, index, config), checking its digest and its size. */
export async function readJsonBlob(files: ArchiveFiles, digest: string, size: number, maxBytes: number, what: string): Promise<Record<string, unknown>> {
  if (size > maxBytes) throw new ArchiveError(`${what} ${digest}: ${size} bytes is over the ${maxBytes}-byte limit`);
  await checkBlobPresent(files, digest, size, what);
  const bytes = await readLimited(verifyBlob(await files.open(blobPath(digest)), digest, size), maxBytes, `blob ${digest}`);
  return parseJsonObject(bytes, `blob ${digest}`);
}

export interface ArchiveLayer {
  descriptor: LayerDescriptor;
  /** Where the blob is in the archive. */
  member: string;
  /** What the stored bytes must hash to. */
  digest: string;
  size?: number;
}

export interface ArchiveImage {
  reference: string;
  manifestDigest?: string;
  configDigest?: string;
  config: ImageConfig;
  layers: ArchiveLayer[];
  signal?: AbortSignal;
}

export function archiveSource(files: ArchiveFiles, image: ArchiveImage): ImageSource {
  const source: ImageSource = {
    reference: image.reference,
    config: image.config,
    layers: image.layers.map((layer) => layer.descriptor),
    async openLayer(descriptor: LayerDescriptor): Promise<Readable> {
      const layer = image.layers.find((candidate) => candidate.descriptor === descriptor) ?? image.layers.find((candidate) => candidate.descriptor.digest === descriptor.digest);
      if (!layer) throw new ArchiveError(`${image.reference}: ${descriptor.digest} is not a layer of this image`);
      return verifyBlob(await files.open(layer.member), layer.digest, layer.size);
    },
    close: () => files.close(),
  };
  if (image.manifestDigest !== undefined) source.manifestDigest = image.manifestDigest;
  if (image.configDigest !== undefined) source.configDigest = image.configDigest;
  if (image.signal !== undefined) source.signal = image.signal;
  return source;
}
