import type { Readable } from 'node:stream';

/** OCI image config (application/vnd.oci.image.config.v1+json; Docker's is field-compatible), as far as Rampart reads it. */
export interface ImageConfig {
  architecture?: string;
  os?: string;
  variant?: string;
  created?: string;
  config?: {
    User?: string;
    Env?: string[];
    ExposedPorts?: Record<string, object>;
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    WorkingDir?: string;
    Labels?: Record<string, string> | null;
    Healthcheck?: { Test?: string[] };
  };
  rootfs?: { type: string; diff_ids: string[] };
  history?: ImageHistoryEntry[];
}

export interface ImageHistoryEntry {
  created?: string;
  created_by?: string;
  comment?: string;
  empty_layer?: boolean;
}

export interface LayerDescriptor {
  /** Digest of the blob as stored (compressed), `sha256:...`. */
  digest: string;
  mediaType: string;
  size: number;
  /** Uncompressed digest from the config's rootfs.diff_ids, when known. */
  diffId?: string;
  /** The history entry (Dockerfile instruction) that created the layer, matched by skipping `empty_layer` entries. */
  createdBy?: string;
}

/**
 * One image, wherever it came from (registry, docker save tarball, OCI layout or archive). Layers are opened one at a
 * time, in order, as streams of the blob as stored; decompression is the layer walker's job.
 */
export interface ImageSource {
  /** What the user asked for, for messages and the report (`registry.example/app:1.2`, `oci:./dir:tag`). */
  reference: string;
  /** Digest of the manifest actually used (after platform selection), when the source has one. */
  manifestDigest?: string;
  configDigest?: string;
  config: ImageConfig;
  layers: LayerDescriptor[];
  /** The image's overall deadline, when it has one: readers of its layers stop with the signal's reason. */
  signal?: AbortSignal;
  openLayer(layer: LayerDescriptor): Promise<Readable>;
  close(): Promise<void>;
}

/** The layer a file of the final (squashed) image file system came from. */
export interface LayerRef {
  index: number;
  digest: string;
  diffId?: string;
  createdBy?: string;
}

/** `--platform os/arch[/variant]`, picked from multi-platform images. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}
