import { formatScanError } from '../core/finding.js';
import { columns } from '../formats/columns.js';
import { resolveScanOptions } from '../pipeline/options.js';
import { createEvaluator } from '../pipeline/evaluate.js';
import type { AuditResult } from '../services/admission/audit/audit.js';
import { kubeconfigSelection } from './admission-install.js';
import type { CommandSpec } from './command.js';
import type { CliIo } from './io.js';
import { EXIT_CODES, type OptionSpec } from './options.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';
import { policiesLoaded } from './policy-load.js';

const AUDIT_OPTIONS: OptionSpec[] = [
  { name: 'namespace', short: 'n', type: 'string', multiple: true, value: 'NS', description: 'Audit only this namespace, and no cluster-scoped objects. Repeatable. Default: the whole cluster.' },
  { name: 'exclude-namespace', type: 'string', multiple: true, value: 'NS', description: 'Leave this namespace out (as admission.exemptions.namespaces does). Repeatable.' },
  { name: 'config', short: 'c', type: 'string', value: 'FILE', description: 'rampart.yaml: the rules, severities and exemptions of scan, and the admission modes. Default: rampart.yaml in the current directory, if present.' },
  { name: 'policy', type: 'string', multiple: true, value: 'PATH', description: 'Also apply the policies (CEL and Rego) in this directory or file, as `policies:` in rampart.yaml does. Repeatable.' },
  { name: 'write-reports', type: 'boolean', description: 'Write a wgpolicyk8s.io PolicyReport per namespace and a ClusterPolicyReport (server-side apply; the CRDs come with `admission install`).' },
  { name: 'format', type: 'string', value: 'table|json', description: 'What to print: table (default) or json.' },
  { name: 'kubeconfig', type: 'string', value: 'FILE', description: 'kubeconfig file. Default: $KUBECONFIG, ~/.kube/config, or the pod\'s service account.' },
  { name: 'context', type: 'string', value: 'CTX', description: 'kubeconfig context to use. Default: the current context.' },
];

export const auditSubcommand: CommandSpec = {
  usage: 'admission audit [options]',
  summary: 'Evaluate the objects already in the cluster with the admission rules; print the results or write them as PolicyReports.',
  options: AUDIT_OPTIONS,
  run: runAuditCommand,
};

const list = (values: CliValues, name: string): string[] => (Array.isArray(values[name]) ? (values[name] as string[]) : []);

async function runAuditCommand(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`admission audit takes no arguments (got ${positionals.join(' ')})`);
  const format = typeof values.format === 'string' ? values.format : 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format must be table or json, not "${format}"`);
  // The scan's own resolution of rampart.yaml: the audit judges with exactly the settings `rampart scan` would use.
  const configFile = typeof values.config === 'string' ? values.config : undefined;
  const policies = list(values, 'policy');
  const { options, config } = await resolveScanOptions({ cwd: io.cwd, paths: [], ...(configFile ? { configFile } : {}), secrets: false, vulnerabilities: false, env: io.env, ...(policies.length > 0 ? { policies } : {}) });
  if (!policiesLoaded(options.policies, io)) return EXIT_CODES.scanErrors;
  const { admission } = config;
  const evaluate = createEvaluator({ settings: options.settings, rules: options.rules, exemptions: options.exemptions, ...(options.policies ? { policies: options.policies } : {}) });
  const [{ runAudit }, { connectWriter }, { ClusterAccessError }] = await Promise.all([
    import('../services/admission/audit/audit.js'),
    import('../services/admission/install/connect.js'),
    import('../sources/cluster/errors.js'),
  ]);
  let result: AuditResult;
  try {
    result = await runAudit({
      client: await connectWriter({ env: io.env, ...kubeconfigSelection(values, io) }),
      evaluate,
      admission,
      namespaces: list(values, 'namespace'),
      excludeNamespaces: list(values, 'exclude-namespace'),
      writeReports: values['write-reports'] === true,
    });
  } catch (error) {
    if (!(error instanceof ClusterAccessError)) throw error;
    io.stderr(`rampart: ${error.message}\n`);
    return EXIT_CODES.scanErrors;
  }
  io.stdout(format === 'json' ? `${JSON.stringify(auditJson(result), null, 2)}\n` : auditTable(result));
  for (const error of result.errors) io.stderr(`rampart: ${error.level === 'warning' ? 'warning: ' : ''}${formatScanError(error)}\n`);
  if (values['write-reports'] === true) io.stderr(`rampart: wrote ${result.written} of ${result.reports.length} policy reports\n`);
  if (result.errors.some((e) => (e.level ?? 'error') === 'error')) return EXIT_CODES.scanErrors;
  return result.entries.some((entry) => entry.result === 'fail') ? EXIT_CODES.findings : EXIT_CODES.clean;
}

function resourceName(entry: AuditResult['entries'][number]): string {
  const { object } = entry;
  return `${object.namespace ? `${object.namespace}/` : ''}${object.kind}/${object.name}`;
}

function auditTable(result: AuditResult): string {
  const rows = result.entries.map((entry) => [entry.result, entry.finding.severity, entry.finding.ruleId, resourceName(entry), entry.finding.message]);
  const counts = { fail: 0, warn: 0, skip: 0 };
  for (const entry of result.entries) counts[entry.result]++;
  const summary = `${result.objects} object${result.objects === 1 ? '' : 's'} audited: ${counts.fail} would be denied, ${counts.warn} warned, ${counts.skip} waived\n`;
  return rows.length > 0 ? `${columns(['RESULT', 'SEVERITY', 'RULE', 'RESOURCE', 'MESSAGE'], rows)}\n${summary}` : summary;
}

function auditJson(result: AuditResult): Record<string, unknown> {
  return {
    objects: result.objects,
    results: result.entries.map((entry) => ({
      result: entry.result,
      ruleId: entry.finding.ruleId,
      severity: entry.finding.severity,
      message: entry.finding.message,
      ...(entry.finding.fieldPath ? { fieldPath: entry.finding.fieldPath } : {}),
      resource: entry.object,
      ...(entry.finding.suppressed ? { suppressed: entry.finding.suppressed } : {}),
    })),
    reportsWritten: result.written,
    errors: result.errors,
  };
}
