import { displayPath } from '../core/display-path.js';
import { join } from 'node:path';
import type { ScanError } from '../core/finding.js';
import type { ImageConfig, ImageSource, LayerRef } from '../sources/image/types.js';
import { walkLayers, type LayerFile } from '../sources/image/layers/walk.js';
import { SquashedFileSystem } from '../sources/image/layers/squash.js';
import { decodeText, looksBinary } from '../checks/secrets/search/index.js';
import { secretKey } from '../checks/secrets/history/blob-scan.js';
import { git, GitRepositoryError } from '../sources/git/git-command.js';
import { scanGitHistory, type GitHistoryProgress } from '../checks/secrets/history/history.js';
import { scanStaged } from '../checks/secrets/history/staged.js';
import { WarningTally, type GitScanWarning, type GitScanWarningKind } from '../sources/git/warnings.js';
import type { SecretMatch } from '../checks/secrets/types.js';
import { openImage, type ImageLocator } from '../sources/image/open-image.js';
import { inputSource } from '../sources/inputs.js';
import { DEFAULT_MAX_FILE_BYTES } from '../sources/directory/read-input.js';
import { formatBytes } from '../core/bytes.js';
import { selectRules, type RuleSelection } from './rule-selection.js';
import type { RuleHit } from '../core/rule-hit.js';
import { sourceOf, type Source, type SourceEntry } from '../sources/source.js';
import { scanSources, type ScanOptions, type ScanResult } from './scan.js';
import { SecretSearch } from './secrets.js';
import { excludeMatcher } from '../sources/directory/exclude.js';

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

/** Runs the one pipeline over a source that searches for secrets as it reads (git blobs, image layers). */
function scanWithSecretSearch(options: SecretSourceOptions, source: (search: SecretSearch) => Source): Promise<ScanResult> {
  const selection = secretSelection(options);
  return scanSources({ ...options, sources: [source(new SecretSearch(selection.secret))], selection, checks: { rules: false, secrets: true } });
}

const errorEntry = (error: ScanError): SourceEntry => ({ type: 'error', error });

function excludeFilter(globs: readonly string[]): (file: string) => boolean {
  const excluded = excludeMatcher(globs);
  return (file) => !excluded(file);
}

