import type { CliIo } from './io.js';
import type { OptionSpec } from './options.js';
import type { CliValues } from './resolve-options.js';

/** A subcommand: its option table (for parsing, --help and docs/cli.md) and its action. */
export interface CommandSpec {
  usage: string;
  summary: string;
  options: OptionSpec[];
  run(values: CliValues, positionals: string[], io: CliIo): Promise<number>;
  /** A group's subcommands (`rampart backup restore`): their own help lists only their own flags. */
  subcommands?: Readonly<Record<string, CommandSpec>>;
}
