import { displayPath } from '../core/display-path.js';
import { join, resolve } from 'node:path';
import type { ScanError } from '../core/finding.js';
import { isJsonManifest, parseYamlFile } from '../parsers/kubernetes/documents.js';
import { extractObjects, type KubernetesObject } from '../parsers/kubernetes/objects.js';
import { sniffStdin } from './directory/classify.js';
import { DEFAULT_MAX_FILE_BYTES, readOtherFile, readTextFile } from './directory/read-input.js';
import { chartForPipedOutput, mapHelmOutput, renderHelmChart, renderKustomization, type RenderOptions } from './rendered/index.js';
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
  /** Every file is read only to be searched for secrets (readOtherFile): binary ones passed over, oversized ones a warning. */
  secretsOnly?: boolean;
  /** Inputs read from elsewhere than `paths` (a live cluster: src/cluster/source.ts), one per object. */
  source?: AsyncIterable<Input>;
}

/** What a file tree, a rendering or stdin yields, in a stable order: renderings first, then files, then stdin. */
export type Input = Extract<SourceEntry, { type: 'rendered' | 'text' | 'error' }>;

/** The files and directories of `paths`, and stdin when `-` is among them, as one source. */
export function inputSource(options: InputOptions): Source {
  const stdinOnly = options.paths.length > 0 && options.paths.every((p) => p === STDIN_PATH);
  return {
    kind: stdinOnly ? 'stdin' : 'directory',
    name: options.paths.map((p) => (p === STDIN_PATH ? STDIN_DISPLAY : displayPath(options.cwd, p))).join(' '),
    entries: () => readInputs(options),
  };
}

/**
 * The single walk under every command: walks, renders charts and kustomizations (whose consumed
 * files are then skipped), and reads the remaining files ahead of their use.
 */
export async function* readInputs(options: InputOptions): AsyncGenerator<Input> {
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
    const result = entry.type === 'chart' ? await renderHelmChart(entry.dir, renderOptions) : await renderKustomization(entry.dir, renderOptions);
    result.consumed.forEach((path) => consumed.add(resolve(path)));
    if (entry.type === 'kustomization') consumed.add(join(entry.dir, entry.marker));
    yield { type: 'rendered', source: entry.type, dir: display(entry.dir), result };
  }

  const files = walked.entries.filter((e): e is FileEntry => e.type === 'file' && !consumed.has(resolve(e.path)));
  const read = (entry: FileEntry) =>
    entry.kind === 'other' || options.secretsOnly ? readOtherFile(entry.path, display(entry.path), maxFileBytes) : readTextFile(entry.path, display(entry.path), maxFileBytes);
  for await (const { entry, read: result } of readAhead(files, read)) {
    // Binary files met while looking for secrets are passed over quietly.
    if (result === undefined) continue;
    const read = result;
    if (read.ok) yield { type: 'text', file: display(entry.path), text: read.text, kind: entry.kind ?? sniffStdin(read.text) };
    else yield { type: 'error', error: read.error };
  }

  if (options.paths.includes(STDIN_PATH)) {
    const text = options.stdinText ?? '';
    // `helm template ./chart | rampart scan -`: with the chart at hand, findings point at its templates.
    const chartDir = renderOptions && text.includes('# Source: ') ? await chartForPipedOutput(text, options.cwd) : undefined;
    if (chartDir && renderOptions) {
      const mapped = await mapHelmOutput(text, chartDir, renderOptions);
      yield { type: 'rendered', source: 'chart', dir: STDIN_DISPLAY, result: { ...mapped, consumed: [] } };
    } else {
      yield { type: 'text', file: STDIN_DISPLAY, text, kind: sniffStdin(text) };
    }
  }
}

/** Every Kubernetes object of the inputs, for commands that analyse rather than lint (rbac, netpol). */
export async function loadObjects(options: InputOptions): Promise<{ objects: KubernetesObject[]; errors: ScanError[] }> {
  const objects: KubernetesObject[] = [];
  const errors: ScanError[] = [];
  for await (const input of options.source ?? readInputs(options)) {
    if (input.type === 'error') errors.push(input.error);
    else if (input.type === 'rendered') {
      objects.push(...input.result.objects);
      errors.push(...input.result.errors);
    } else if (input.kind === 'yaml' || input.kind === 'json') {
      const parsed = parseYamlFile(input.file, input.text);
      const found = extractObjects(parsed);
      // JSON that is not a Kubernetes object (package.json) is not ours to judge, nor its syntax; a broken manifest is.
      if (input.kind === 'json' && !isJsonManifest(parsed, found.length)) continue;
      objects.push(...found);
      errors.push(...parsed.errors);
    }
  }
  // Nothing readable is an incomplete answer, never an empty analysis that passes a gate.
  if (objects.length === 0 && !errors.some((e) => (e.level ?? 'error') === 'error')) {
    errors.push({ file: options.paths.join(' ') || 'cluster', message: 'no Kubernetes objects found in the input' });
  }
  return { objects, errors };
}

type FileEntry = Extract<WalkEntry, { type: 'file' }>;

const READ_AHEAD = 16;

/** Keeps up to READ_AHEAD reads in flight so the CPU never waits on the disk; yields in input order. */
async function* readAhead<T, R>(items: T[], read: (item: T) => Promise<R>): AsyncGenerator<{ entry: T; read: R }> {
  const pending: Array<Promise<R>> = [];
  let next = 0;
  const fill = () => {
    while (next < items.length && pending.length < READ_AHEAD) pending.push(read(items[next++]!));
  };
  fill();
  for (let i = 0; i < items.length; i++) {
    const result = await pending.shift()!;
    fill();
    yield { entry: items[i]!, read: result };
  }
}
