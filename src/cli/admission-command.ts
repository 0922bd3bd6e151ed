import type { CommandSpec } from './command.js';
import type { CliIo } from './io.js';
import { EXIT_CODES, type OptionSpec } from './options.js';
import { UsageError, type CliValues } from './resolve-options.js';
import { auditSubcommand } from './admission-audit.js';
import { installSubcommand } from './admission-install.js';
import { serveSubcommand } from './admission-serve.js';

/** `rampart admission <sub>`: each subcommand keeps its own option table; the command parses their union. */
export const ADMISSION_SUBCOMMANDS: Record<string, CommandSpec> = {
  serve: serveSubcommand,
  install: installSubcommand,
  audit: auditSubcommand,
};

function unionOptions(subcommands: readonly CommandSpec[]): OptionSpec[] {
  const byName = new Map<string, OptionSpec>();
  for (const option of subcommands.flatMap((s) => s.options)) {
    const seen = byName.get(option.name);
    // One parser reads every subcommand's flags: a name must mean the same kind of value everywhere. Only
    // repeatability may differ; such a flag is parsed as repeatable and narrowed per subcommand (narrow()).
    if (seen && (seen.type !== option.type || seen.short !== option.short)) throw new Error(`admission subcommands declare --${option.name} differently`);
    if (!seen) byName.set(option.name, option);
    else if (option.multiple && !seen.multiple) byName.set(option.name, { ...seen, multiple: true });
  }
  return [...byName.values()];
}

function subcommandList(): string {
  const width = Math.max(...Object.keys(ADMISSION_SUBCOMMANDS).map((name) => name.length));
  return Object.entries(ADMISSION_SUBCOMMANDS).map(([name, spec]) => `  ${name.padEnd(width)}  ${spec.summary}`).join('\n');
}

export const admissionCommand: CommandSpec = {
  usage: 'admission serve|install|audit [options]',
  summary: 'The admission webhook: the same rules as `rampart scan`, enforced at deploy time (serve, install, audit).',
  options: unionOptions(Object.values(ADMISSION_SUBCOMMANDS)),
  run: runAdmissionCommand,
};

async function runAdmissionCommand(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = positionals;
  const subcommand = name === undefined ? undefined : ADMISSION_SUBCOMMANDS[name];
  if (!subcommand) {
    const text = `Usage: rampart admission <subcommand> [options]\n\nSubcommands:\n${subcommandList()}\n\nRun \`rampart admission --help\` for the options.\n`;
    if (name === undefined) {
      io.stdout(text);
      return EXIT_CODES.usage;
    }
    throw new UsageError(`unknown admission subcommand "${name}" (use ${Object.keys(ADMISSION_SUBCOMMANDS).join(', ')})`);
  }
  return subcommand.run(narrow(values, subcommand, name!), rest, io);
}

/** The values as the subcommand's own table would have parsed them: its flags only, single ones given once. */
function narrow(values: CliValues, subcommand: CommandSpec, name: string): CliValues {
  const own = new Map(subcommand.options.map((o) => [o.name, o]));
  const narrowed: CliValues = {};
  for (const [option, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const spec = own.get(option);
    if (!spec) throw new UsageError(`--${option} does not apply to \`admission ${name}\``);
    if (Array.isArray(value) && !spec.multiple) {
      if (value.length > 1) throw new UsageError(`--${option} is given more than once`);
      narrowed[option] = value[0];
    } else {
      narrowed[option] = value;
    }
  }
  return narrowed;
}
