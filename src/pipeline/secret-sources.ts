import { displayPath } from '../core/display-path.js';
import { join } from 'node:path';
import picomatch from 'picomatch';
import type { ScanError } from '../core/finding.js';
import type { ImageConfig, ImageSource, LayerRef } from '../sources/image/types.js';
import { walkLayers, type LayerChange, type LayerFile } from '../sources/image/layers/walk.js';
import { decodeText, looksBinary } from '../checks/secrets/search/index.js';
import { secretKey } from '../checks/secrets/history/blob-scan.js';
import { git, GitRepositoryError } from '../sources/git/git-command.js';
import { scanGitHistory, type GitHistoryProgress } from '../checks/secrets/history/history.js';
import { scanStaged } from '../checks/secrets/history/staged.js';
import { WarningTally, type GitScanWarning, type GitScanWarningKind } from '../sources/git/warnings.js';
import type { SecretMatch } from '../checks/secrets/types.js';
import { openImage, type ImageLocator } from './image.js';
import { STDIN_DISPLAY, STDIN_PATH } from '../sources/inputs.js';
import { DEFAULT_MAX_FILE_BYTES, formatBytes, readOtherFile } from '../sources/directory/read-input.js';
import { selectRules, type RuleSelection } from './rule-selection.js';
import type { RuleHit } from '../core/rule-hit.js';
import { buildReport, type ScanState } from './report-builder.js';
import type { ScanOptions, ScanResult } from './scan.js';
import { SecretSearch } from './secrets.js';
import { walk } from '../sources/directory/walk.js';

/** What every secrets-only scan needs: the rule config, suppressions, filters and the per-file size limit. */
export type SecretSourceOptions = Pick<
  ScanOptions,
  'rules' | 'settings' | 'customSecrets' | 'severities' | 'exemptions' | 'ignoreEntries' | 'baseline' | 'strict' | 'now' | 'maxFileBytes' | 'exclude'
>;

export interface RepositoryScanOptions extends SecretSourceOptions {
  /** The repository (or a directory inside it). */
  repoDir: string;
  /** Findings are located relative to this directory, as a file scan from it would locate them. */
  cwd: string;
}

export interface HistoryScanOptions extends RepositoryScanOptions {
  /** Only commits in `since..HEAD`. */
  since?: string;
  onProgress?: (progress: GitHistoryProgress) => void;
}

export interface ImageSecretScanOptions extends SecretSourceOptions {
  image: ImageLocator;
}

/** The configured secret rules and nothing else, so the report's rule catalogue lists only what ran. */
export function secretSelection(options: Pick<SecretSourceOptions, 'rules' | 'settings' | 'customSecrets'>): RuleSelection {
  const selection = selectRules(options.rules, options.settings, options.customSecrets);
  return { ...selection, kubernetes: [], kubernetesSet: [], dockerfile: [], image: [], metas: selection.metas.filter((m) => m.target === 'secret') };
}

function startState(options: SecretSourceOptions): { state: ScanState; search: SecretSearch } {
  const selection = secretSelection(options);
  const state: ScanState = {
    hits: [],
    errors: [],
    directives: new Map(),
    selection,
    options,
    now: options.now ?? new Date(),
    started: performance.now(),
    files: 0,
    resources: 0,
    packages: 0,
    vulnerabilities: [],
  };
  return { state, search: new SecretSearch(selection.secret) };
}

function excludeFilter(globs: readonly string[]): (file: string) => boolean {
  const matchers = globs.map((glob) => picomatch(glob, { dot: true, matchBase: !glob.includes('/') }));
  return (file) => !matchers.some((match) => match(file));
}

/** `rampart secrets PATH...`: every text file of the trees, charts and kustomizations included as plain files (nothing is rendered). */
export async function scanSecretFiles(options: SecretSourceOptions & Pick<ScanOptions, 'paths' | 'cwd' | 'stdinText'>): Promise<ScanResult> {
  const { state, search } = startState(options);
  const display = (path: string) => displayPath(options.cwd, path);
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const walked = await walk(
    options.paths.filter((p) => p !== STDIN_PATH),
    { exclude: options.exclude, cwd: options.cwd, everyFile: true, renderTargets: false },
  );
  state.errors.push(...walked.errors);
  for (const entry of walked.entries) {
    if (entry.type !== 'file') continue;
    const read = await readOtherFile(entry.path, display(entry.path), maxBytes);
    if (!read) continue;
    if (!read.ok) {
      state.errors.push(read.error);
      continue;
    }
    state.files++;
    state.hits.push(...search.hits(display(entry.path), read.text));
  }
  if (options.paths.includes(STDIN_PATH)) {
    state.files++;
    state.hits.push(...search.hits(STDIN_DISPLAY, options.stdinText ?? ''));
  }
  return buildReport(state);
}