/** `rampart secrets PATH...`: every text file of the trees, charts and kustomizations included as plain files (nothing is rendered). */
export async function scanSecretFiles(options: SecretSourceOptions & Pick<ScanOptions, 'paths' | 'cwd' | 'stdinText'>): Promise<ScanResult> {
  const source = inputSource({ ...options, render: undefined, everyFile: true, secretsOnly: true });
  return scanSources({ ...options, sources: [source], selection: secretSelection(options), checks: { rules: false, secrets: true } });
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

/** A repository that cannot be read is an error on it; anything else is a bug and is thrown. */
function gitFailure(repository: string, error: unknown): SourceEntry {
  if (!(error instanceof GitRepositoryError)) throw error;
  return errorEntry({ file: repository, message: error.message });
}

const repositoryName = (options: RepositoryScanOptions) => displayPath(options.cwd, options.repoDir);

/** `rampart secrets --git`: every secret ever committed, located at the path and commit that introduced it. */
export async function scanSecretHistory(options: HistoryScanOptions): Promise<ScanResult> {
  return scanWithSecretSearch(options, (search) => gitHistorySource(options, search));
}

/**
 * Every blob the history added, each read once and searched as it is read, since only then is the commit that first
 * held a secret known; yields the secrets found at the path and commit that introduced them.
 */
export function gitHistorySource(options: HistoryScanOptions, search: SecretSearch): Source {
  const name = repositoryName(options);
  return sourceOf('git-history', name, async function* () {
    let display: (path: string) => string;
    let scanned: Awaited<ReturnType<typeof scanGitHistory>>;
    try {
      display = await repositoryDisplay(options.repoDir, options.cwd);
      scanned = await scanGitHistory(options.repoDir, {
        scan: search.scan,
        ...(options.maxFileBytes !== undefined ? { maxBlobBytes: options.maxFileBytes } : {}),
        ...(options.since !== undefined ? { since: options.since } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
    } catch (error) {
      yield gitFailure(name, error);
      return;
    }
    yield* warningErrors(scanned.warnings, name).map(errorEntry);
    const included = excludeFilter(options.exclude);
    const hits: RuleHit[] = [];
    for (const found of scanned.hits) {
      const file = display(found.path);
      if (!included(file)) continue;
      const where = ` in commit ${found.commit.slice(0, 12)} (${found.authorDate}), ${found.presentAtHead ? 'still present at HEAD' : 'removed from HEAD, still in history'}`;
      const hit = search.hit(file, found.match, where);
      hit.secret = { ...hit.secret!, commit: { id: found.commit, authorDate: found.authorDate, author: found.author }, presentAtHead: found.presentAtHead };
      hits.push(hit);
    }
    yield { type: 'findings', hits, files: scanned.stats.blobsScanned };
  });
}

/** `rampart secrets --staged`: the index's version of every staged file, for the pre-commit hook. */
export async function scanStagedSecrets(options: RepositoryScanOptions): Promise<ScanResult> {
  return scanWithSecretSearch(options, (search) => stagedSource(options, search));
}

/** The staged version of every added or changed file, searched for secrets as it is read. */
export function stagedSource(options: RepositoryScanOptions, search: SecretSearch): Source {
  const name = repositoryName(options);
  return sourceOf('git-staged', name, async function* () {
    let files = 0;
    let display: (path: string) => string;
    let scanned: Awaited<ReturnType<typeof scanStaged>>;
    try {
      display = await repositoryDisplay(options.repoDir, options.cwd);
      scanned = await scanStaged(options.repoDir, {
        scan: (text) => {
          // Called once per staged file read as text: the count of files scanned.
          files++;
          return search.scan(text);
        },
        ...(options.maxFileBytes !== undefined ? { maxBlobBytes: options.maxFileBytes } : {}),
      });
    } catch (error) {
      yield gitFailure(name, error);
      yield { type: 'findings', hits: [], files };
      return;
    }
    yield* warningErrors(scanned.warnings, name).map(errorEntry);
    const included = excludeFilter(options.exclude);
    const hits = scanned.hits.flatMap((found) => {
      const file = display(found.path);
      return included(file) ? [search.hit(file, found.match, ' (staged)')] : [];
    });
    yield { type: 'findings', hits, files };
  });
}

interface LayerMatch {
  path: string;
  match: SecretMatch;
  layer: LayerRef;
  key: string;
}

/** `rampart secrets --image`: every file of every layer (deleted ones too), the config's Env and the build history. */
export async function scanImageSecrets(options: ImageSecretScanOptions): Promise<ScanResult> {
  return scanWithSecretSearch(options, (search) => imageSecretSource(options, search));
}

/** Every file of every layer searched as the layers stream by, then the config's Env and build history. */
export function imageSecretSource(options: ImageSecretScanOptions, search: SecretSearch): Source {
  const reference = options.image.reference;
  return sourceOf('image', reference, async function* () {
    let source: ImageSource;
    try {
      source = await openImage(options.image);
    } catch (error) {
      yield errorEntry({ file: reference, message: (error as Error).message });
      yield { type: 'target', target: { type: 'image', name: reference } };
      return;
    }
    yield { type: 'target', target: { type: 'image', name: reference, ...(source.manifestDigest ? { digest: source.manifestDigest } : {}) } };
    const counted = { files: 0 };
    const entries: SourceEntry[] = [];
    try {
      // Layers first: an image that fails verification reports nothing at all, its config's findings included.
      const layers = await layerSecrets(source, reference, search, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, counted);
      entries.push(...layers.errors.map(errorEntry));
      const hits = configHits(reference, source.config, search);
      const included = excludeFilter(options.exclude);
      for (const { path, match, layer, deleted } of layers.found) {
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
        hits.push(hit);
      }
      entries.push({ type: 'findings', hits, files: counted.files });
    } catch (error) {
      entries.push(errorEntry({ file: reference, message: (error as Error).message }), { type: 'findings', hits: [], files: counted.files });
    } finally {
      await source.close();
    }
    yield* entries;
  });
}

/** Each secret once per path, from the layer that first held it. */
async function layerSecrets(
  source: ImageSource,
  reference: string,
  search: SecretSearch,
  maxBytes: number,
  counted: { files: number },
): Promise<{ found: Array<{ path: string; match: SecretMatch; layer: LayerRef; deleted: boolean }>; errors: ScanError[] }> {
  const first = new Map<string, LayerMatch>();
  // Which secrets each path shows in the final file system: a later layer that deletes, hides or replaces a path is
  // what makes its secrets "deleted in a later layer" yet still in the image.
  const visible = new SquashedFileSystem<Set<string>>();
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
        if (content !== undefined) counted.files++;
        const keys = new Set<string>();
        for (const match of matches) {
          const key = `${file.path}\0${secretKey(match)}`;
          keys.add(key);
          if (!first.has(key)) first.set(key, { path: file.path, match, layer: file.layer, key });
        }
        visible.put(file.path, keys.size > 0 ? keys : undefined);
      },
      change: (change) => visible.change(change),
      layerEnd: () => visible.layerEnd(),
    },
    { limits: { maxFileSize: maxBytes } },
  );
  const errors = warningErrors(tally.list(), reference);
  // A layer that cannot be read to its verified end throws; what is left are skipped entries.
  for (const warning of walked.warnings) {
    errors.push({ file: warning.path ? `${reference}:${warning.path}` : reference, message: warning.message, level: 'warning' });
  }
  const found = [...first.values()].map(({ path, match, layer, key }) => ({ path, match, layer, deleted: !(visible.get(path)?.has(key) ?? false) }));
  return { found, errors };
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
