import type { ImageSource, LayerRef } from '../types.js';
import { ancestorPaths, isWithin } from './paths.js';
import { DEFAULT_LAYER_LIMITS, walkLayers, type ImageWarning, type LayerChange, type LayerFile, type LayerLimits } from './walk.js';

/** A file of the final (squashed) image file system, with its content. */
export interface ImageFile {
  path: string;
  size: number;
  layer: LayerRef;
  bytes: Uint8Array;
}

/** A symlink of the final file system; resolve it with resolveSymlinkTarget, which never leaves the image root. */
export interface ImageSymlink {
  path: string;
  target: string;
  layer: LayerRef;
}

export interface ImageReadLimits extends LayerLimits {
  /** Bytes of wanted files held at once, over all layers. */
  maxKeptBytes: number;
}

export const DEFAULT_IMAGE_READ_LIMITS: ImageReadLimits = { ...DEFAULT_LAYER_LIMITS, maxKeptBytes: 2 * 1024 * 1024 * 1024 };

export interface ReadImageFilesOptions {
  /** Decides from the path (normalised, no leading `/`) and size whether a file's bytes are worth keeping. */
  wanted(path: string, size: number): boolean;
  limits?: Partial<ImageReadLimits>;
}

export interface ImageFiles {
  /** Sorted by path. */
  files: ImageFile[];
  symlinks: ImageSymlink[];
  warnings: ImageWarning[];
}

type Node = { kind: 'file'; file: ImageFile } | { kind: 'symlink'; link: ImageSymlink };

/** The squashed view, holding only wanted files and symlinks; anything else is only ever deleted. */
class SquashedTree {
  private readonly nodes = new Map<string, Node>();
  /** Tracked descendants per directory, so deleting a subtree scans only when there is something to delete. */
  private readonly descendants = new Map<string, number>();
  keptBytes = 0;

  set(path: string, node: Node): void {
    this.delete(path);
    this.nodes.set(path, node);
    if (node.kind === 'file') this.keptBytes += node.file.bytes.length;
    for (const dir of ancestorPaths(path)) this.descendants.set(dir, (this.descendants.get(dir) ?? 0) + 1);
  }

  delete(path: string): void {
    const node = this.nodes.get(path);
    if (!node) return;
    this.nodes.delete(path);
    if (node.kind === 'file') this.keptBytes -= node.file.bytes.length;
    for (const dir of ancestorPaths(path)) {
      const left = (this.descendants.get(dir) ?? 1) - 1;
      if (left === 0) this.descendants.delete(dir);
      else this.descendants.set(dir, left);
    }
  }

  /** Everything strictly inside directory `path`. */
  deleteChildren(path: string): void {
    if (path !== '' && !this.descendants.has(path)) return;
    for (const key of [...this.nodes.keys()]) if (key !== path && isWithin(key, path)) this.delete(key);
  }

  /** A node at `path` of an upper layer hides the lower node there, lower children of it, and non-directories on its way. */
  replaceFrom(lower: SquashedTree, path: string, isDirectory: boolean): void {
    for (const dir of ancestorPaths(path)) lower.delete(dir);
    lower.delete(path);
    if (!isDirectory) lower.deleteChildren(path);
    this.delete(path);
    if (!isDirectory) this.deleteChildren(path);
  }

  mergeInto(lower: SquashedTree): void {
    for (const [path, node] of this.nodes) lower.set(path, node);
  }

  files(): ImageFile[] {
    return [...this.nodes.values()].flatMap((node) => (node.kind === 'file' ? [node.file] : [])).sort(byPath);
  }

  symlinks(): ImageSymlink[] {
    return [...this.nodes.values()].flatMap((node) => (node.kind === 'symlink' ? [node.link] : [])).sort(byPath);
  }
}

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/**
 * The files of the final image file system that `wanted` asks for: whiteouts and opaque directories applied in layer
 * order, later layers overriding earlier ones. Only wanted files' bytes are kept, within `maxKeptBytes`.
 */
export async function readImageFiles(source: ImageSource, options: ReadImageFilesOptions): Promise<ImageFiles> {
  const limits: ImageReadLimits = { ...DEFAULT_IMAGE_READ_LIMITS, ...options.limits };
  const lower = new SquashedTree();
  let upper = new SquashedTree();
  const warnings: ImageWarning[] = [];

  const file = async (entry: LayerFile): Promise<void> => {
    upper.replaceFrom(lower, entry.path, false);
    if (!options.wanted(entry.path, entry.size)) return;
    if (lower.keptBytes + upper.keptBytes + entry.size > limits.maxKeptBytes) {
      warnings.push({ layer: entry.layer, path: entry.path, message: `${entry.path}: not read, the ${limits.maxKeptBytes}-byte limit for kept files is reached` });
      return;
    }
    try {
      const bytes = await entry.read();
      upper.set(entry.path, { kind: 'file', file: { path: entry.path, size: bytes.length, layer: entry.layer, bytes } });
    } catch (err) {
      warnings.push({ layer: entry.layer, path: entry.path, message: (err as Error).message });
    }
  };

  const change = (entry: LayerChange): void => {
    switch (entry.kind) {
      case 'whiteout':
        lower.delete(entry.path);
        lower.deleteChildren(entry.path);
        return;
      case 'opaque':
        lower.deleteChildren(entry.path);
        return;
      case 'directory':
        upper.replaceFrom(lower, entry.path, true);
        return;
      case 'symlink':
        upper.replaceFrom(lower, entry.path, false);
        upper.set(entry.path, { kind: 'symlink', link: { path: entry.path, target: entry.target, layer: entry.layer } });
        return;
      case 'hardlink':
        warnings.push({ layer: entry.layer, path: entry.path, message: `${entry.path}: hardlink to ${entry.target}, which is not a regular file of the same layer` });
        upper.replaceFrom(lower, entry.path, false);
        return;
      case 'other':
        upper.replaceFrom(lower, entry.path, false);
    }
  };

  const layerEnd = (): void => {
    upper.mergeInto(lower);
    upper = new SquashedTree();
  };

  const walked = await walkLayers(source, { file, change, layerEnd }, { limits });
  return { files: lower.files(), symlinks: lower.symlinks(), warnings: [...walked.warnings, ...warnings] };
}
