import type { SecretMatch } from '../types.js';
import { BlobScanner, type BlobScanOptions } from './blob-scan.js';
import { assertRepository, GitRepositoryError, spawnGit } from '../../../sources/git/git-command.js';
import { MAX_GIT_FIELD_BYTES, nulFields } from '../../../sources/git/nul-tokens.js';
import { parseRawDiff } from '../../../sources/git/raw-diff.js';
import { WarningTally, type GitScanWarning } from '../../../sources/git/warnings.js';

export interface StagedSecretHit {
  match: SecretMatch;
  /** Relative to the repository root; the line and column are in `match`. */
  path: string;
}

/** The manifest a hook repository publishes so pre-commit (3.2+, for the `pre-commit` stage name) can run the scan. */
export const PRE_COMMIT_HOOKS_YAML = `- id: rampart-secrets
  name: rampart secrets (staged files)
  description: Blocks commits whose staged files contain secrets (API keys, tokens, private keys).
  entry: rampart secrets --staged
  language: node
  pass_filenames: false
  stages: [pre-commit]
  minimum_pre_commit_version: '3.2.0'
`;

/**
 * Scans what is about to be committed: the index's version of every added, copied, modified or type-changed file,
 * not the working tree (which may hold unstaged edits). Blobs come from the raw diff's object IDs, so paths with
 * newlines or spaces need no quoting, and an unborn branch (first commit) is compared with the empty tree by git.
 */
export async function scanStaged(repoDir: string, options: BlobScanOptions): Promise<{ hits: StagedSecretHit[]; warnings: GitScanWarning[] }> {
  await assertRepository(repoDir);
  const warnings = new WarningTally();
  const blobs = new BlobScanner(repoDir, options, warnings);
  const args = ['diff', '--cached', '--raw', '-z', '--no-abbrev', '--no-renames', '--no-relative', '--no-ext-diff', '--no-textconv', '--no-color', '--diff-filter=ACMT', '--'];
  const { child, exited } = spawnGit(repoDir, args, { stdin: false, signal: options.signal });
  const hits: StagedSecretHit[] = [];
  let parseError: Error | undefined;
  try {
    for await (const event of parseRawDiff(nulFields(child.stdout, MAX_GIT_FIELD_BYTES))) {
      if (event.kind !== 'blob') continue;
      const { oid, path } = event.blob;
      for (const match of await blobs.scanBlob(oid, path, path)) hits.push({ match, path });
    }
  } catch (error) {
    parseError = error as Error;
    child.kill();
  } finally {
    await blobs.close();
  }
  const { code, stderr } = await exited;
  options.signal?.throwIfAborted();
  if (code !== 0 && code !== null) throw new GitRepositoryError(`git diff --cached failed: ${stderr || `exit code ${code}`}`);
  if (parseError) throw parseError;
  return { hits, warnings: warnings.list() };
}
