import type { CommandSpec } from './command.js';
import type { CliIo } from './io.js';
import { EXIT_CODES } from './options.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';
import { FORMAT_OPTION, formatFromValues, positiveNumber, signingKeyFromValues, TARGET_OPTIONS, targetFromValues, WRITE_OPTIONS } from './backup-options.js';

export const pruneSubcommand: CommandSpec = {
  usage: 'backup prune --target DIR|s3://B/P --signing-key FILE [--keep-last N] [--keep-days D] [--dry-run]',
  summary: 'Delete backups beyond the retention (newest N and/or younger than D days kept); object lock has the last word.',
  options: [
    ...TARGET_OPTIONS,
    WRITE_OPTIONS[0]!,
    { name: 'keep-last', type: 'string', value: 'N', description: 'prune: keep the newest N backups.' },
    { name: 'keep-days', type: 'string', value: 'D', description: 'prune: keep every backup younger than D days.' },
    { name: 'dry-run', type: 'boolean', description: 'prune: show what would be deleted; change nothing.' },
    FORMAT_OPTION,
  ],
  run: runPrune,
};

async function runPrune(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`backup prune takes no arguments, got ${positionals.join(' ')}`);
  const format = formatFromValues(values, 'backup prune');
  const keepLast = positiveNumber(values, 'keep-last', 1_000_000);
  const keepDays = positiveNumber(values, 'keep-days', 36_500);
  if (keepLast === undefined && keepDays === undefined) throw new UsageError('backup prune needs --keep-last N and/or --keep-days D');
  if (keepLast !== undefined && !Number.isInteger(keepLast)) throw new UsageError('--keep-last must be a whole number');
  const signing = await signingKeyFromValues(values, io);
  const target = await targetFromValues(values, io);
  const { pruneBackups } = await import('../services/backup/retention.js');
  const result = await pruneBackups(target, { signing, ...(keepLast ? { keepLast } : {}), ...(keepDays ? { keepDays } : {}), dryRun: values['dry-run'] === true });
  if (format === 'json') io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else {
    const verb = values['dry-run'] === true ? 'would remove' : 'removed';
    io.stdout(`kept ${result.kept.length}, ${verb} ${result.removed.length} backups${result.removed.length ? ` (${result.removed.join(', ')})` : ''}; ` +
      `${result.locked.length} still under object lock${result.locked.length ? ` (${result.locked.join(', ')})` : ''}; packs deleted ${result.packsRemoved}, locked ${result.packsLocked}\n`);
  }
  return EXIT_CODES.clean;
}
