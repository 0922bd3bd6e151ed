import { terminalSafe } from '../core/terminal.js';
import type { CommandSpec } from './command.js';
import type { CliIo } from './io.js';
import { EXIT_CODES } from './options.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';
import { FORMAT_OPTION, formatFromValues, PUBLIC_KEY_OPTION, TARGET_OPTIONS, targetFromValues, trustedFromValues } from './backup-options.js';

export const listSubcommand: CommandSpec = {
  usage: 'backup list --target DIR|s3://B/P [--public-key FILE] [--format json]',
  summary: 'List the repository\'s backups, oldest first; manifests that fail their checks are left out and make it exit 1.',
  options: [...TARGET_OPTIONS, PUBLIC_KEY_OPTION, FORMAT_OPTION],
  run: runList,
};

async function runList(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`backup list takes no arguments, got ${positionals.join(' ')}`);
  const format = formatFromValues(values, 'backup list');
  const trusted = await trustedFromValues(values, io);
  const target = await targetFromValues(values, io);
  const { listBackups } = await import('../services/backup/read.js');
  const invalid: string[] = [];
  const backups = await listBackups(target, { trusted, onInvalid: (_id, reason) => invalid.push(reason) });
  for (const reason of invalid) io.stderr(`rampart: left out ${terminalSafe(reason)}\n`);
  if (format === 'json') io.stdout(`${JSON.stringify(backups, null, 2)}\n`);
  else {
    const rows = backups.map((b) => `${b.id}  ${b.createdAt}  ${String(b.objectCount).padStart(7)}  ${terminalSafe(b.cluster)}`);
    io.stdout(`${['ID                         CREATED                    OBJECTS  CLUSTER', ...rows].join('\n')}\n`);
  }
  if (invalid.length > 0) {
    io.stderr(`rampart: ${invalid.length} manifests fail their checks; run \`rampart backup verify\`\n`);
    return EXIT_CODES.findings;
  }
  return EXIT_CODES.clean;
}
