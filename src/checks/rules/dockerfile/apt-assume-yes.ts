import { hasOption } from './commands.js';
import { aptInstalls } from './apt.js';
import { defineInstructionRule } from './rule.js';

export const aptAssumeYes = defineInstructionRule({
  meta: {
    id: 'docker/apt-assume-yes',
    title: 'apt-get install without -y',
    severity: 'low',
    target: 'dockerfile',
    rationale: 'Without -y apt-get waits for a confirmation that never comes in a non-interactive build and aborts, or behaves differently depending on how the build is run.',
    remediation: '```dockerfile\nRUN apt-get install -y --no-install-recommends curl=7.88.*\n```',
    references: { urls: ['https://docs.docker.com/build/building/best-practices/#apt-get'] },
    aliases: { hadolint: ['DL3014'], trivy: ['DS021', 'AVD-DS-0021'] },
  },
  keywords: ['RUN'],
  check(instruction, _stage, { report }) {
    for (const call of aptInstalls(instruction)) {
      const words = call.command.effectiveArgv;
      const assumesYes = hasOption(call.command, '-y', '--yes', '--assume-yes') || quietLevel(words) >= 2 || words.some((w) => /^APT::Get::Assume-Yes=(true|1|yes)$/i.test(w));
      if (!assumesYes) report({ instruction, message: `"${call.command.text}" has no -y and will prompt` });
    }
  },
});

/**
 * apt-get's quiet level: each `-q` (also inside a cluster such as `-qq` or `-yq`) and each `--quiet`
 * adds one, `-q=N` and `--quiet=N` set it. Level 2 implies `-y`; level 1 does not.
 */
function quietLevel(argv: readonly string[]): number {
  let level = 0;
  for (const word of argv.slice(1)) {
    const set = /^(?:-q|--quiet)=(\d+)$/.exec(word);
    if (set) level = Number(set[1]);
    else if (word === '--quiet') level++;
    else if (/^-[A-Za-z]+$/.test(word)) level += word.split('q').length - 1;
  }
  return level;
}
