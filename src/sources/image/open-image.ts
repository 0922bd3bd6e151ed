import { pipeline, Transform } from 'node:stream';
import { openImageArchive } from './archive/index.js';
import { startDeadline } from './deadline.js';
import { openRegistryImage, type RegistryImageOptions } from './registry/client.js';
import type { ImageSource, Platform } from './types.js';

export interface ImageLocator {
  /** A registry reference (`ghcr.io/acme/app:1.2`), or the display name of `archive`. */
  reference: string;
  /** A `docker save` tarball, OCI layout directory or OCI archive; the registry is not contacted. */
  archive?: string;
  platform?: Platform;
  registry?: Omit<RegistryImageOptions, 'platform' | 'signal'>;
  /** Everything read from the image (registry requests, downloads, layers) within this time. Default 5 minutes. */
  timeoutMs?: number;
  /** Told as layer bytes arrive and as each layer ends: for a progress line (sources never print). */
  onLayer?: (progress: LayerProgress) => void;
}

/** Layers read in full of the image's, and bytes read of the layers' stored (compressed) size. */
export interface LayerProgress {
  done: number;
  total: number;
  bytes: number;
  totalBytes: number;
}

const DEFAULT_IMAGE_TIMEOUT_MS = 5 * 60 * 1000;

/** The image with its deadline running: it covers opening it and every layer read until `close()`. */
export async function openImage(locator: ImageLocator): Promise<ImageSource> {
  const timeoutMs = locator.timeoutMs ?? DEFAULT_IMAGE_TIMEOUT_MS;
  const deadline = startDeadline(timeoutMs, `timed out: the image was not read within ${formatDuration(timeoutMs)} (raise it with --timeout)`);
  const common = { signal: deadline.signal, ...(locator.platform ? { platform: locator.platform } : {}) };
  try {
    const source = locator.archive ? await openImageArchive(locator.archive, common) : await openRegistryImage(locator.reference, { ...locator.registry, ...common });
    return {
      ...source,
      ...(locator.onLayer ? { openLayer: countingLayers(source, locator.onLayer) } : {}),
      close: async () => {
        deadline.cancel();
        await source.close();
      },
    };
  } catch (error) {
    deadline.cancel();
    throw error;
  }
}

/** `openLayer` with each stream passed through a counter: the reader's own stream is not put into flowing mode. */
function countingLayers(source: ImageSource, onLayer: (progress: LayerProgress) => void): ImageSource['openLayer'] {
  const progress: LayerProgress = { done: 0, total: source.layers.length, bytes: 0, totalBytes: source.layers.reduce((sum, layer) => sum + layer.size, 0) };
  return async (layer) => {
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        progress.bytes += chunk.length;
        onLayer({ ...progress });
        callback(null, chunk);
      },
      flush(callback) {
        progress.done++;
        onLayer({ ...progress });
        callback();
      },
    });
    // An error on either side ends both, as reading the layer's own stream would.
    pipeline(await source.openLayer(layer), counter, () => undefined);
    return counter;
  };
}

function formatDuration(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`;
}
