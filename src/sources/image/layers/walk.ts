import { extract as tarExtract, type Extract, type ExtractEvents } from 'tar-stream';
import { ImageIntegrityError } from '../integrity.js';
import type { ImageSource, LayerDescriptor, LayerRef } from '../types.js';
import { decompressLayer } from './decompress.js';
import { baseName, normalizeEntryPath, parentPath } from './paths.js';

export interface LayerLimits {
  /** Tar entries in one layer, directories and links included. */
  maxEntries: number;
  /** Bytes one read() may return; bigger files can be seen but not read. */
  maxFileSize: number;
  /** Bytes all read() calls of one layer may return together. */
  maxReadBytesPerLayer: number;
  /** Uncompressed bytes of one layer: the decompression-bomb guard. */
  maxDecompressedBytes: number;
}

// Real layers reach a few GB uncompressed and a few hundred thousand entries (full distributions, node_modules);
// what a scanner reads from them (package databases, manifests) is small.
export const DEFAULT_LAYER_LIMITS: LayerLimits = {
  maxEntries: 2_000_000,
  maxFileSize: 64 * 1024 * 1024,
  maxReadBytesPerLayer: 1024 * 1024 * 1024,
  maxDecompressedBytes: 8 * 1024 * 1024 * 1024,
};

export interface ImageWarning {
  message: string;
  layer?: LayerRef;
  path?: string;
}

/** A regular file of one layer (a hardlink to one comes with the target's size and content). */
export interface LayerFile {
  /** Normalised: no leading `/` or `./`, never `..`. */
  path: string;
  size: number;
  mode: number;
  layer: LayerRef;
  /** Set when the entry is a hardlink; read() then returns the target's bytes, if the target was read. */
  hardlinkTarget?: string;
  /** Only valid while the visitor's callback runs; each call returns the same bytes. */
  read(): Promise<Uint8Array>;
}

/** Every other entry that changes what the squashed file system looks like. */
export type LayerChange =
  | { kind: 'directory'; path: string; layer: LayerRef }
  | { kind: 'symlink'; path: string; target: string; layer: LayerRef }
  /** A hardlink whose target is not a regular file earlier in the same layer. */
  | { kind: 'hardlink'; path: string; target: string; layer: LayerRef }
  /** Devices and FIFOs: nothing to read, but they replace what lower layers had at the path. */
  | { kind: 'other'; path: string; layer: LayerRef }
  /** `.wh.<name>`: `path` is deleted from lower layers. */
  | { kind: 'whiteout'; path: string; layer: LayerRef }
  /** `.wh..wh..opq`: the lower layers' content of directory `path` is hidden. */
  | { kind: 'opaque'; path: string; layer: LayerRef };

export interface LayerVisitor {
  file?(file: LayerFile): void | Promise<void>;
  change?(change: LayerChange): void | Promise<void>;
  /** After the last entry of a layer, once its bytes are verified against its digest. */
  layerEnd?(layer: LayerRef): void | Promise<void>;
}

export interface WalkOptions {
  limits?: Partial<LayerLimits>;
}

export interface WalkResult {
  warnings: ImageWarning[];
}

export function layerRef(descriptor: LayerDescriptor, index: number): LayerRef {
  const ref: LayerRef = { index, digest: descriptor.digest };
  if (descriptor.diffId !== undefined) ref.diffId = descriptor.diffId;
  if (descriptor.createdBy !== undefined) ref.createdBy = descriptor.createdBy;
  return ref;
}

type Entry = ExtractEvents['entry'][1];

interface RegularFile {
  size: number;
  mode: number;
  bytes?: Uint8Array;
}

async function collect(entry: Entry, size: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const data of entry) {
    const chunk = data as Buffer;
    length += chunk.length;
    if (length > size) throw new Error('entry longer than its header says');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length);
}

class LayerReader {
  private entries = 0;
  private readBytes = 0;
  /** Regular files seen so far in this layer, so a later hardlink can be served the target's bytes. */
  private readonly files = new Map<string, RegularFile>();

  constructor(
    private readonly layer: LayerRef,
    private readonly visitor: LayerVisitor,
    private readonly limits: LayerLimits,
    private readonly warnings: ImageWarning[],
  ) {}

  async entry(entry: Entry): Promise<void> {
    if (++this.entries > this.limits.maxEntries) throw new Error(`more than ${this.limits.maxEntries} entries`);
    const { header } = entry;
    const path = normalizeEntryPath(header.name);
    if (path === undefined) {
      if (/\.\.(\/|$)/.test(header.name)) {
        this.warnings.push({ layer: this.layer, path: header.name, message: `skipped entry "${header.name}": its path climbs out of the image root` });
      }
      entry.resume();
      return;
    }
    const name = baseName(path);
    if (name.startsWith('.wh.')) {
      entry.resume();
      if (name === '.wh..wh..opq') return this.change({ kind: 'opaque', path: parentPath(path), layer: this.layer });
      // Other `.wh..wh.` names are aufs bookkeeping (hardlink stores), not deletions.
      if (name.startsWith('.wh..wh.') || name.length === 4) return;
      const deleted = parentPath(path);
      return this.change({ kind: 'whiteout', path: deleted === '' ? name.slice(4) : `${deleted}/${name.slice(4)}`, layer: this.layer });
    }
    switch (header.type) {
      case 'file':
      case 'contiguous-file':
        return this.regularFile(entry, path, header.size ?? 0, header.mode ?? 0o644);
      case 'link':
        entry.resume();
        return this.hardlink(path, header.linkname ?? '');
      case 'symlink':
        entry.resume();
        return this.change({ kind: 'symlink', path, target: header.linkname ?? '', layer: this.layer });
      case 'directory':
        entry.resume();
        return this.change({ kind: 'directory', path, layer: this.layer });
      default:
        entry.resume();
        return this.change({ kind: 'other', path, layer: this.layer });
    }
  }

