import type { SecretMatch } from '../types.js';
import { BlobScanner, type BlobScanOptions } from './blob-scan.js';
import { stagedBlobs } from '../../../sources/git/source.js';
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

/** Scans what is about to be committed (the index's version of every added or changed file); throws when the index cannot be read. */
export async function scanStaged(repoDir: string, options: BlobScanOptions): Promise<{ hits: StagedSecretHit[]; warnings: GitScanWarning[] }> {
  const warnings = new WarningTally();
  const scanner = new BlobScanner(options.scan, warnings);
  const hits: StagedSecretHit[] = [];
  for await (const entry of stagedBlobs(repoDir, options, warnings)) {
    if (entry.type !== 'blob') continue;
    for (const match of await scanner.matches(entry.blob)) hits.push({ match, path: entry.blob.path });
  }
  return { hits, warnings: warnings.list() };
}
