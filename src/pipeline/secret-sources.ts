import type { GitHistoryProgress } from '../checks/secrets/history/history.js';
import type { ImageLocator } from '../sources/image/open-image.js';
import { inputSource } from '../sources/inputs.js';
import { DEFAULT_MAX_FILE_BYTES } from '../sources/directory/read-input.js';
import type { Source } from '../sources/source.js';
import { selectSecretRules } from './secret-selection.js';
import { scanSources, type ScanOptions, type ScanResult } from './scan.js';

/** What every secrets-only scan needs: the rule config, suppressions, filters and the per-file size limit. */
export type SecretSourceOptions = Pick<
  ScanOptions,
  'rules' | 'settings' | 'customSecrets' | 'severities' | 'exemptions' | 'ignoreEntries' | 'baseline' | 'strict' | 'now' | 'maxFileBytes' | 'exclude' | 'onFiles' | 'onPhase' | 'signal'
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

/** The one pipeline with the secret search as its only check. */
async function scanForSecrets(options: SecretSourceOptions & Pick<HistoryScanOptions, 'onProgress'>, source: Source): Promise<ScanResult> {
  const selection = await selectSecretRules(options.rules, options.customSecrets);
  return scanSources({ ...options, sources: [source], selection, checks: { rules: false, secrets: true } });
}

const repository = (options: RepositoryScanOptions) => ({
  repoDir: options.repoDir,
  cwd: options.cwd,
  exclude: options.exclude,
  ...(options.maxFileBytes !== undefined ? { maxBlobBytes: options.maxFileBytes } : {}),
});

/** `rampart secrets PATH...`: every text file of the trees, charts and kustomizations included as plain files (nothing is rendered). */
export async function scanSecretFiles(options: SecretSourceOptions & Pick<ScanOptions, 'paths' | 'cwd' | 'stdinText'>): Promise<ScanResult> {
  return scanForSecrets(options, inputSource({ ...options, render: undefined, everyFile: true, secretsOnly: true }));
}

/** `rampart secrets --git`: every secret ever committed, located at the path and commit that introduced it. */
export async function scanSecretHistory(options: HistoryScanOptions): Promise<ScanResult> {
  // Each source's code loads with the command that needs it: a pre-commit hook pays for no image or history reader.
  const { gitHistorySource } = await import('../sources/git/source.js');
  return scanForSecrets(options, gitHistorySource({ ...repository(options), ...(options.since !== undefined ? { since: options.since } : {}) }));
}

/** `rampart secrets --staged`: the index's version of every staged file, for the pre-commit hook. */
export async function scanStagedSecrets(options: RepositoryScanOptions): Promise<ScanResult> {
  const { gitStagedSource } = await import('../sources/git/source.js');
  return scanForSecrets(options, gitStagedSource(repository(options)));
}

/** `rampart secrets --image`: every file of every layer (deleted ones too), the config's Env and the build history. */
export async function scanImageSecrets(options: ImageSecretScanOptions): Promise<ScanResult> {
  const { imageLayersSource } = await import('../sources/image/source.js');
  return scanForSecrets(options, imageLayersSource(options.image, { maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, exclude: options.exclude }));
}
