import type { CommandSpec } from './command.js';
import { kubeconfigSelection } from './admission-install.js';
import { DECRYPT_OPTIONS, FORMAT_OPTION, formatFromValues, identitiesFromValues, list, PUBLIC_KEY_OPTION, str, TARGET_OPTIONS, targetFromValues, trustedFromValues } from './backup-options.js';
import type { CliIo } from './io.js';
import { CLUSTER_OPTIONS, EXIT_CODES, type OptionSpec } from './options.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';

const RESTORE_OPTIONS: OptionSpec[] = [
  { name: 'from', type: 'string', value: 'DIR|s3://BUCKET/PREFIX', description: 'restore: the backup repository to restore from (the same as --target).' },
  ...TARGET_OPTIONS,
  ...DECRYPT_OPTIONS,
  PUBLIC_KEY_OPTION,
  { name: 'backup', type: 'string', value: 'ID|latest', description: 'restore: which backup of the repository. Default: latest.' },
  { name: 'namespace-map', type: 'string', multiple: true, value: 'FROM=TO', description: 'restore: write the objects of namespace FROM into TO (also RoleBinding subjects, webhook services, volume claims). Repeatable.' },
  { name: 'storage-class-map', type: 'string', multiple: true, value: 'FROM=TO', description: 'restore: claims and volumes of StorageClass FROM use TO. Repeatable.' },
  { name: 'existing', type: 'string', value: 'skip|update', description: 'restore: an object that exists in the target is left alone (skip, default; reported as conflict when it differs) or given the backup\'s fields (update, server-side apply).' },
  { name: 'dry-run', type: 'boolean', description: 'restore: server-side dry run: the target validates and admits every object and stores nothing; lists create, update, unchanged and conflict.' },
  { name: 'namespace', short: 'n', type: 'string', multiple: true, value: 'NS', description: 'Only this namespace of the backup (with its Namespace object and the CRDs of its custom resources). Repeatable.' },
  { name: 'include-types', type: 'string', multiple: true, value: 'TYPE[,TYPE]', description: 'Only these resource types (deployments.apps, secrets, Deployment). Repeatable.' },
  { name: 'exclude-types', type: 'string', multiple: true, value: 'TYPE[,TYPE]', description: 'Leave out these resource types. Repeatable.' },
  ...CLUSTER_OPTIONS,
  FORMAT_OPTION,
];

export const restoreSubcommand: CommandSpec = {
  usage: 'backup restore --from DIR|s3://B/P --identity FILE [--backup ID|latest] [--namespace-map A=B] [--storage-class-map X=Y] [--existing skip|update] [--dry-run]',
  summary: 'Restore a backup into the cluster of the kubeconfig: pre-flight, then CRDs, namespaces, RBAC, ... in order; a refused object is reported (exit 1) and the rest goes on.',
  options: RESTORE_OPTIONS,
  run: runRestore,
};

async function runRestore(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`backup restore takes no arguments, got ${positionals.join(' ')}`);
  const from = str(values, 'from');
  if (from !== undefined && str(values, 'target') !== undefined) throw new UsageError('give the repository once: --from or --target');
  const repository = { ...values, ...(from !== undefined ? { target: from } : {}) };
  if (list(values, 'identity').length === 0 && values.passphrase !== true) throw new UsageError('decrypting the backup needs --identity FILE (or --passphrase)');
  const existing = str(values, 'existing') ?? 'skip';
  if (existing !== 'skip' && existing !== 'update') throw new UsageError(`--existing must be skip or update, not "${existing}"`);
  const format = formatFromValues(values, 'backup restore');
  const types = (name: string) => list(values, name).flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
  // Loaded on use: the age, S3 and Kubernetes clients are only needed here.
  const [{ MappingError, parseNameMap }, { restoreObjects }, report, { readBackup }, { connectWriter }] = await Promise.all([
    import('../services/backup/restore/mappings.js'),
    import('../services/backup/restore/restore.js'),
    import('../services/backup/restore/report.js'),
    import('../services/backup/read.js'),
    import('../services/admission/install/connect.js'),
  ]);
  let mappings;
  try {
    mappings = {
      namespaces: parseNameMap(list(values, 'namespace-map'), 'namespace-map', 'namespace'),
      storageClasses: parseNameMap(list(values, 'storage-class-map'), 'storage-class-map', 'storage-class'),
    };
  } catch (error) {
    if (error instanceof MappingError) throw new UsageError(error.message);
    throw error;
  }
  const target = await targetFromValues(repository, io);
  const identities = await identitiesFromValues(values, io);
  const trusted = await trustedFromValues(values, io);
  // The whole backup is read (and every pack checked against the signed manifest) before anything is written: the
  // pre-flight and the order need all of it, and a backup found unreadable halfway must not leave half a restore.
  const objects = [];
  for await (const object of readBackup(target, str(values, 'backup') ?? 'latest', identities, trusted.length > 0 ? { trusted } : {})) objects.push(object);
  const client = await connectWriter({ env: io.env, ...kubeconfigSelection(values, io) });
  const table = format === 'table';
  const result = await restoreObjects(client, objects, {
    filter: { namespaces: list(values, 'namespace'), excludeNamespaces: list(values, 'exclude-namespace'), types: { include: types('include-types'), exclude: types('exclude-types') } },
    mappings,
    existing,
    dryRun: values['dry-run'] === true,
    ...(table ? { onPreflight: (issues) => io.stdout(report.preflightText(issues)), onEntry: (entry) => io.stdout(report.entryLine(entry)) } : {}),
  });
  io.stdout(table ? report.totalsLine(result) : `${JSON.stringify(result, null, 2)}\n`);
  return result.totals.failed > 0 ? EXIT_CODES.findings : EXIT_CODES.clean;
}
