import type { RuleMeta } from '../../core/rule.js';
import { commandsNamed, hasCacheMount, runsOf, subcommandOf } from './commands.js';
import { defineDockerfileRule, type DockerfileRule } from './rule.js';

/**
 * RPM-family managers keep metadata and packages in a cache directory; an install must be followed
 * in the same RUN by `<manager> clean` (or removal of the cache directory) to keep it out of the layer.
 */
export function definePackageCacheRule(meta: RuleMeta, spec: { programs: readonly string[]; install: readonly string[]; cacheDirs: readonly string[]; clean: readonly string[]; cleanArgs: readonly string[] }): DockerfileRule {
  return defineDockerfileRule({
    meta,
    check({ dockerfile, report }) {
      for (const { run } of runsOf(dockerfile.stages)) {
        if (spec.cacheDirs.some((dir) => hasCacheMount(run, dir))) continue;
        const calls = commandsNamed(run, spec.programs).map((command) => ({ command, ...subcommandOf(command, new Set(['-c', '--config', '--setopt', '--installroot'])) }));
        const install = calls.find((c) => c.name !== undefined && spec.install.includes(c.name));
        if (!install) continue;
        const cleaned =
          calls.some((c) => c.name !== undefined && spec.clean.includes(c.name) && (spec.cleanArgs.length === 0 || spec.cleanArgs.some((a) => c.args.includes(a) || c.command.argv.includes(a)))) ||
          commandsNamed(run, ['rm']).some((c) => c.argv.some((w) => spec.cacheDirs.some((dir) => w.startsWith(dir))));
        if (!cleaned) report({ instruction: run, message: `"${install.command.text}" without "${[install.command.name, spec.clean[0], spec.cleanArgs[0]].filter(Boolean).join(' ')}" in the same RUN` });
      }
    },
  });
}
