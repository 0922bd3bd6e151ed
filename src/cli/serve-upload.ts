import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Package } from '../core/package.js';
import type { ApiGetter } from '../sources/cluster/client.js';
import type { Report } from '../core/report.js';
import { toJsonReport } from '../formats/json.js';
import type { UploadOptions } from '../services/server/upload.js';
import type { CliIo } from './io.js';
import { EXIT_CODES, type OptionSpec } from './options.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';

export const UPLOAD_OPTION: OptionSpec = {
  name: 'upload',
  type: 'string',
  value: 'URL',
  description: 'Also send the JSON report to a `rampart serve` server at URL, with the token in $RAMPART_TOKEN (ingest scope); project, pull request and commit from $RAMPART_PROJECT, $RAMPART_PULL_REQUEST, $RAMPART_COMMIT or the CI\'s own variables; extra CA from $RAMPART_UPLOAD_CA. A failed upload exits 3.',
};

export const CLUSTER_NAME_OPTION: OptionSpec = {
  name: 'cluster-name',
  type: 'string',
  value: 'NAME',
  description: 'With --cluster and --upload: the name the running inventory (which image digests run in which workloads) is stored under; the kubeconfig context\'s name by default.',
};

/** What else an upload sends besides the report, so the server can answer "where does this image run". */
export interface UploadExtras {
  /** An image scan's packages: sent as an SBOM under the image's digest, re-matched by the server on every database update. */
  packages?: readonly Package[];
  /** A cluster scan: the running containers are read and sent as the cluster's inventory. */
  cluster?: { kubeconfig?: string; context?: string; name?: string };
}

export interface UploadTarget {
  options: UploadOptions;
}

/** Checked before the scan runs, so a pipeline missing its token fails at once, not after a long scan. */
export function uploadTarget(values: CliValues, io: Pick<CliIo, 'env' | 'cwd'>): UploadTarget | undefined {
  const server = typeof values.upload === 'string' ? values.upload : undefined;
  if (server === undefined) return undefined;
  const token = io.env.RAMPART_TOKEN;
  if (!token) throw new UsageError('--upload needs the API token in $RAMPART_TOKEN');
  const caFile = io.env.RAMPART_UPLOAD_CA;
  let ca: string | undefined;
  if (caFile) {
    try {
      ca = readFileSync(resolve(io.cwd, caFile), 'utf8');
    } catch (error) {
      throw new UsageError(`$RAMPART_UPLOAD_CA: ${(error as Error).message}`);
    }
  }
  return { options: { server, token, ...(ca ? { ca } : {}) } };
}

/** The command's exit code, or 3 when the upload failed: a pipeline relying on the server must notice. */
export async function uploadAfterScan(report: Report, target: UploadTarget | undefined, code: number, io: CliIo, extras: UploadExtras = {}): Promise<number> {
  if (!target) return code;
  try {
    // Loaded on use: the HTTP clients are for uploads only, and every scan would otherwise load them at start.
    const { uploadClusterInventory, uploadContextFromEnv, uploadReport, uploadSbom } = await import('../services/server/upload.js');
    const given = uploadContextFromEnv(io.env);
    // A cluster's nightly report is stored under the cluster's name unless CI named a project.
    const cluster = extras.cluster ? await connectForInventory(extras.cluster, io) : undefined;
    const context = cluster && !given.project ? { ...given, project: cluster.name } : given;
    const outcome = (await uploadReport(JSON.stringify(toJsonReport(report, { cwd: io.cwd })), context, target.options)) as { reportId?: number } | undefined;
    io.stderr(`rampart: report uploaded to ${target.options.server}${outcome?.reportId ? ` (report ${outcome.reportId})` : ''}\n`);
    const image = report.target?.type === 'image' ? report.target : undefined;
    if (image?.digest && extras.packages) {
      const { SBOM_FORMATTERS } = await import('../formats/sbom/index.js');
      const document = SBOM_FORMATTERS.get('cyclonedx').format({
        subject: { type: 'image', name: image.name, digest: image.digest },
        inventory: { packages: [...extras.packages], errors: [], skipped: [] },
      });
      // A local archive's path names nothing the server could match a registry tag against.
      const references = image.archive ? [] : [image.name];
      await uploadSbom(document, { digest: image.digest, references }, target.options);
      io.stderr(`rampart: SBOM of ${image.digest} uploaded (${extras.packages.length} packages)\n`);
    }
    if (cluster) {
      const { readRunningContainers } = await import('../sources/cluster/running.js');
      const containers = await readRunningContainers(cluster.client);
      await uploadClusterInventory(cluster.name, containers, target.options);
      io.stderr(`rampart: running inventory of cluster ${cluster.name} uploaded (${containers.length} containers)\n`);
    }
    return code;
  } catch (error) {
    io.stderr(`rampart: ${(error as Error).message}\n`);
    return EXIT_CODES.scanErrors;
  }
}

async function connectForInventory(given: NonNullable<UploadExtras['cluster']>, io: CliIo): Promise<{ client: ApiGetter; name: string }> {
  const { connectCluster } = await import('../sources/cluster/source.js');
  const connection = await connectCluster({ env: io.env, ...(given.kubeconfig ? { kubeconfig: resolve(io.cwd, given.kubeconfig) } : {}), ...(given.context ? { context: given.context } : {}) });
  return { client: connection.client, name: given.name ?? connection.origin.replace(/^cluster:\/\//, '') };
}
