/** Caps on what an image's manifests may ask of us, whatever the source (registry, docker save, OCI layout). */
export interface ImageLimits {
  /** One image manifest or index. */
  maxManifestBytes: number;
  /** The image config. */
  maxConfigBytes: number;
  /** Layers of one image. */
  maxLayers: number;
  /** Entries of one image index (platforms, attestations). */
  maxIndexEntries: number;
}

/**
 * Distribution refuses to store a manifest over 4 MiB (`maxManifestBodySize`), so no pushable manifest is bigger.
 * Docker's overlay2 driver cannot stack more than 128 layers, so no image Docker can run has more; 256 leaves room for
 * images built by other tools and stops a manifest from making us fetch thousands of blobs. Real indexes list a few
 * dozen platforms and attestations. Configs grow with history and labels; a few hundred KiB is already unusual.
 */
export const DEFAULT_IMAGE_LIMITS: ImageLimits = {
  maxManifestBytes: 4 * 1024 * 1024,
  maxConfigBytes: 8 * 1024 * 1024,
  maxLayers: 256,
  maxIndexEntries: 1024,
};

/** An image over one of the limits: refused before any of its layers is read. */
export class ImageLimitError extends Error {
  override name = 'ImageLimitError';
}

export function checkLayerCount(count: number, limits: ImageLimits, what: string): void {
  if (count > limits.maxLayers) throw new ImageLimitError(`${what} has ${count} layers, over the limit of ${limits.maxLayers}`);
}

export function checkIndexEntries(count: number, limits: ImageLimits, what: string): void {
  if (count > limits.maxIndexEntries) throw new ImageLimitError(`${what} lists ${count} manifests, over the limit of ${limits.maxIndexEntries}`);
}
