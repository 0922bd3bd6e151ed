import { Readable } from 'node:stream';
import type { ImageConfig, ImageSource, LayerDescriptor } from '../types.js';

export interface MemoryLayer {
  blob: Uint8Array;
  createdBy?: string;
  /** Hands the blob out in chunks of this size, to exercise streaming across chunk boundaries. */
  chunkSize?: number;
}

/** An ImageSource over blobs held in memory: layer-walker tests without an archive. */
export function memorySource(layers: readonly MemoryLayer[], config: ImageConfig = {}): ImageSource {
  const descriptors: LayerDescriptor[] = layers.map((layer, i) => ({
    digest: `sha256:${String(i).padStart(64, '0')}`,
    mediaType: 'application/vnd.oci.image.layer.v1.tar',
    size: layer.blob.length,
    ...(layer.createdBy === undefined ? {} : { createdBy: layer.createdBy }),
  }));
  return {
    reference: 'memory',
    config,
    layers: descriptors,
    async openLayer(descriptor: LayerDescriptor): Promise<Readable> {
      const layer = layers[descriptors.indexOf(descriptor)];
      if (!layer) throw new Error(`unknown layer ${descriptor.digest}`);
      const size = layer.chunkSize ?? 64 * 1024;
      const chunks: Buffer[] = [];
      for (let at = 0; at < layer.blob.length; at += size) chunks.push(Buffer.from(layer.blob.subarray(at, at + size)));
      return Readable.from(chunks);
    },
    close: async () => undefined,
  };
}
