import { scan } from '../pipeline/full-scan.js';
import type { CliIo } from './io.js';
import { SCAN_OPTIONS } from './options.js';
import { parseFailOn, scanOptionsFromFlags, type CliValues } from './resolve-options.js';
import { CLUSTER_NAME_OPTION, UPLOAD_OPTION, uploadAfterScan, uploadTarget, type UploadExtras } from './serve-upload.js';
import { fileProgress } from './progress.js';
import { scanRun } from './scan-run.js';
import { COMPLIANCE_OPTION, complianceRequest, writeCompliance } from './compliance-output.js';
import { emitReport, parseOutputs } from './report-output.js';
import { UsageError } from './errors.js';
import type { CommandSpec } from './command.js';

export const scanCommand: CommandSpec = {
  usage: 'scan [PATH|-]... [options]',
  summary: 'Scan Dockerfiles, Kubernetes manifests, Helm charts and kustomizations. `-` reads stdin.',
  options: [...SCAN_OPTIONS, UPLOAD_OPTION, CLUSTER_NAME_OPTION, COMPLIANCE_OPTION],
  run: runScanCommand,
};

export async function runScanCommand(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  const compliance = complianceRequest(values);
  const outputs = compliance ? [] : parseOutputs(Array.isArray(values.format) ? values.format : []);
  const run = scanRun(io, values);
  const { options, config } = await run.time('config', () => scanOptionsFromFlags(values, positionals, io, true));
  const failOn = typeof values['fail-on'] === 'string' ? parseFailOn(values['fail-on']) : (config.failOn ?? 'low');
  const upload = uploadTarget(values, io);
  const progress = fileProgress(io, values);
  const clusterName = typeof values['cluster-name'] === 'string' ? values['cluster-name'] : undefined;
  if (clusterName !== undefined && (values.cluster !== true || !upload)) throw new UsageError('--cluster-name names the running inventory that --cluster --upload sends; use it with both');
  let report;
  try {
    ({ report } = await run.within(scan({ ...options, ...(progress.onFiles ? { onFiles: progress.onFiles } : {}), ...run.hooks })));
  } finally {
    progress.done();
  }
  const failed = compliance ? await writeCompliance(report, compliance, {}, values, io) : undefined;
  const code = await run.time('output', () => emitReport(report, outputs, failOn, values, io));
  run.finish();
  return uploadAfterScan(report, upload, failed ?? code, io, values.cluster === true ? { cluster: clusterUploadOf(values, clusterName) } : {});
}

function clusterUploadOf(values: CliValues, name: string | undefined): NonNullable<UploadExtras['cluster']> {
  const kubeconfig = typeof values.kubeconfig === 'string' ? values.kubeconfig : undefined;
  const context = typeof values.context === 'string' ? values.context : undefined;
  return { ...(kubeconfig ? { kubeconfig } : {}), ...(context ? { context } : {}), ...(name ? { name } : {}) };
}
