import { resolve } from 'node:path';
import type { CommandSpec } from './command.js';
import type { CliIo } from './io.js';
import { CLUSTER_OPTIONS, EXIT_CODES, type OptionSpec } from './options.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';

const DUMP_OPTIONS: OptionSpec[] = [
  { name: 'output', short: 'o', type: 'string', value: 'DIR|FILE', description: 'Where to write: a new or empty directory (one file per namespace and kind), or a .yaml file (one multi-document file).' },
  { name: 'include-secret-values', type: 'boolean', description: 'Write Secret data as read. Default: every value is replaced by base64 of `<redacted>`.' },
  { name: 'namespace', short: 'n', type: 'string', multiple: true, value: 'NS', description: 'Read only this namespace, and no cluster-scoped objects. Repeatable. Default: the whole cluster.' },
  ...CLUSTER_OPTIONS,
];

export const clusterCommand: CommandSpec = {
  usage: 'cluster dump --output DIR|FILE [options]',
  summary: 'Write the objects of a live cluster as manifests (`rampart scan DIR` then finds what `scan --cluster` finds).',
  options: DUMP_OPTIONS,
  run: runClusterCommand,
};

async function runClusterCommand(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  if (positionals[0] !== 'dump' || positionals.length > 1) throw new UsageError('usage: rampart cluster dump --output DIR|FILE');
  const output = typeof values.output === 'string' ? values.output : undefined;
  if (!output) throw new UsageError('cluster dump needs --output DIR or --output FILE.yaml');
  const list = (name: string) => (Array.isArray(values[name]) ? (values[name] as string[]) : []);
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const kubeconfig = str('kubeconfig');
  const context = str('context');
  // Loaded on use: the Kubernetes client is the slowest module to import, and every other command would pay for it.
  const [{ clusterEvents }, { dumpCluster, DumpTargetError }] = await Promise.all([import('../sources/cluster/source.js'), import('../sources/cluster/dump.js')]);
  const events = clusterEvents({
    env: io.env,
    ...(kubeconfig ? { kubeconfig: resolve(io.cwd, kubeconfig) } : {}),
    ...(context ? { context } : {}),
    namespaces: list('namespace'),
    excludeNamespaces: list('exclude-namespace'),
    ...(process.stderr.isTTY ? { progress: io.stderr } : {}),
  });
  let result;
  try {
    result = await dumpCluster(events, { output: resolve(io.cwd, output), includeSecretValues: values['include-secret-values'] === true });
  } catch (error) {
    if (error instanceof DumpTargetError) throw new UsageError(error.message);
    throw error;
  }
  for (const error of result.errors) io.stderr(`rampart: ${error.level === 'warning' ? 'warning: ' : ''}${error.file}: ${error.message}\n`);
  io.stderr(`rampart: wrote ${result.objects} objects to ${output} (${result.files} files)\n`);
  return result.errors.some((e) => (e.level ?? 'error') === 'error') ? EXIT_CODES.scanErrors : EXIT_CODES.clean;
}
