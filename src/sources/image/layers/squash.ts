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

/** One layer's view: what it holds per path, and how many held paths lie below each directory. */
class PathTree<T> {
  readonly nodes = new Map<string, T>();
  /** Tracked descendants per directory, so deleting a subtree scans only when there is something to delete. */
  private readonly descendants = new Map<string, number>();
  weight = 0;

  constructor(private readonly weigh: (value: T) => number) {}

  set(path: string, value: T): void {
    this.delete(path);
    this.nodes.set(path, value);
    this.weight += this.weigh(value);
    for (const dir of ancestorPaths(path)) this.descendants.set(dir, (this.descendants.get(dir) ?? 0) + 1);
  }

  delete(path: string): void {
    if (!this.nodes.has(path)) return;
    this.weight -= this.weigh(this.nodes.get(path)!);
    this.nodes.delete(path);
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
}

/**
 * The final (squashed) file system as a walk's events build it, keeping one value per path for the paths a reader
 * cares about: the one implementation of whiteouts, opaque directories and replacement by later layers. Entries of
 * the layer being read hide lower layers' entries only; a whiteout or opaque directory never hides its own layer.
 */
export class SquashedFileSystem<T> {
  private readonly lower: PathTree<T>;
  private upper: PathTree<T>;

  /** `weigh` measures what is held (bytes kept), for limits. */
  constructor(private readonly weigh: (value: T) => number = () => 0) {
    this.lower = new PathTree(weigh);
    this.upper = new PathTree(weigh);
  }

  /** The total weight of what is held now. */
  get weight(): number {
    return this.lower.weight + this.upper.weight;
  }

  /** A non-directory entry at `path` in the current layer, holding `value` (nothing when undefined). */
  put(path: string, value?: T): void {
    this.replace(path, false);
    if (value !== undefined) this.upper.set(path, value);
  }

  /** Applies a change of the current layer; a symlink, hardlink or device replaces the path, holding `value` if given. */
  change(change: LayerChange, value?: T): void {
    switch (change.kind) {
      case 'whiteout':
        this.lower.delete(change.path);
        this.lower.deleteChildren(change.path);
        return;
      case 'opaque':
        this.lower.deleteChildren(change.path);
        return;
      case 'directory':
        this.replace(change.path, true);
        return;
      default:
        this.put(change.path, value);
    }
  }

  /** The current layer is complete: it becomes part of the lower file system. */
  layerEnd(): void {
    for (const [path, value] of this.upper.nodes) this.lower.set(path, value);
    this.upper = new PathTree(this.weigh);
  }

  /** What the file system holds at `path` now. */
  get(path: string): T | undefined {
    return this.upper.nodes.get(path) ?? this.lower.nodes.get(path);
  }

  /** What the completed layers hold, by path. */
  entries(): IterableIterator<[string, T]> {
    return this.lower.nodes.entries();
  }

  /** A node at `path` hides the lower node there, lower non-directories on its way, and (unless a directory) what was below it. */
  private replace(path: string, isDirectory: boolean): void {
    for (const dir of ancestorPaths(path)) this.lower.delete(dir);
    this.lower.delete(path);
    if (!isDirectory) this.lower.deleteChildren(path);
    this.upper.delete(path);
    if (!isDirectory) this.upper.deleteChildren(path);
  }
}

type Node = { kind: 'file'; file: ImageFile } | { kind: 'symlink'; link: ImageSymlink };

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/**
 * The files of the final image file system that `wanted` asks for: whiteouts and opaque directories applied in layer
 * order, later layers overriding earlier ones. Only wanted files' bytes are kept, within `maxKeptBytes`.
 */
export async function readImageFiles(source: ImageSource, options: ReadImageFilesOptions): Promise<ImageFiles> {
  const limits: ImageReadLimits = { ...DEFAULT_IMAGE_READ_LIMITS, ...options.limits };
  const tree = new SquashedFileSystem<Node>((node) => (node.kind === 'file' ? node.file.bytes.length : 0));
  const warnings: ImageWarning[] = [];

  const file = async (entry: LayerFile): Promise<void> => {
    tree.put(entry.path);
    if (!options.wanted(entry.path, entry.size)) return;
    if (tree.weight + entry.size > limits.maxKeptBytes) {
      warnings.push({ layer: entry.layer, path: entry.path, message: `${entry.path}: not read, the ${limits.maxKeptBytes}-byte limit for kept files is reached` });
      return;
    }
    try {
      const bytes = await entry.read();
      tree.put(entry.path, { kind: 'file', file: { path: entry.path, size: bytes.length, layer: entry.layer, bytes } });
    } catch (err) {
      warnings.push({ layer: entry.layer, path: entry.path, message: (err as Error).message });
    }
  };

  const change = (entry: LayerChange): void => {
    if (entry.kind === 'hardlink') {
      warnings.push({ layer: entry.layer, path: entry.path, message: `${entry.path}: hardlink to ${entry.target}, which is not a regular file of the same layer` });
    }
    tree.change(entry, entry.kind === 'symlink' ? { kind: 'symlink', link: { path: entry.path, target: entry.target, layer: entry.layer } } : undefined);
  };

  const walked = await walkLayers(source, { file, change, layerEnd: () => tree.layerEnd() }, { limits });
  const nodes = [...tree.entries()].map(([, node]) => node);
  return {
    files: nodes.flatMap((node) => (node.kind === 'file' ? [node.file] : [])).sort(byPath),
    symlinks: nodes.flatMap((node) => (node.kind === 'symlink' ? [node.link] : [])).sort(byPath),
    warnings: [...walked.warnings, ...warnings],
  };
}
