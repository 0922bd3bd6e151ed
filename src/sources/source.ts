import type { ScanError } from '../core/finding.js';
import type { ScanTarget } from '../core/report.js';
import type { FileKind } from './directory/classify.js';
import type { CommitInfo } from './git/raw-diff.js';
import type { ImageFile } from './image/layers/squash.js';
import type { LayerChange } from './image/layers/walk.js';
import type { ImageConfig, LayerRef } from './image/types.js';
import type { RenderResult } from './rendered/index.js';

/** Where a blob was found; the checks judge by it (first commit, still at HEAD, deleted by a later layer). */
export type BlobOrigin =
  /** A commit of the history added or changed it (commits come oldest first, parents before children). */
  | { kind: 'commit'; commit: CommitInfo }
  /** HEAD's tree holds it; these follow the history's blobs. */
  | { kind: 'head' }
  /** The index holds it, about to be committed. */
  | { kind: 'staged' }
  /** A layer of an image holds it. */
  | { kind: 'layer'; layer: LayerRef };

/** One version of one file, as a repository's history or an image's layers hold it; its text is read only when asked. */
export interface Blob {
  /** Where the source found it: relative to the repository root, or the path in the image. */
  path: string;
  /** As the report names it. */
  file: string;
  /** The content's identity when the source has one (a git object ID): equal IDs, equal text. */
  id?: string;
  origin: BlobOrigin;
  /**
   * The content as text; undefined when it has none (binary, over the size limit, unreadable), the source reporting why.
   * Call it at most once, before asking for the next entry: a layer's bytes are only there while the walk stands on them.
   */
  text(): Promise<string | undefined>;
}

/** A file of an unpacked root file system on disk: its path is relative to the root, as in the image it came from. */
export interface RootFile {
  path: string;
  read(): Promise<Uint8Array>;
}

/** What an image's layers show, in order: each file (a blob), each other change to the file system, each layer's end. */
export interface LayerBlobVisitor {
  file(blob: Blob): Promise<void>;
  /** Whiteouts, opaque directories, links, devices, and files left out by `--exclude`: they hide what lower layers held. */
  change(change: LayerChange): void;
  layerEnd(): void;
}

/**
 * One unit of work for the pipeline. Sources yield what they read; the pipeline decides which checks run on it.
 * - `text`: a file's text at its display path, with its kind.
 * - `rendered`: a Helm chart's or kustomization's rendering (its consumed files were read by the renderer).
 * - `sbom`: an SBOM document's text; the pipeline reads its packages.
 * - `image-config`: an image's config, for the image rules and the secret search of its Env and history.
 * - `image-files`: the files of an image's squashed file system that the pipeline asked for, for the inventory.
 * - `root-files`: the package databases, lockfiles and binaries of an unpacked root file system on disk, for the
 *   inventory; each is read only when an extractor asks for it.
 * - `image-layers`: every file of every layer, handed to the pipeline's visitor as the layers stream by (a layer's
 *   bytes cannot be held back to be yielded later); `visit` resolves to false when the layers could not be read to
 *   their verified end, and what the visitor saw must then be dropped (the source reports why as an `error`).
 * - `blob`: one version of a file from git (history, then HEAD, or the index).
 * - `progress`: how many commits a history walk has passed (every hundred, and once at the end).
 * - `error`: what could not be read; an error fails the gate (exit 3), a warning does not.
 * - `target`: what the report is about (an image, an SBOM).
 */
export type SourceEntry =
  | { type: 'rendered'; source: 'chart' | 'kustomization'; dir: string; result: RenderResult }
  | { type: 'text'; file: string; text: string; kind: FileKind }
  | { type: 'sbom'; file: string; text: string }
  | { type: 'image-config'; reference: string; config: ImageConfig }
  | { type: 'image-files'; reference: string; files: ImageFile[] }
  | { type: 'root-files'; files: RootFile[] }
  | { type: 'image-layers'; reference: string; visit(visitor: LayerBlobVisitor): Promise<boolean> }
  | { type: 'blob'; blob: Blob }
  | { type: 'progress'; commits: number }
  | { type: 'error'; error: ScanError }
  | { type: 'target'; target: ScanTarget };

export type SourceKind = 'directory' | 'stdin' | 'cluster' | 'image' | 'git-history' | 'git-staged' | 'sbom';

/** Something the pipeline reads from: it yields entries once, in a stable order, and releases what it holds on close. */
export interface Source {
  readonly kind: SourceKind;
  /** For messages: a path, an image reference, `cluster://context`. */
  readonly name: string;
  /** Read failures are `error` entries, never throws: a source that cannot be read is an incomplete scan. */
  entries(): AsyncIterable<SourceEntry>;
  close?(): Promise<void>;
}

/** A source over an entry generator, for sources that hold nothing to release. */
export function sourceOf(kind: SourceKind, name: string, entries: () => AsyncIterable<SourceEntry>): Source {
  return { kind, name, entries };
}

/** Where a blob is, for messages: `path (abc123def456)`, `path (HEAD)`, `path (layer 2)`, or the staged path. */
export function blobPlace(path: string, origin: BlobOrigin): string {
  switch (origin.kind) {
    case 'commit':
      return `${path} (${origin.commit.oid.slice(0, 12)})`;
    case 'head':
      return `${path} (HEAD)`;
    case 'staged':
      return path;
    case 'layer':
      return `${path} (layer ${origin.layer.index + 1})`;
  }
}
