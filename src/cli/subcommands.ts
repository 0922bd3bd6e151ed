import type { CommandSpec } from './command.js';
import { EXIT_CODES, type OptionSpec } from './options.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';

/**
 * A command made of subcommands (`admission`, `policy`, `encryption`): each keeps its own option table; the command
 * parses their union and hands each subcommand only the flags its own table declares.
 */
export function subcommandGroup(command: string, subcommands: Record<string, CommandSpec>, summary: string): CommandSpec {
  const names = Object.keys(subcommands);
  return {
    usage: `${command} ${names.join('|')} [options]`,
    summary,
    options: unionOptions(Object.values(subcommands)),
    subcommands,
    run: async (values, positionals, io) => {
      const [name, ...rest] = positionals;
      const subcommand = name === undefined ? undefined : subcommands[name];
      if (!subcommand) {
        if (name === undefined) {
          io.stdout(`Usage: rampart ${command} <subcommand> [options]\n\nSubcommands:\n${subcommandList(subcommands)}\n\nRun \`rampart ${command} --help\` for the options.\n`);
          return EXIT_CODES.usage;
        }
        throw new UsageError(`unknown ${command} subcommand "${name}" (use ${names.join(', ')})`);
      }
      return subcommand.run(narrow(values, subcommand, `${command} ${name!}`), rest, io);
    },
  };
}

/** The union of the subcommands' options; a name must mean the same kind of value in each. */
export function unionOptions(subcommands: readonly CommandSpec[]): OptionSpec[] {
  const byName = new Map<string, OptionSpec>();
  for (const option of subcommands.flatMap((s) => s.options)) {
    const seen = byName.get(option.name);
    // One parser reads every subcommand's flags. Only repeatability may differ; such a flag is parsed as repeatable
    // and narrowed per subcommand (narrow()).
    if (seen && (seen.type !== option.type || seen.short !== option.short)) throw new Error(`subcommands declare --${option.name} differently`);
    if (!seen) byName.set(option.name, option);
    else if (option.multiple && !seen.multiple) byName.set(option.name, { ...seen, multiple: true });
  }
  return [...byName.values()];
}

function subcommandList(subcommands: Record<string, CommandSpec>): string {
  const width = Math.max(...Object.keys(subcommands).map((name) => name.length));
  return Object.entries(subcommands).map(([name, spec]) => `  ${name.padEnd(width)}  ${spec.summary}`).join('\n');
}

/** The values as the subcommand's own table would have parsed them: its flags only, single ones given once. */
export function narrow(values: CliValues, subcommand: CommandSpec, name: string): CliValues {
  const own = new Map(subcommand.options.map((o) => [o.name, o]));
  const narrowed: CliValues = {};
  for (const [option, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const spec = own.get(option);
    if (!spec) throw new UsageError(`--${option} does not apply to \`${name}\``);
    if (Array.isArray(value) && !spec.multiple) {
      if (value.length > 1) throw new UsageError(`--${option} is given more than once`);
      narrowed[option] = value[0];
    } else {
      narrowed[option] = value;
    }
  }
  return narrowed;
}
