import type { Readable } from 'node:stream';
import type { Platform } from '../registry/platform.js';
import type { ImageConfig, ImageSource, LayerDescriptor } from '../types.js';
import { ArchiveError, blobPath, parseJsonObject, readLimited, verifyBlob } from './blob.js';
import type { ArchiveFiles } from './files.js';

export interface ArchiveLimits {
  /** index.json, manifests, configs, docker's manifest.json. */
  maxJsonBytes: number;
  /** Members of a tar archive. */
  maxMembers: number;
  /** Image indexes nested in image indexes. */
  maxIndexDepth: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxJsonBytes: 16 * 1024 * 1024,
  maxMembers: 1_000_000,
  maxIndexDepth: 4,
};

export interface ArchiveOptions {
  /** For multi-platform images; linux/amd64 by default. */
  platform?: Platform;
  limits?: Partial<ArchiveLimits>;
}

/** Reads a JSON document stored as a blob, checking its digest and, when a descriptor gives one, its size. */
export async function readJsonBlob(files: ArchiveFiles, digest: string, size: number | undefined, limits: ArchiveLimits): Promise<Record<string, unknown>> {
  if (size !== undefined && size > limits.maxJsonBytes) throw new ArchiveError(`blob ${digest}: ${size} bytes is over the ${limits.maxJsonBytes}-byte limit for JSON`);
  const bytes = await readLimited(verifyBlob(await files.open(blobPath(digest)), digest, size), limits.maxJsonBytes, `blob ${digest}`);
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
  return source;
}
