import { resolve } from 'node:path';
import { INIT_PROVIDERS, renderInitConfig, type InitProvider } from '../services/encryption/init.js';
import { FileExistsError, writePrivateFile } from '../services/encryption/private-file.js';
import type { CommandSpec } from './command.js';
import type { CliIo } from './io.js';
import { EXIT_CODES, type OptionSpec } from './options.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';

export const RESOURCE_OPTION: OptionSpec = {
  name: 'resource', type: 'string', multiple: true, value: 'NAME',
  description: 'init: resources to encrypt; verify: resources to read (secrets, configmaps, widgets.example.com). Repeatable. Default: secrets (verify: and those the configuration names).',
};

export const KEY_NAME_OPTION: OptionSpec = {
  name: 'key-name', type: 'string', value: 'NAME',
  description: 'Name of the new key, as etcd\'s prefixes will show it. Default: key1 (init), the next free keyN (rotate).',
};

export const INIT_OPTIONS: OptionSpec[] = [
  { name: 'output', short: 'o', type: 'string', value: 'FILE', description: 'init: where to write the EncryptionConfiguration (mode 0600).' },
  { name: 'provider', type: 'string', value: 'NAME', description: 'init: aescbc (default), aesgcm, secretbox or kms (KMS v2; with --kms-name and --kms-endpoint).' },
  RESOURCE_OPTION,
  KEY_NAME_OPTION,
  { name: 'kms-name', type: 'string', value: 'NAME', description: 'init --provider kms: the KMS v2 plugin\'s name.' },
  { name: 'kms-endpoint', type: 'string', value: 'URL', description: 'init --provider kms: the plugin\'s gRPC socket, e.g. unix:///var/run/kms-plugin.sock.' },
  { name: 'force', type: 'boolean', description: 'init: replace an existing file (its keys are lost: only for configurations not yet deployed).' },
];

export const initSubcommand: CommandSpec = {
  usage: 'encryption init --output FILE [--provider aescbc|aesgcm|secretbox|kms] [--resource NAME]... [--force]',
  summary: 'Write a new EncryptionConfiguration with a fresh 32-byte key (never printed), identity last, mode 0600.',
  options: INIT_OPTIONS,
  run: runInit,
};

const str = (values: CliValues, name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
/** Key and plugin names become part of every etcd value's prefix: the API server allows no ':' in them. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const RESOURCE = /^[a-z0-9*][a-z0-9.*-]*$/;

async function runInit(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`encryption init takes no arguments (use --output FILE), got ${positionals.join(' ')}`);
  const output = str(values, 'output');
  if (!output) throw new UsageError('encryption init needs --output FILE');
  const provider = (str(values, 'provider') ?? 'aescbc') as InitProvider;
  if (!INIT_PROVIDERS.includes(provider)) throw new UsageError(`--provider must be one of ${INIT_PROVIDERS.join(', ')}, not "${provider}"`);
  const keyName = str(values, 'key-name') ?? 'key1';
  if (!NAME.test(keyName)) throw new UsageError(`--key-name "${keyName}": letters, digits, '.', '_' and '-' only`);
  const resources = Array.isArray(values.resource) && values.resource.length > 0 ? [...new Set(values.resource)] : ['secrets'];
  for (const r of resources) if (!RESOURCE.test(r)) throw new UsageError(`--resource "${r}" is not a resource name (e.g. secrets, configmaps, widgets.example.com)`);
  const kmsName = str(values, 'kms-name');
  const kmsEndpoint = str(values, 'kms-endpoint');
  if (provider === 'kms' && (!kmsName || !kmsEndpoint)) throw new UsageError('--provider kms needs --kms-name and --kms-endpoint');
  if (provider !== 'kms' && (kmsName || kmsEndpoint)) throw new UsageError('--kms-name and --kms-endpoint apply to --provider kms only');
  if (kmsName && !NAME.test(kmsName)) throw new UsageError(`--kms-name "${kmsName}": letters, digits, '.', '_' and '-' only`);
  const text = renderInitConfig({ provider, resources, keyName, ...(kmsName && kmsEndpoint ? { kms: { name: kmsName, endpoint: kmsEndpoint } } : {}) });
  try {
    await writePrivateFile(resolve(io.cwd, output), text, { overwrite: values.force === true });
  } catch (error) {
    if (error instanceof FileExistsError) {
      io.stderr(`rampart: ${error.message}\n`);
      return EXIT_CODES.usage;
    }
    throw error;
  }
  io.stdout(`Wrote ${output} (mode 0600): ${provider}${provider === 'kms' ? ` v2 plugin ${kmsName}` : ` key "${keyName}"`} for ${resources.join(', ')}, identity last.\n` +
    `Deploy it to every API server as --encryption-provider-config, restart them, then rewrite existing objects ` +
    `(\`rampart encryption rotate\` does it) and check with \`rampart encryption verify\`.\n`);
  return EXIT_CODES.clean;
}
