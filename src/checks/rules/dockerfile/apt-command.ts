import { aptCalls } from './apt.js';
import { defineInstructionRule } from './rule.js';

export const aptCommand = defineInstructionRule({
  meta: {
    id: 'docker/apt-command',
    title: 'apt used instead of apt-get',
    severity: 'low',
    target: 'dockerfile',
    rationale: '`apt` is meant for interactive use: its command-line interface is not stable and it warns about that in scripts. `apt-get` and `apt-cache` are the scriptable interfaces.',
    remediation: '```dockerfile\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.* && rm -rf /var/lib/apt/lists/*\n```',
    references: { urls: ['https://manpages.debian.org/apt.8'] },
    aliases: { hadolint: ['DL3027'], checkov: ['CKV_DOCKER_9'] },
  },
  keywords: ['RUN'],
  check(instruction, _stage, { report }) {
    for (const call of aptCalls(instruction, ['apt'])) report({ instruction, key: call.command.text, message: `"${call.command.text}" uses apt; use apt-get` });
  },
});
