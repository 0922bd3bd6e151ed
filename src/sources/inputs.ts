import { displayPath } from '../core/display-path.js';
import { join, resolve } from 'node:path';
import { sniffStdin } from './directory/classify.js';
import { DEFAULT_MAX_FILE_BYTES, readInBatches, readOtherFile, readTextFile } from './directory/read-input.js';
import type { RenderOptions } from './rendered/index.js';
import { walk, type WalkEntry } from './directory/walk.js';
import type { Source, SourceEntry } from './source.js';

export const STDIN_PATH = '-';
export const STDIN_DISPLAY = '<stdin>';

export interface InputOptions {
  /** Files and directories; `-` reads `stdinText`. */
  paths: string[];
  stdinText?: string;
  cwd: string;
  exclude: string[];
  /** How charts and kustomizations are rendered; absent: nothing is, and they and piped `helm template` output are plain text. */
  render?: Omit<RenderOptions, 'display'>;
  maxFileBytes?: number;
  /** Read every text file of the walked trees (kind `other` for unclassified ones), for the secret detectors. */
  everyFile?: boolean;
  /** Lockfiles and manifests to read for the inventory (kind `packages`). */
  packageFiles?: (path: string) => boolean;
  /** Read only what `packageFiles` names (an inventory alone): a manifest it has no use for cannot fail it. */
  packageFilesOnly?: boolean;
  /** Every file is read only to be searched for secrets (readOtherFile): binary ones passed over, oversized ones a warning. */
  secretsOnly?: boolean;
  /** Inputs read from elsewhere than `paths` (a live cluster: sources/cluster/source.ts), one per object. */
  source?: AsyncIterable<Input>;
}

/** What a file tree, a rendering or stdin yields, in a stable order: renderings first, then files, then stdin. */
export type Input = Extract<SourceEntry, { type: 'rendered' | 'text' | 'error' }>;

/** The files and directories of `paths`, and stdin when `-` is among them, as one source; or the cluster `source` names. */
export function inputSource(options: InputOptions): Source {
  const { source } = options;
  if (source) return { kind: 'cluster', name: 'cluster', entries: () => source };
  const stdinOnly = options.paths.length > 0 && options.paths.every((p) => p === STDIN_PATH);
  return {
    kind: stdinOnly ? 'stdin' : 'directory',
    name: options.paths.map((p) => (p === STDIN_PATH ? STDIN_DISPLAY : displayPath(options.cwd, resolve(options.cwd, p)))).join(' '),
    entries: () => readInputs(options),
  };
}

/**
 * The single walk under every command: walks, renders charts and kustomizations (whose consumed
 * files are then skipped), and reads the remaining files ahead of their use.
 */
async function* readInputs(options: InputOptions): AsyncGenerator<Input> {
  const display = (path: string) => displayPath(options.cwd, path);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const walked = await walk(
    options.paths.filter((p) => p !== STDIN_PATH),
    {
      exclude: options.exclude,
      cwd: options.cwd,
      ...(options.everyFile ? { everyFile: true } : {}),
      ...(options.packageFiles ? { packageFiles: options.packageFiles } : {}),
      ...(options.render ? {} : { renderTargets: false }),
    },
  );
  for (const error of walked.errors) yield { type: 'error', error };

  const consumed = new Set<string>();
  const renderOptions: RenderOptions | undefined = options.render && { ...options.render, display };
  for (const entry of walked.entries) {
    if (entry.type === 'file' || !renderOptions) continue;
    // Loaded by the first chart or kustomization: most scans have none and never pay for the renderers.
    const { renderHelmChart, renderKustomization } = await import('./rendered/index.js');
    const result = entry.type === 'chart' ? await renderHelmChart(entry.dir, renderOptions) : await renderKustomization(entry.dir, renderOptions);
    result.consumed.forEach((path) => consumed.add(resolve(path)));
    if (entry.type === 'kustomization') consumed.add(join(entry.dir, entry.marker));
    yield { type: 'rendered', source: entry.type, dir: display(entry.dir), result };
  }

  const files = walked.entries.filter(
    (e): e is FileEntry => e.type === 'file' && (consumed.size === 0 || !consumed.has(resolve(e.path))) && (!options.packageFilesOnly || options.packageFiles?.(e.path) === true),
  );
  const read = (entry: FileEntry) =>
    entry.kind === 'other' || options.secretsOnly
      ? readOtherFile(entry.path, display(entry.path), maxFileBytes, entry.root)
      : readTextFile(entry.path, display(entry.path), maxFileBytes, entry.root);
  for await (const { item: entry, read: result } of readInBatches(files, read)) {
    // Binary files met while looking for secrets are passed over quietly.
    if (result === undefined) continue;
    const read = result;
    if (read.ok) yield { type: 'text', file: display(entry.path), text: read.text, kind: entry.kind ?? sniffStdin(read.text) };
    else yield { type: 'error', error: read.error };
  }

  if (options.paths.includes(STDIN_PATH)) {
    const text = options.stdinText ?? '';
    // `helm template ./chart | rampart scan -`: with the chart at hand, findings point at its templates.
    const helm = renderOptions && text.includes('# Source: ') ? await import('./rendered/index.js') : undefined;
    const chartDir = helm ? await helm.chartForPipedOutput(text, options.cwd) : undefined;
    if (helm && chartDir && renderOptions) {
      const mapped = await helm.mapHelmOutput(text, chartDir, renderOptions);
      yield { type: 'rendered', source: 'chart', dir: STDIN_DISPLAY, result: { ...mapped, consumed: [] } };
    } else {
      yield { type: 'text', file: STDIN_DISPLAY, text, kind: sniffStdin(text) };
    }
  }
}

type FileEntry = Extract<WalkEntry, { type: 'file' }>;
