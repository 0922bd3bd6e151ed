import type { ScanError } from '../core/finding.js';
import type { RuleHit } from '../core/rule-hit.js';
import { BlobScanner } from '../checks/secrets/history/blob-scan.js';
import { HistorySecrets, type GitHistoryProgress, type GitSecretHit } from '../checks/secrets/history/history.js';
import { WarningTally, warningErrors } from '../sources/git/warnings.js';
import type { Blob, SourceEntry } from '../sources/source.js';
import type { SecretSearch } from './secrets.js';

/**
 * The secret search over one source's blobs (git history and HEAD, staged files, image layers) and the report's
 * words for what the checks judged: the commit that first held a secret and whether HEAD still does, the layer that
 * first held it and whether a later one deleted it.
 */
export class BlobSecretSearch {
  private readonly hits: RuleHit[] = [];
  private readonly warnings = new WarningTally();
  private readonly scanner: BlobScanner;
  private history: HistorySecrets | undefined;

  /** Without `search`, nothing is read (an image source still verifies its layers on its own). */
  constructor(
    private readonly search: SecretSearch | undefined,
    private readonly onProgress?: (progress: GitHistoryProgress) => void,
  ) {
    this.scanner = new BlobScanner(search?.scan ?? (() => []), this.warnings);
  }

  async blob(blob: Blob): Promise<void> {
    if (!this.search) return;
    if (blob.origin.kind === 'staged') {
      for (const match of await this.scanner.matches(blob)) this.hits.push(this.search.hit(blob.file, match, ' (staged)'));
    } else {
      this.history ??= new HistorySecrets(this.scanner);
      await this.history.add(blob);
    }
  }

  progress(commits: number): void {
    this.onProgress?.({ commits, blobsScanned: this.scanner.scanned, bytes: this.scanner.bytes, hits: this.history?.hits.length ?? 0 });
  }

  /** Reads the layers through the secret search; an image that fails verification contributes no hit. */
  async layers(entry: Extract<SourceEntry, { type: 'image-layers' }>): Promise<void> {
    const search = this.search;
    if (!search) return;
    // The layer code (tar, zstd) loads with the first image: a pre-commit run over staged files never pays for it.
    const { LayerSecrets } = await import('../checks/secrets/history/layers.js');
    const layers = new LayerSecrets(this.scanner);
    if (!(await entry.visit(layers))) return;
    for (const { path, match, layer, deletedInLaterLayer } of layers.hits()) {
      const hit = search.hit(path, match, ` in layer ${layer.index + 1} (${layer.digest.slice(0, 19)})${deletedInLaterLayer ? ', deleted by a later layer but still in the image' : ''}`);
      // `RUN curl https://user:password@...` would print the password the history finding redacts.
      const createdBy = layer.createdBy === undefined ? undefined : search.redact(layer.createdBy);
      hit.secret = { ...hit.secret!, layer: { digest: layer.digest, ...(createdBy ? { createdBy } : {}) }, deletedInLaterLayer };
      this.hits.push(hit);
    }
  }

  /** When the source has ended: every hit, the scan failures (on `file`, the source's name) and the files read. */
  finish(file: string): { hits: RuleHit[]; errors: ScanError[]; files: number } {
    const { search, history } = this;
    const hits = search && history ? [...this.hits, ...history.hits.map((found) => historyHit(search, found))] : this.hits;
    return { hits, errors: warningErrors(this.warnings.list(), file), files: this.scanner.scanned };
  }
}

function historyHit(search: SecretSearch, found: GitSecretHit): RuleHit {
  const where = ` in commit ${found.commit.slice(0, 12)} (${found.authorDate}), ${found.presentAtHead ? 'still present at HEAD' : 'removed from HEAD, still in history'}`;
  const hit = search.hit(found.file, found.match, where);
  hit.secret = { ...hit.secret!, commit: { id: found.commit, authorDate: found.authorDate, author: found.author }, presentAtHead: found.presentAtHead };
  return hit;
}
