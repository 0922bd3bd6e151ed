import { POSIX_SHELLS } from '../../../parsers/dockerfile/shell.js';
import type { Instruction } from '../../../parsers/dockerfile/model.js';
import { defineDockerfileRule } from './rule.js';

export const pipefail = defineDockerfileRule({
  meta: {
    id: 'docker/pipefail',
    title: 'RUN with a pipe but no pipefail',
    severity: 'low',
    target: 'dockerfile',
    rationale: 'A pipeline returns the status of its last command, so `curl ... | tar x` succeeds even when the download failed and the build ships a broken layer. `set -o pipefail` makes any failing stage fail the RUN.',
    remediation: 'Set the shell once per stage (bash/ash/zsh support pipefail):\n\n```dockerfile\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.com/x.tar.gz | tar -xz\n```',
    references: { urls: ['https://docs.docker.com/build/building/best-practices/#using-pipes'] },
    aliases: { hadolint: ['DL4006'] },
  },
  check({ dockerfile, report }) {
    for (const stage of dockerfile.stages) {
      let safe = false;
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'SHELL') safe = shellSetsPipefail(instruction);
        if (instruction.keyword !== 'RUN' || safe || instruction.form === 'json') continue;
        const pipe = instruction.commands.findIndex((c) => c.next === '|');
        if (pipe < 0) continue;
        const setBefore = instruction.commands.slice(0, pipe).some((c) => c.name === 'set' && setsPipefail(c.argv));
        if (!setBefore) report({ instruction, message: `RUN pipes "${instruction.commands[pipe]!.text}" without "set -o pipefail"` });
      }
    }
  },
});

/**
 * A non-POSIX shell (PowerShell, cmd), where the check does not apply, or SHELL with `-o pipefail` on
 * a shell known to support it. `/bin/sh -o pipefail` does not count: sh is dash on Debian and Ubuntu,
 * where the option is missing, so the Dockerfile is not portable between base images.
 */
function shellSetsPipefail(shell: Instruction): boolean {
  const name = (shell.words[0] ?? '').replace(/\\/g, '/').split('/').pop()!.toLowerCase().replace(/\.exe$/, '');
  if (!POSIX_SHELLS.has(name)) return true;
  return PIPEFAIL_SHELLS.has(name) && setsPipefail(shell.words);
}

const PIPEFAIL_SHELLS: ReadonlySet<string> = new Set(['bash', 'zsh', 'ash', 'ksh']);

function setsPipefail(argv: readonly string[]): boolean {
  return argv.some((w, i) => /^-[a-z]*o$/.test(w) && argv[i + 1] === 'pipefail');
}
