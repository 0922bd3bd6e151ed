import type { Report } from '../../core/report.js';
import type { ImageLocator } from '../../sources/image/open-image.js';
import { scanImage } from '../../pipeline/image.js';
import { scan } from '../../pipeline/full-scan.js';
import type { ScanOptions } from '../../pipeline/scan.js';
import { scanSecretHistory } from '../../pipeline/secret-sources.js';
import type { VulnerabilityScanOptions } from '../../pipeline/vulnerabilities.js';
import { importSarif, type SarifFile } from './imported.js';
import { mergeReports } from './merge.js';

export interface CiRunOptions {
  /** The source scan (manifests, Dockerfiles, charts, lockfiles, secrets in files), as `rampart scan` resolves it. */
  scan: ScanOptions;
  /** Also the secrets in the commits of `since..HEAD` of the repository at `repoDir` (default: `scan.cwd`). */
  history?: { since: string; repoDir?: string };
  /** Also an image, from a registry or an archive: its packages against the database, its config against the image rules. */
  image?: { locator: ImageLocator; vulnerabilities: VulnerabilityScanOptions };
  /** Other tools' SARIF logs, judged under the same suppressions, baseline and gate. */
  sarif?: readonly SarifFile[];
  maxSarifBytes?: number;
}

/**
 * `rampart ci` as a library call: one pull request's whole gate, in one report. Each part is the library call its own
 * command makes (`scan`, `secrets --git --since`, `image`), with the same rules, suppressions and baseline, and the
 * imported logs go through the same report builder; the parts are then merged, so every output agrees.
 */
export async function runCi(options: CiRunOptions): Promise<Report> {
  const started = performance.now();
  const now = options.scan.now ?? new Date();
  const policy = { ...options.scan, now };
  const [tree, history, image, imported] = await Promise.all([
    scan(policy),
    options.history && policy.secrets === true
      ? scanSecretHistory({ ...policy, repoDir: options.history.repoDir ?? policy.cwd, since: options.history.since })
      : undefined,
    options.image ? scanImage({ ...policy, image: options.image.locator, vulnerabilities: options.image.vulnerabilities }) : undefined,
    options.sarif && options.sarif.length > 0
      ? importSarif({ files: options.sarif, cwd: policy.cwd, policy, now, ...(options.maxSarifBytes !== undefined ? { maxBytes: options.maxSarifBytes } : {}) })
      : undefined,
  ]);
  const others = [image, imported].flatMap((part) => (part ? [part.report] : []));
  return mergeReports({ tree: tree.report, ...(history ? { history: history.report } : {}), others }, Math.round(performance.now() - started));
}