  private async change(change: LayerChange): Promise<void> {
    await this.visitor.change?.(change);
  }

  private checkReadable(path: string, size: number): void {
    if (size > this.limits.maxFileSize) throw new Error(`${path}: ${size} bytes is over the per-file limit of ${this.limits.maxFileSize}`);
    if (this.readBytes + size > this.limits.maxReadBytesPerLayer) {
      throw new Error(`${path}: reading it would pass the per-layer read limit of ${this.limits.maxReadBytesPerLayer} bytes`);
    }
  }

  private async regularFile(entry: Entry, path: string, size: number, mode: number): Promise<void> {
    const record: RegularFile = { size, mode };
    this.files.set(path, record);
    let reading: Promise<Uint8Array> | undefined;
    let open = true;
    const read = (): Promise<Uint8Array> => {
      if (!open) return Promise.reject(new Error(`${path}: read() after the visitor returned`));
      if (!reading) {
        try {
          this.checkReadable(path, size);
        } catch (err) {
          return Promise.reject(err);
        }
        this.readBytes += size;
        reading = collect(entry, size).then((bytes) => (record.bytes = bytes));
      }
      return reading;
    };
    try {
      await this.visitor.file?.({ path, size, mode, layer: this.layer, read });
    } finally {
      open = false;
      if (reading) await reading.catch(() => undefined);
      else entry.resume();
    }
  }

  private async hardlink(path: string, linkname: string): Promise<void> {
    const targetPath = normalizeEntryPath(linkname);
    const target = targetPath === undefined ? undefined : this.files.get(targetPath);
    if (targetPath === undefined || !target) {
      return this.change({ kind: 'hardlink', path, target: targetPath ?? linkname, layer: this.layer });
    }
    this.files.set(path, target);
    let open = true;
    const read = (): Promise<Uint8Array> => {
      if (!open) return Promise.reject(new Error(`${path}: read() after the visitor returned`));
      if (target.bytes) return Promise.resolve(target.bytes);
      return Promise.reject(new Error(`${path}: hardlink to ${targetPath}, whose content was not read when it went past`));
    };
    try {
      await this.visitor.file?.({ path, size: target.size, mode: target.mode, layer: this.layer, hardlinkTarget: targetPath, read });
    } finally {
      open = false;
    }
  }
}

/** Feeds the tar parser with backpressure; a failure upstream (open, decompression, digest) destroys the parser with it. */
async function feed(chunks: AsyncIterable<Uint8Array>, extract: Extract): Promise<void> {
  try {
    for await (const chunk of chunks) {
      if (extract.destroyed) return;
      if (!extract.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            extract.off('drain', done);
            extract.off('close', done);
            resolve();
          };
          extract.on('drain', done);
          extract.on('close', done);
        });
      }
    }
    // streamx's end() takes the last chunk as its argument; there is none.
    extract.end(undefined);
  } catch (err) {
    extract.destroy(err as Error);
  }
}

async function walkLayer(source: ImageSource, descriptor: LayerDescriptor, reader: LayerReader, maxDecompressedBytes: number): Promise<void> {
  const { signal } = source;
  signal?.throwIfAborted();
  const blob = await source.openLayer(descriptor);
  // The blob's own failure (digest, size, transport, deadline) is the cause of whatever then broke downstream; the
  // abort that tearing the pipeline down causes is not. The listener also keeps a late error from going unhandled.
  let blobFailure: Error | undefined;
  blob.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ABORT_ERR') blobFailure ??= error;
  });
  const abort = (): void => void blob.destroy(signal?.reason as Error);
  signal?.addEventListener('abort', abort, { once: true });
  if (signal?.aborted) abort();
  const extract = tarExtract();
  const feeding = feed(decompressLayer(blob, maxDecompressedBytes), extract);
  try {
    for await (const entry of extract) await reader.entry(entry);
    // The source checks the digest when the blob ends; a compressed stream or tar that stops early must not skip it.
    if (!blob.readableEnded) throw new ImageIntegrityError('the layer was not read to its end, so its digest could not be verified');
  } catch (err) {
    throw blobFailure ?? err;
  } finally {
    signal?.removeEventListener('abort', abort);
    extract.destroy();
    blob.destroy();
    await feeding;
  }
}

/** Names the layer in an error, whatever stage (open, decompress, tar, digest check) it came from. */
function layerError(layer: LayerRef, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  return new Error(`layer ${layer.index + 1} (${layer.digest}): ${message}`, { cause: err });
}

/**
 * Streams every layer once, in order, and hands each entry to the visitor: regular files (read on demand) and every
 * other change (links, directories, whiteouts). Files arrive before their layer's digest can be checked (at its end),
 * so a layer that cannot be read to its verified end fails the whole walk: the caller must not report anything it was
 * shown. Entries that are merely skipped (paths leaving the root) are warnings.
 */
export async function walkLayers(source: ImageSource, visitor: LayerVisitor, options: WalkOptions = {}): Promise<WalkResult> {
  const limits: LayerLimits = { ...DEFAULT_LAYER_LIMITS, ...options.limits };
  const warnings: ImageWarning[] = [];
  for (const [index, descriptor] of source.layers.entries()) {
    const layer = layerRef(descriptor, index);
    try {
      await walkLayer(source, descriptor, new LayerReader(layer, visitor, limits, warnings), limits.maxDecompressedBytes);
    } catch (err) {
      throw layerError(layer, err);
    }
    await visitor.layerEnd?.(layer);
  }
  return { warnings };
}
