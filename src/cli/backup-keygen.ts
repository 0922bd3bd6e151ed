import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { generateKeys } from '../services/backup/keys.js';
import type { CommandSpec } from './command.js';
import type { CliIo } from './io.js';
import { EXIT_CODES } from './options.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';
import { str } from './backup-options.js';

export const keygenSubcommand: CommandSpec = {
  usage: 'backup keygen --out DIR',
  summary: 'Write a backup signing key (writer) and an age identity (reader), both mode 0600, and print the recipient.',
  options: [{ name: 'out', type: 'string', value: 'DIR', description: 'keygen: directory for backup-signing.key, backup-signing.pub and backup-identity.txt; existing files are never overwritten.' }],
  run: runKeygen,
};

async function runKeygen(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`backup keygen takes no arguments, got ${positionals.join(' ')}`);
  const out = str(values, 'out');
  if (!out) throw new UsageError('backup keygen needs --out DIR');
  const dir = resolve(io.cwd, out);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let keys;
  try {
    keys = await generateKeys(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${dir} already holds backup keys; refusing to overwrite them`);
    throw error;
  }
  io.stdout(`${keys.recipient}\n`);
  io.stderr(
    `rampart: wrote ${keys.signingKeyFile} (signing key for the backup job), ${keys.publicKeyFile} (pin with --public-key) and ` +
      `${keys.identityFile} (decrypts backups: keep it offline, not in the cluster). Create backups with --recipient ${keys.recipient}\n`,
  );
  return EXIT_CODES.clean;
}
