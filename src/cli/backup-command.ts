import { ApiError, ClusterAccessError } from '../sources/cluster/errors.js';
import { ObjectExistsError, TargetError } from '../services/backup/targets/keys.js';
import { BackupFormatError, BackupKeyError } from '../services/backup/types.js';
import type { CommandSpec } from './command.js';
import { createSubcommand } from './backup-create.js';
import { keygenSubcommand } from './backup-keygen.js';
import { listSubcommand } from './backup-list.js';
import { pruneSubcommand } from './backup-prune.js';
import { restoreSubcommand } from './backup-restore.js';
import { scheduleSubcommand } from './backup-schedule.js';
import { verifySubcommand } from './backup-verify.js';
import type { CliIo } from './io.js';
import { EXIT_CODES } from './options.js';
import type { CliValues } from './resolve-options.js';
import { subcommandGroup } from './subcommands.js';

/** `rampart backup <sub>`: one entry per line, so adding a subcommand is a one-line change. */
export const BACKUP_SUBCOMMANDS: Record<string, CommandSpec> = {
  keygen: keygenSubcommand,
  create: createSubcommand,
  list: listSubcommand,
  verify: verifySubcommand,
  prune: pruneSubcommand,
  restore: restoreSubcommand,
  schedule: scheduleSubcommand,
};

const group = subcommandGroup(
  'backup',
  BACKUP_SUBCOMMANDS,
  'Disaster recovery: encrypted, signed, hash-chained backups of the cluster\'s objects in a directory or an object-locked S3 bucket.',
);

export const backupCommand: CommandSpec = { ...group, run: runBackupCommand };

async function runBackupCommand(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  try {
    return await group.run(values, positionals, io);
  } catch (error) {
    if (error instanceof BackupKeyError || error instanceof BackupFormatError || error instanceof TargetError || error instanceof ObjectExistsError || error instanceof ClusterAccessError || error instanceof ApiError) {
      io.stderr(`rampart: ${error.message}\n`);
      return EXIT_CODES.scanErrors;
    }
    throw error;
  }
}
