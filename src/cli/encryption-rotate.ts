import { resolve } from 'node:path';
import { ClusterClient } from '../sources/cluster/client.js';
import { loadKubeConfig } from '../sources/cluster/kubeconfig.js';
import { readState, rotateStep } from '../services/encryption/rotate.js';
import type { CommandSpec } from './command.js';
import type { CliIo } from './io.js';
import { CLUSTER_OPTIONS, EXIT_CODES, type OptionSpec } from './options.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';
import { KEY_NAME_OPTION } from './encryption-init.js';
import { ETCD_OPTIONS, openStore, PROVIDER_CONFIG_OPTION } from './encryption-verify.js';

export const ROTATE_OPTIONS: OptionSpec[] = [
  PROVIDER_CONFIG_OPTION,
  { name: 'state', type: 'string', value: 'FILE', description: 'rotate: the rotation\'s state file (JSON, 0600). Default: FILE.rotation.json beside --encryption-provider-config.' },
  { name: 'continue', type: 'boolean', description: 'rotate: run the next step of the rotation the state file records.' },
  KEY_NAME_OPTION,
  ...ETCD_OPTIONS,
  ...CLUSTER_OPTIONS.filter((o) => o.name === 'kubeconfig' || o.name === 'context'),
];

export const rotateSubcommand: CommandSpec = {
  usage: 'encryption rotate --encryption-provider-config FILE --etcd-endpoints URL [--cacert F --cert F --key F] [--kubeconfig F] [--continue]',
  summary: 'Staged key rotation: add the new key second, move it first, rewrite every Secret, remove the old key; one step per run.',
  options: ROTATE_OPTIONS,
  run: runRotate,
};

const str = (values: CliValues, name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);

async function runRotate(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`encryption rotate takes no arguments, got ${positionals.join(' ')}`);
  const config = str(values, 'encryption-provider-config');
  if (!config) throw new UsageError('encryption rotate needs --encryption-provider-config FILE (the file the API servers run)');
  const configPath = resolve(io.cwd, config);
  const statePath = resolve(io.cwd, str(values, 'state') ?? `${config}.rotation.json`);
  const existing = await readState(statePath);
  if (existing && values.continue !== true) throw new UsageError(`a rotation is in progress (${statePath}: done ${existing.done.join(', ') || 'nothing'}); run with --continue`);
  if (!existing && values.continue === true) throw new UsageError(`no rotation to continue: ${statePath} does not exist`);
  const kubeconfig = str(values, 'kubeconfig');
  const context = str(values, 'context');
  const api = async () => {
    const loaded = await loadKubeConfig({ env: io.env, ...(kubeconfig ? { kubeconfig: resolve(io.cwd, kubeconfig) } : {}), ...(context ? { context } : {}) });
    return new ClusterClient(loaded.config, loaded.server);
  };
  const rewriting = existing?.done.length === 2;
  const store = await openStore(values, io);
  try {
    const keyName = str(values, 'key-name');
    const outcome = await rotateStep({
      configPath, statePath, store,
      ...(rewriting ? { api: await api() } : {}),
      ...(keyName ? { newKeyName: keyName } : {}),
      onProgress: (message) => io.stderr(`${message}\n`),
    });
    const { totals } = outcome.verify;
    io.stdout(`Step ${outcome.state.done.length}/4 (${outcome.step}) done: ${outcome.state.provider} key "${outcome.state.oldKey}" -> "${outcome.state.newKey}"` +
      `${outcome.step === 'rewrite' ? `, ${outcome.state.rewritten ?? 0} objects rewritten` : ''}.\n` +
      `etcd: ${totals.objects} objects (${Object.entries(totals.byKey).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}).\n${outcome.next}\n`);
    return EXIT_CODES.clean;
  } finally {
    await store.close();
  }
}