/** Repository paths as a file scan from `cwd` would show them, so one baseline covers files, history and staged changes. */
async function repositoryDisplay(repoDir: string, cwd: string): Promise<(path: string) => string> {
  const top = await git(repoDir, ['rev-parse', '--show-toplevel']).then(
    (out) => out.trim(),
    () => undefined, // a bare repository has no work tree to be relative to
  );
  if (!top) return (path) => path;
  return (path) => displayPath(cwd, join(top, path));
}

/** Incomplete scans fail the gate (exit 3); what merely could not be read as text is a warning. */
const INCOMPLETE: ReadonlySet<GitScanWarningKind> = new Set(['history-incomplete', 'missing-object', 'unreadable-object', 'scan-failed']);

function warningErrors(warnings: readonly GitScanWarning[], file: string): ScanError[] {
  // Binary files are passed over quietly in every source, as a file scan does.
  return warnings.filter((w) => w.kind !== 'binary').map((w) => ({
    file,
    message: `${w.message}${w.examples.length > 0 ? ` (e.g. ${w.examples.join(', ')})` : ''}`,
    level: INCOMPLETE.has(w.kind) ? 'error' : 'warning',
  }));
}

function gitFailure(state: ScanState, repository: string, error: unknown): ScanResult {
  if (!(error instanceof GitRepositoryError)) throw error;
  state.errors.push({ file: repository, message: error.message });
  return buildReport(state);
}

const repositoryName = (options: RepositoryScanOptions) => displayPath(options.cwd, options.repoDir);

