import type { ScanError } from '../core/finding.js';
import type { ScanTarget } from '../core/report.js';
import type { RuleHit } from '../core/rule-hit.js';
import type { FileKind } from './directory/classify.js';
import type { ImageFile } from './image/layers/squash.js';
import type { ImageConfig } from './image/types.js';
import type { RenderResult } from './rendered/index.js';

/**
 * One unit of work for the pipeline. Sources yield what they read; the pipeline decides which checks run on it.
 * - `text`: a file's text at its display path, with its kind.
 * - `rendered`: a Helm chart's or kustomization's rendering (its consumed files were read by the renderer).
 * - `sbom`: an SBOM document's text; the pipeline reads its packages.
 * - `image-config`: an image's config, for the image rules.
 * - `image-files`: the files of an image's squashed file system that the pipeline asked for, for the inventory.
 * - `findings`: hits a source produced with a check the pipeline handed it (git history's secret search sees each
 *   blob once and credits its first commit, which no later stage could do), and how many files they cover.
 * - `error`: what could not be read; an error fails the gate (exit 3), a warning does not.
 * - `target`: what the report is about (an image, an SBOM).
 */
export type SourceEntry =
  | { type: 'rendered'; source: 'chart' | 'kustomization'; dir: string; result: RenderResult }
  | { type: 'text'; file: string; text: string; kind: FileKind }
  | { type: 'sbom'; file: string; text: string }
  | { type: 'image-config'; reference: string; config: ImageConfig }
  | { type: 'image-files'; reference: string; files: ImageFile[] }
  | { type: 'findings'; hits: RuleHit[]; files: number }
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
