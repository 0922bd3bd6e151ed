import type { SecretMatch } from '../types.js';
import { secretKey, type BlobScanner } from './blob-scan.js';
import type { Blob, LayerBlobVisitor } from '../../../sources/source.js';
import { SquashedFileSystem } from '../../../sources/image/layers/squash.js';
import type { LayerChange } from '../../../sources/image/layers/walk.js';
import type { LayerRef } from '../../../sources/image/types.js';

export interface LayerSecretHit {
  match: SecretMatch;
  /** The path in the image. */
  path: string;
  /** The first layer that held this secret at this path. */
  layer: LayerRef;
  /** The final file system no longer shows it at `path`: a later layer deleted, hid or replaced it, yet it is in the image. */
  deletedInLaterLayer: boolean;
}

interface FirstSeen {
  path: string;
  match: SecretMatch;
  layer: LayerRef;
  key: string;
}

/** The judgement of an image's layers as they stream by: each secret once per path, from the first layer that held it. */
export class LayerSecrets implements LayerBlobVisitor {
  private readonly first = new Map<string, FirstSeen>();
  // Which secrets each path shows in the final file system: a later layer that deletes, hides or replaces a path is
  // what makes its secrets "deleted in a later layer" yet still in the image.
  private readonly visible = new SquashedFileSystem<Set<string>>();

  constructor(private readonly scanner: BlobScanner) {}

  async file(blob: Blob): Promise<void> {
    const matches = await this.scanner.matches(blob);
    const keys = new Set<string>();
    for (const match of matches) {
      const key = `${blob.path}\0${secretKey(match)}`;
      keys.add(key);
      if (!this.first.has(key) && blob.origin.kind === 'layer') this.first.set(key, { path: blob.path, match, layer: blob.origin.layer, key });
    }
    this.visible.put(blob.path, keys.size > 0 ? keys : undefined);
  }

  change(change: LayerChange): void {
    this.visible.change(change);
  }

  layerEnd(): void {
    this.visible.layerEnd();
  }

  /** After the last layer. */
  hits(): LayerSecretHit[] {
    return [...this.first.values()].map(({ path, match, layer, key }) => ({ path, match, layer, deletedInLaterLayer: !(this.visible.get(path)?.has(key) ?? false) }));
  }
}
