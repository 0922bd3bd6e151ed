import type { CommandSpec } from './command.js';
import { auditSubcommand } from './admission-audit.js';
import { installSubcommand } from './admission-install.js';
import { serveSubcommand } from './admission-serve.js';
import { subcommandGroup } from './subcommands.js';

export const ADMISSION_SUBCOMMANDS: Record<string, CommandSpec> = {
  serve: serveSubcommand,
  install: installSubcommand,
  audit: auditSubcommand,
};

export const admissionCommand: CommandSpec = subcommandGroup(
  'admission',
  ADMISSION_SUBCOMMANDS,
  'The admission webhook: the same rules as `rampart scan`, enforced at deploy time (serve, install, audit).',
);