/** `rampart secrets --git`: every secret ever committed, located at the path and commit that introduced it. */
export async function scanSecretHistory(options: HistoryScanOptions): Promise<ScanResult> {
  const { state, search } = startState(options);
  try {
    const display = await repositoryDisplay(options.repoDir, options.cwd);
    const included = excludeFilter(options.exclude);
    const scanned = await scanGitHistory(options.repoDir, {
      scan: search.scan,
      ...(options.maxFileBytes !== undefined ? { maxBlobBytes: options.maxFileBytes } : {}),
      ...(options.since !== undefined ? { since: options.since } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    state.files = scanned.stats.blobsScanned;
    state.errors.push(...warningErrors(scanned.warnings, repositoryName(options)));
    for (const found of scanned.hits) {
      const file = display(found.path);
      if (!included(file)) continue;
      const where = ` in commit ${found.commit.slice(0, 12)} (${found.authorDate}), ${found.presentAtHead ? 'still present at HEAD' : 'removed from HEAD, still in history'}`;
      const hit = search.hit(file, found.match, where);
      hit.secret = { ...hit.secret!, commit: { id: found.commit, authorDate: found.authorDate, author: found.author }, presentAtHead: found.presentAtHead };
      state.hits.push(hit);
    }
    return buildReport(state);
  } catch (error) {
    return gitFailure(state, repositoryName(options), error);
  }
}

/** `rampart secrets --staged`: the index's version of every staged file, for the pre-commit hook. */
export async function scanStagedSecrets(options: RepositoryScanOptions): Promise<ScanResult> {
  const { state, search } = startState(options);
  try {
    const display = await repositoryDisplay(options.repoDir, options.cwd);
    const included = excludeFilter(options.exclude);
    const scanned = await scanStaged(options.repoDir, {
      scan: (text) => {
        // Called once per staged file read as text: the count of files scanned.
        state.files++;
        return search.scan(text);
      },
      ...(options.maxFileBytes !== undefined ? { maxBlobBytes: options.maxFileBytes } : {}),
    });
    state.errors.push(...warningErrors(scanned.warnings, repositoryName(options)));
    for (const found of scanned.hits) {
      const file = display(found.path);
      if (included(file)) state.hits.push(search.hit(file, found.match, ' (staged)'));
    }
    return buildReport(state);
  } catch (error) {
    return gitFailure(state, repositoryName(options), error);
  }
}

interface LayerMatch {
  path: string;
  match: SecretMatch;
  layer: LayerRef;
  key: string;
}

/**
 * Which secrets each path shows in the final file system. Only paths with secrets are tracked: a later layer that
 * deletes, hides or replaces them is what makes a secret "deleted in a later layer" yet still in the image.
 */
class VisibleSecrets {
  private readonly visible = new Map<string, { layer: number; keys: Set<string> }>();

  file(path: string, layer: number, keys: Set<string>): void {
    if (keys.size > 0) this.visible.set(path, { layer, keys });
    else this.visible.delete(path);
  }

  change(change: LayerChange): void {
    const layer = change.layer.index;
    const hides = (path: string, entry: { layer: number }) =>
      entry.layer < layer &&
      (change.kind === 'opaque' ? path.startsWith(`${change.path}/`) : path === change.path || (change.kind === 'whiteout' && path.startsWith(`${change.path}/`)));
    for (const [path, entry] of this.visible) if (hides(path, entry)) this.visible.delete(path);
  }

  has(path: string, key: string): boolean {
    return this.visible.get(path)?.keys.has(key) ?? false;
  }
}

/** `rampart secrets --image`: every file of every layer (deleted ones too), the config's Env and the build history. */
export async function scanImageSecrets(options: ImageSecretScanOptions): Promise<ScanResult> {
  const { state, search } = startState(options);
  const reference = options.image.reference;
  let source: ImageSource;
  try {
    source = await openImage(options.image);
  } catch (error) {
    state.errors.push({ file: reference, message: (error as Error).message });
    return buildReport({ ...state, target: { type: 'image', name: reference } });
  }
  const target = { type: 'image' as const, name: reference, ...(source.manifestDigest ? { digest: source.manifestDigest } : {}) };
  try {
    // Layers first: an image that fails verification reports nothing at all, its config's findings included.
    const found = await layerSecrets(source, reference, search, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, state);
    state.hits.push(...configHits(reference, source.config, search));
    const included = excludeFilter(options.exclude);
    for (const { path, match, layer, deleted } of found) {
      if (!included(path)) continue;
      const where = ` in layer ${layer.index + 1} (${layer.digest.slice(0, 19)})${deleted ? ', deleted by a later layer but still in the image' : ''}`;
      const hit = search.hit(path, match, where);
      // `RUN curl https://user:password@...` would print the password the history finding redacts.
      const createdBy = layer.createdBy === undefined ? undefined : search.redact(layer.createdBy);
      hit.secret = {
        ...hit.secret!,
        layer: { digest: layer.digest, ...(createdBy ? { createdBy } : {}) },
        deletedInLaterLayer: deleted,
      };
      state.hits.push(hit);
    }
    return buildReport({ ...state, target });
  } catch (error) {
    state.errors.push({ file: reference, message: (error as Error).message });
    return buildReport({ ...state, target });
  } finally {
    await source.close();
  }
}

/** Each secret once per path, from the layer that first held it. */
async function layerSecrets(
  source: ImageSource,
  reference: string,
  search: SecretSearch,
  maxBytes: number,
  state: ScanState,
): Promise<Array<{ path: string; match: SecretMatch; layer: LayerRef; deleted: boolean }>> {
  const first = new Map<string, LayerMatch>();
  const visible = new VisibleSecrets();
  const tally = new WarningTally();
  const where = (file: LayerFile) => `${file.path} (layer ${file.layer.index + 1})`;
  const text = async (file: LayerFile): Promise<string | undefined> => {
    if (file.size > maxBytes) {
      tally.add('too-large', `over the ${formatBytes(maxBytes)} limit: not searched for secrets (raise --max-file-size)`, where(file));
      return undefined;
    }
    let bytes: Uint8Array;
    try {
      bytes = await file.read();
    } catch (error) {
      tally.add('unreadable-object', `could not be read, not searched for secrets: ${(error as Error).message}`, where(file));
      return undefined;
    }
    // Executables and libraries fill images; passing them over is the normal case, not worth a warning.
    return looksBinary(bytes) ? undefined : decodeText(bytes);
  };
  const walked = await walkLayers(
    source,
    {
      file: async (file) => {
        const content = await text(file);
        const matches = content === undefined ? [] : search.scan(content);
        if (content !== undefined) state.files++;
        const keys = new Set<string>();
        for (const match of matches) {
          const key = `${file.path}\0${secretKey(match)}`;
          keys.add(key);
          if (!first.has(key)) first.set(key, { path: file.path, match, layer: file.layer, key });
        }
        visible.file(file.path, file.layer.index, keys);
      },
      change: (change) => visible.change(change),
    },
    { limits: { maxFileSize: maxBytes } },
  );
  state.errors.push(...warningErrors(tally.list(), reference));
  // A layer that cannot be read to its verified end throws; what is left are skipped entries.
  for (const warning of walked.warnings) {
    state.errors.push({ file: warning.path ? `${reference}:${warning.path}` : reference, message: warning.message, level: 'warning' });
  }
  return [...first.values()].map(({ path, match, layer, key }) => ({ path, match, layer, deleted: !visible.has(path, key) }));
}

/** Env values (line N is entry N) at `<ref>#config`, history `created_by` lines (line N is entry N) at `<ref>#history`. */
function configHits(reference: string, config: ImageConfig, search: SecretSearch): RuleHit[] {
  // The config comes from a registry or a tarball: every field is checked before use.
  const record: ImageConfig = config !== null && typeof config === 'object' && !Array.isArray(config) ? config : {};
  const env = Array.isArray(record.config?.Env) ? record.config.Env : [];
  const history = Array.isArray(record.history) ? record.history : [];
  const lines = (values: unknown[]) => values.map((v) => (typeof v === 'string' ? v.replace(/[\r\n]+/g, ' ') : '')).join('\n');
  return [
    ...search.hits(`${reference}#config`, lines(env), ' in the image config (Env)'),
    ...search.hits(`${reference}#history`, lines(history.map((h) => (h !== null && typeof h === 'object' ? h.created_by : undefined))), ' in the image build history'),
  ];
}
