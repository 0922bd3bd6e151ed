import { EncryptionConfigError } from '../services/encryption/config-file.js';
import { RotationRefused, RotationStateError } from '../services/encryption/rotate.js';
import { ApiError, ClusterAccessError } from '../sources/cluster/errors.js';
import { EtcdReadError } from '../sources/etcd/store.js';
import type { CommandSpec } from './command.js';
import { initSubcommand } from './encryption-init.js';
import { rotateSubcommand } from './encryption-rotate.js';
import { validateSubcommand } from './encryption-validate.js';
import { verifySubcommand } from './encryption-verify.js';
import type { CliIo } from './io.js';
import { EXIT_CODES } from './options.js';
import type { CliValues } from './resolve-options.js';
import { subcommandGroup } from './subcommands.js';

/** `rampart encryption <sub>`: one parse over every subcommand's flags; each flag is checked against its own table. */
export const ENCRYPTION_SUBCOMMANDS: Record<string, CommandSpec> = {
  init: initSubcommand,
  validate: validateSubcommand,
  rotate: rotateSubcommand,
  verify: verifySubcommand,
};

const group = subcommandGroup(
  'encryption',
  ENCRYPTION_SUBCOMMANDS,
  'Encryption at rest: write and check the API server\'s EncryptionConfiguration, rotate its keys in stages, prove from etcd what is encrypted.',
);

export const encryptionCommand: CommandSpec = { ...group, run: runEncryptionCommand };

async function runEncryptionCommand(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  try {
    return await group.run(values, positionals, io);
  } catch (error) {
    if (error instanceof RotationRefused) {
      io.stderr(`rampart: rotation step refused: ${error.message}\n`);
      return EXIT_CODES.findings;
    }
    if (error instanceof EtcdReadError || error instanceof EncryptionConfigError || error instanceof RotationStateError || error instanceof ClusterAccessError || error instanceof ApiError) {
      io.stderr(`rampart: ${error.message}\n`);
      return EXIT_CODES.scanErrors;
    }
    throw error;
  }
}
