/**
 * Test helper: writes OCI image layouts by hand (tar-stream + zlib), so image tests build their fixtures at run
 * time. Entry paths go into the tar verbatim, so malformed names (`../x`, `/abs`) can be written on purpose.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import type { ImageConfig, ImageHistoryEntry } from '../types.js';

export type TestEntry =
  | { path: string; content: string | Uint8Array; mode?: number }
  | { path: string; symlink: string }
  | { path: string; hardlink: string }
  | { path: string; directory: true }
  /** Deletes `path` from lower layers (`<dir>/.wh.<name>`). */
  | { path: string; whiteout: true }
  /** Hides the lower layers' content of directory `path` (`<path>/.wh..wh..opq`). */
  | { path: string; opaque: true };

export type TestCompression = 'gzip' | 'zstd' | 'none';

export interface TestLayer {
  entries?: TestEntry[];
  /** Stored as the blob instead of a tar built from `entries`: for corrupt or hand-made layers. */
  blob?: Uint8Array;
  compression?: TestCompression;
  /** Written to the manifest; the reader must not trust it. Defaults to the OCI type for `compression`. */
  mediaType?: string;
  createdBy?: string;
}

export interface TestPlatform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface TestImage {
  layers: TestLayer[];
  platform?: TestPlatform;
  /** Replaces the history made from the layers' createdBy (to add empty_layer entries, for instance). */
  history?: ImageHistoryEntry[];
  /** The runtime config (User, Env, ExposedPorts...); `Cmd: ['/bin/sh']` when absent. */
  config?: ImageConfig['config'];
}

export interface WrittenImage {
  manifestDigest: string;
  configDigest: string;
  layerDigests: string[];
  diffIds: string[];
}

export interface WrittenLayout {
  /** Every image manifest written, in the order given (platforms of an index in their order). */
  images: WrittenImage[];
  /** Digests of the multi-platform indexes written, in order. */
  indexDigests: string[];
}

export type LayoutEntry = { ref?: string; image: TestImage } | { ref?: string; platforms: TestImage[] };

function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function parentAndName(path: string): [string, string] {
  const trimmed = path.replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  return slash === -1 ? ['', trimmed] : [trimmed.slice(0, slash + 1), trimmed.slice(slash + 1)];
}

export async function tarLayer(entries: readonly TestEntry[]): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of tar) chunks.push(chunk as Buffer);
  })();
  const mtime = new Date(0);
  for (const entry of entries) {
    if ('content' in entry) {
      tar.entry({ name: entry.path, mode: entry.mode ?? 0o644, mtime }, typeof entry.content === 'string' ? Buffer.from(entry.content) : entry.content);
    } else if ('symlink' in entry) {
      tar.entry({ name: entry.path, type: 'symlink', linkname: entry.symlink, mtime });
    } else if ('hardlink' in entry) {
      tar.entry({ name: entry.path, type: 'link', linkname: entry.hardlink, mtime });
    } else if ('directory' in entry) {
      tar.entry({ name: entry.path, type: 'directory', mode: 0o755, mtime });
    } else if ('whiteout' in entry) {
      const [parent, name] = parentAndName(entry.path);
      tar.entry({ name: `${parent}.wh.${name}`, mtime }, '');
    } else {
      tar.entry({ name: `${entry.path.replace(/\/+$/, '')}/.wh..wh..opq`, mtime }, '');
    }
  }
  tar.finalize();
  await done;
  return Buffer.concat(chunks);
}

/**
 * A valid zstd frame made of raw (stored) blocks: Node 20 has no zstd compressor, and this needs none. Real
 * compressed blocks are covered by the checked-in fixture in src/image/layers/testdata.
 */
export function zstdStored(bytes: Uint8Array): Buffer {
  const blockSize = 128 * 1024;
  // Frame header descriptor 0 (no content size, no checksum) and a 128 KiB window (exponent 7: 1 << (10 + 7)).
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3])];
  let offset = 0;
  do {
    const block = bytes.subarray(offset, offset + blockSize);
    offset += block.length;
    const last = offset >= bytes.length ? 1 : 0;
    const header = (block.length << 3) | last; // block type 0: raw
    parts.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff]), Buffer.from(block));
  } while (offset < bytes.length);
  return Buffer.concat(parts);
}

export function compressLayer(tar: Uint8Array, compression: TestCompression): Buffer {
  if (compression === 'gzip') return gzipSync(tar);
  if (compression === 'zstd') return zstdStored(tar);
  return Buffer.from(tar);
}

const LAYER_MEDIA_TYPES: Record<TestCompression, string> = {
  gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  none: 'application/vnd.oci.image.layer.v1.tar',
};

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: TestPlatform;
  annotations?: Record<string, string>;
}

