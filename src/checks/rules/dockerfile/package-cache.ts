import type { RuleMeta } from '../../../core/rule.js';
import type { ShellCommand } from '../../../parsers/dockerfile/shell.js';
import { hasCacheMount, runsOf, subcommandOf } from './commands.js';
import { defineDockerfileRule, type DockerfileRule } from './rule.js';

const OPTIONS_WITH_VALUES: ReadonlySet<string> = new Set(['-c', '--config', '--setopt', '--installroot']);

/**
 * RPM-family managers keep metadata and packages in a cache directory; an install must be followed
 * in the same RUN by that same program's `clean` (or removal of the cache directory) to keep it out
 * of the layer. A clean before the install, or by another manager (`microdnf clean all` after
 * `dnf install`), leaves the install's cache behind.
 */
export function definePackageCacheRule(meta: RuleMeta, spec: { programs: readonly string[]; install: readonly string[]; cacheDirs: readonly string[]; clean: readonly string[]; cleanArgs: readonly string[] }): DockerfileRule {
  return defineDockerfileRule({
    meta,
    check({ dockerfile, report }) {
      for (const { run } of runsOf(dockerfile.stages)) {
        if (spec.cacheDirs.some((dir) => hasCacheMount(run, dir))) continue;
        // Index of the last command that cleans each program's cache (rm of a cache directory cleans for all).
        const lastClean = new Map<string, number>();
        let lastRemoval = -1;
        const installs: Array<{ command: ShellCommand; index: number }> = [];
        for (const [index, command] of run.commands.entries()) {
          if (command.name === 'rm' && command.argv.some((w) => spec.cacheDirs.some((dir) => w.startsWith(dir)))) lastRemoval = index;
          if (!spec.programs.includes(command.name)) continue;
          const { name, args } = subcommandOf(command, OPTIONS_WITH_VALUES);
          if (name === undefined) continue;
          if (spec.install.includes(name)) installs.push({ command, index });
          else if (spec.clean.includes(name) && (spec.cleanArgs.length === 0 || spec.cleanArgs.some((a) => args.includes(a)))) lastClean.set(command.name, index);
        }
        const install = installs.find(({ command, index }) => Math.max(lastRemoval, lastClean.get(command.name) ?? -1) < index);
        if (install) report({ instruction: run, message: `"${install.command.text}" without "${[install.command.name, spec.clean[0], spec.cleanArgs[0]].filter(Boolean).join(' ')}" after it in the same RUN` });
      }
    },
  });
}
