import type { Instruction } from '../../../parsers/dockerfile/model.js';
import type { ShellCommand } from '../../../parsers/dockerfile/shell.js';
import { commandsNamed, subcommandOf } from './commands.js';

const APK_OPTIONS_WITH_VALUES = new Set(['-t', '--virtual', '-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir', '--repositories-file']);

export function apkAdds(run: Instruction): Array<{ command: ShellCommand; packages: string[] }> {
  return commandsNamed(run, ['apk'])
    .map((command) => ({ command, ...subcommandOf(command, APK_OPTIONS_WITH_VALUES) }))
    .filter((c) => c.name === 'add')
    .map(({ command, args }) => ({ command, packages: args }));
}