/** A blob in memory, as a registry would serve it. */
export interface TestBlob extends Descriptor {
  bytes: Buffer;
}

/** An image's blobs in memory: for tests that serve or compare them rather than read a layout. */
export interface BuiltImage {
  platform: TestPlatform;
  manifest: TestBlob;
  config: TestBlob;
  layers: Array<TestBlob & { diffId: string }>;
}

function testBlob(mediaType: string, bytes: Uint8Array): TestBlob {
  return { mediaType, digest: sha256(bytes), size: bytes.length, bytes: Buffer.from(bytes) };
}

/** Builds an image's manifest, config and layers in memory; the same image always gives the same bytes. */
export async function buildImage(image: TestImage): Promise<BuiltImage> {
  const layers: BuiltImage['layers'] = [];
  for (const layer of image.layers) {
    const compression = layer.compression ?? 'gzip';
    const tar = layer.blob ?? (await tarLayer(layer.entries ?? []));
    const stored = layer.blob ?? compressLayer(tar, compression);
    layers.push({ ...testBlob(layer.mediaType ?? LAYER_MEDIA_TYPES[compression], stored), diffId: sha256(tar) });
  }
  const platform = image.platform ?? { os: 'linux', architecture: 'amd64' };
  const config: ImageConfig = {
    ...platform,
    config: image.config ?? { Cmd: ['/bin/sh'] },
    rootfs: { type: 'layers', diff_ids: layers.map((layer) => layer.diffId) },
    history: image.history ?? image.layers.map((layer) => ({ created_by: layer.createdBy ?? '/bin/sh -c #(nop) ADD file in /' })),
  };
  const configBlob = testBlob('application/vnd.oci.image.config.v1+json', Buffer.from(JSON.stringify(config)));
  const manifest = { schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptorOf(configBlob), layers: layers.map(descriptorOf) };
  return { platform, manifest: testBlob(OCI_MANIFEST, Buffer.from(JSON.stringify(manifest))), config: configBlob, layers };
}

function descriptorOf(blob: TestBlob): Descriptor {
  return { mediaType: blob.mediaType, digest: blob.digest, size: blob.size };
}

class LayoutWriter {
  constructor(private readonly dir: string) {}

  async blob(blob: TestBlob): Promise<Descriptor> {
    await mkdir(join(this.dir, 'blobs', 'sha256'), { recursive: true });
    await writeFile(join(this.dir, 'blobs', 'sha256', blob.digest.slice('sha256:'.length)), blob.bytes);
    return descriptorOf(blob);
  }

  async json(mediaType: string, value: unknown): Promise<Descriptor> {
    return this.blob(testBlob(mediaType, Buffer.from(JSON.stringify(value))));
  }

  async image(image: TestImage): Promise<{ descriptor: Descriptor; written: WrittenImage }> {
    const built = await buildImage(image);
    for (const blob of [...built.layers, built.config]) await this.blob(blob);
    const descriptor = await this.blob(built.manifest);
    return {
      descriptor: { ...descriptor, platform: built.platform },
      written: {
        manifestDigest: built.manifest.digest,
        configDigest: built.config.digest,
        layerDigests: built.layers.map((layer) => layer.digest),
        diffIds: built.layers.map((layer) => layer.diffId),
      },
    };
  }
}

/** Writes `dir` as an OCI image layout: one index.json entry per item, multi-platform items as nested indexes. */
export async function writeOciLayout(dir: string, items: readonly LayoutEntry[]): Promise<WrittenLayout> {
  const writer = new LayoutWriter(dir);
  const result: WrittenLayout = { images: [], indexDigests: [] };
  const manifests: Descriptor[] = [];
  for (const item of items) {
    let descriptor: Descriptor;
    if ('image' in item) {
      const { descriptor: imageDescriptor, written } = await writer.image(item.image);
      const { platform: _platform, ...withoutPlatform } = imageDescriptor;
      descriptor = withoutPlatform;
      result.images.push(written);
    } else {
      const platforms: Descriptor[] = [];
      for (const image of item.platforms) {
        const { descriptor: imageDescriptor, written } = await writer.image(image);
        platforms.push(imageDescriptor);
        result.images.push(written);
      }
      descriptor = await writer.json(OCI_INDEX, { schemaVersion: 2, mediaType: OCI_INDEX, manifests: platforms });
      result.indexDigests.push(descriptor.digest);
    }
    if (item.ref !== undefined) descriptor.annotations = { 'org.opencontainers.image.ref.name': item.ref };
    manifests.push(descriptor);
  }
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests }));
  return result;
}
