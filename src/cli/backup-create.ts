import { resolve } from 'node:path';
import { terminalSafe } from '../core/terminal.js';
import type { CommandSpec } from './command.js';
import type { CliIo } from './io.js';
import { CLUSTER_OPTIONS, EXIT_CODES } from './options.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';
import { list, ownersFromValues, signingKeyFromValues, str, TARGET_OPTIONS, targetFromValues, WRITE_OPTIONS } from './backup-options.js';

export const createSubcommand: CommandSpec = {
  usage: 'backup create --target DIR|s3://B/P --signing-key FILE [--recipient age1...] [--namespace NS] [--selector L] [--include-types T,..]',
  summary: 'Back up the cluster\'s API objects, encrypted and signed, deduplicated against the previous backup; exit 1 if some could not be read.',
  options: [
    ...TARGET_OPTIONS,
    ...WRITE_OPTIONS,
    { name: 'recipient', type: 'string', multiple: true, value: 'AGE1...', description: 'create: age X25519 recipient that can decrypt the new repository. Repeatable. Only used when the repository is created.' },
    { name: 'passphrase', type: 'boolean', description: 'create: the new repository can also be decrypted with the passphrase in $RAMPART_BACKUP_PASSPHRASE. Other subcommands: try that passphrase.' },
    { name: 'namespace', short: 'n', type: 'string', multiple: true, value: 'NS', description: 'Back up only this namespace (with its Namespace object and the CRDs of its custom resources). Repeatable.' },
    { name: 'selector', short: 'l', type: 'string', value: 'LABELS', description: 'create: only objects matching this label selector (as kubectl -l).' },
    { name: 'include-types', type: 'string', multiple: true, value: 'TYPE[,TYPE]', description: 'create: only these resource types (deployments.apps, secrets, Deployment). Repeatable.' },
    { name: 'exclude-types', type: 'string', multiple: true, value: 'TYPE[,TYPE]', description: 'create: leave out these resource types. Repeatable.' },
    ...CLUSTER_OPTIONS,
  ],
  run: runCreate,
};

async function runCreate(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`backup create takes no arguments, got ${positionals.join(' ')}`);
  const signing = await signingKeyFromValues(values, io);
  const owners = ownersFromValues(values, io);
  const target = await targetFromValues(values, io, true);
  const types = (name: string) => list(values, name).flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
  const selector = str(values, 'selector');
  const kubeconfig = str(values, 'kubeconfig');
  const context = str(values, 'context');
  // Loaded on use: the Kubernetes client is slow to import.
  const [{ connectCluster }, { createBackup }, { progressLine }] = await Promise.all([
    import('../sources/cluster/source.js'),
    import('../services/backup/create.js'),
    import('../sources/cluster/progress.js'),
  ]);
  const connection = await connectCluster({ env: io.env, ...(kubeconfig ? { kubeconfig: resolve(io.cwd, kubeconfig) } : {}), ...(context ? { context } : {}) });
  const progress = progressLine(io.isTTY ? io.stderr : undefined);
  const result = await createBackup({
    onProgress: (objects) => progress.update(`rampart: backing up ${connection.origin}: ${objects} objects`),
    target,
    signing,
    owners,
    client: connection.client,
    cluster: connection.origin,
    selection: {
      namespaces: list(values, 'namespace'),
      excludeNamespaces: list(values, 'exclude-namespace'),
      ...(selector ? { labelSelector: selector } : {}),
      types: { include: types('include-types'), exclude: types('exclude-types') },
      ...(connection.fallbackNamespace ? { fallbackNamespace: connection.fallbackNamespace } : {}),
    },
  }).finally(() => progress.done());
  for (const gap of result.gaps) io.stderr(`rampart: warning: ${terminalSafe(gap)}\n`);
  io.stdout(`${result.id}\n`);
  io.stderr(
    `rampart: backup ${result.id} of ${connection.origin} in ${target.location}: ${result.objectCount} objects (${result.reused} unchanged since ` +
      `${result.previous ?? 'no previous backup'}), ${result.packsWritten} packs, ${result.bytesWritten} bytes written\n`,
  );
  if (result.gaps.length > 0) {
    io.stderr(`rampart: the backup is incomplete: ${result.gaps.length} resource lists could not be read\n`);
    return EXIT_CODES.findings;
  }
  return EXIT_CODES.clean;
}
