import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Report } from '../core/report.js';
import { toJsonReport } from '../formats/json.js';
import { uploadContextFromEnv, uploadReport, type UploadContext, type UploadOptions } from '../services/server/upload.js';
import type { CliIo } from './io.js';
import { EXIT_CODES, type OptionSpec } from './options.js';
import { UsageError, type CliValues } from './resolve-options.js';

export const UPLOAD_OPTION: OptionSpec = {
  name: 'upload',
  type: 'string',
  value: 'URL',
  description: 'Also send the JSON report to a `rampart serve` server at URL, with the token in $RAMPART_TOKEN (ingest scope); project, pull request and commit from $RAMPART_PROJECT, $RAMPART_PULL_REQUEST, $RAMPART_COMMIT or the CI\'s own variables; extra CA from $RAMPART_UPLOAD_CA. A failed upload exits 3.',
};

export interface UploadTarget {
  options: UploadOptions;
  context: UploadContext;
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
  return { options: { server, token, ...(ca ? { ca } : {}) }, context: uploadContextFromEnv(io.env) };
}

/** The command's exit code, or 3 when the upload failed: a pipeline relying on the server must notice. */
export async function uploadAfterScan(report: Report, target: UploadTarget | undefined, code: number, io: CliIo): Promise<number> {
  if (!target) return code;
  try {
    const outcome = (await uploadReport(JSON.stringify(toJsonReport(report, { cwd: io.cwd })), target.context, target.options)) as { reportId?: number } | undefined;
    io.stderr(`rampart: report uploaded to ${target.options.server}${outcome?.reportId ? ` (report ${outcome.reportId})` : ''}\n`);
    return code;
  } catch (error) {
    io.stderr(`rampart: ${(error as Error).message}\n`);
    return EXIT_CODES.scanErrors;
  }
}
