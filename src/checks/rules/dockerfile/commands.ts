import type { Instruction, Stage } from '../../../parsers/dockerfile/model.js';
import type { ShellCommand } from '../../../parsers/dockerfile/shell.js';

/** True when the command has the option: `--long`, `--long=value`, or a short letter in a `-xyz` cluster. */
export function hasOption(command: ShellCommand, ...options: string[]): boolean {
  return command.effectiveArgv.slice(1).some((word) =>
    options.some((option) =>
      option.startsWith('--')
        ? word === option || word.startsWith(`${option}=`)
        : /^-[A-Za-z]+$/.test(word) && word.slice(1).includes(option.slice(1)) && option.length === 2,
    ),
  );
}

/**
 * Non-option arguments after the program name. `withValues` lists options that consume the next
 * word (`-t name`), so that word is not mistaken for a package.
 */
export function operands(command: ShellCommand, withValues: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  const argv = command.effectiveArgv;
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      out.push(...argv.slice(i + 1));
      break;
    }
    if (word.startsWith('-') && word !== '-') {
      if (withValues.has(word)) i++;
      continue;
    }
    out.push(word);
  }
  return out;
}

/** `apt-get install a b`: the subcommand is the first operand; the rest are its arguments. */
export function subcommandOf(command: ShellCommand, withValues?: ReadonlySet<string>): { name: string | undefined; args: string[] } {
  const [name, ...args] = operands(command, withValues);
  return { name, args };
}

export function commandsNamed(run: Instruction, names: readonly string[]): ShellCommand[] {
  return run.commands.filter((c) => names.includes(c.name));
}

/** RUN instructions of the given stages, paired with their stage. */
export function runsOf(stages: readonly Stage[]): Array<{ run: Instruction; stage: Stage }> {
  return stages.flatMap((stage) => stage.instructions.filter((i) => i.keyword === 'RUN').map((run) => ({ run, stage })));
}

/** Targets of `RUN --mount=type=cache,target=...`: a cache mount keeps package caches out of the layer. */
export function cacheMountTargets(run: Instruction): string[] {
  if (run.flags.length === 0) return [];
  return run.flags
    .filter((f) => f.name === 'mount' && f.value !== undefined)
    .map((f) => Object.fromEntries(f.value!.split(',').map((kv) => kv.split('=') as [string, string])))
    .filter((m) => m.type === 'cache')
    .map((m) => m.target ?? m.dst ?? m.destination ?? '')
    .filter(Boolean);
}

export function hasCacheMount(run: Instruction, directory: string): boolean {
  return cacheMountTargets(run).some((t) => t.replace(/\/+$/, '') === directory || directory.startsWith(`${t.replace(/\/+$/, '')}/`));
}

/** A word whose value comes from a variable cannot be judged statically; rules stay quiet on it. */
export function isDynamic(word: string): boolean {
  return word.includes('$');
}
