import type { Instruction } from '../../../parsers/dockerfile/model.js';
import type { ShellCommand } from '../../../parsers/dockerfile/shell.js';
import { operands } from './commands.js';

const PIP_OPTIONS_WITH_VALUES = new Set([
  '-c', '--constraint', '-e', '--editable', '-r', '--requirement', '-i', '--index-url', '--extra-index-url', '-f', '--find-links',
  '-t', '--target', '--prefix', '--root', '--src', '--platform', '--python-version', '--implementation', '--abi', '--no-binary',
  '--only-binary', '--progress-bar', '--proxy', '--trusted-host', '--upgrade-strategy', '--cache-dir', '--log', '--timeout', '--retries',
]);

/** `pip install`, `pip3 install`, `python -m pip install`: the command and its package operands. */
export function pipInstalls(run: Instruction): Array<{ command: ShellCommand; packages: string[] }> {
  const installs: Array<{ command: ShellCommand; packages: string[] }> = [];
  for (const command of run.commands) {
    const packages = pipInstallPackages(command);
    if (packages) installs.push({ command, packages });
  }
  return installs;
}

/** The package operands when the command is a pip install (pipx and pipenv are not pip), else undefined. */
export function pipInstallPackages(command: ShellCommand): string[] | undefined {
  const isPip = /^pip(\d(\.\d+)?)?$/.test(command.name);
  const isModule = /^python(\d(\.\d+)?)?$/.test(command.name) && command.effectiveArgv[1] === '-m' && /^pip\d?$/.test(command.effectiveArgv[2] ?? '');
  if (!isPip && !isModule) return undefined;
  const words = operands(command, PIP_OPTIONS_WITH_VALUES).slice(isModule ? 1 : 0);
  return words[0] === 'install' ? words.slice(1) : undefined;
}
