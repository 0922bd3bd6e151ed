import type { Instruction } from '../../../parsers/dockerfile/model.js';
import type { ShellCommand } from '../../../parsers/dockerfile/shell.js';
import { commandsNamed, subcommandOf } from './commands.js';

/** apt-get/apt options that take a separate value word. */
const APT_OPTIONS_WITH_VALUES = new Set(['-o', '--option', '-t', '--target-release', '--default-release', '-c', '--config-file', '-a', '--host-architecture']);

export interface AptCall {
  command: ShellCommand;
  subcommand: string | undefined;
  args: string[];
}

export function aptCalls(run: Instruction, programs: readonly string[] = ['apt-get']): AptCall[] {
  return commandsNamed(run, programs).map((command) => {
    const { name, args } = subcommandOf(command, APT_OPTIONS_WITH_VALUES);
    return { command, subcommand: name, args };
  });
}

export function aptInstalls(run: Instruction, programs?: readonly string[]): AptCall[] {
  return aptCalls(run, programs).filter((c) => c.subcommand === 'install');
}
