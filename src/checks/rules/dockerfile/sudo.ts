import type { Instruction } from '../../../parsers/dockerfile/model.js';
import { defineInstructionRule } from './rule.js';

export function usesSudo(run: Instruction): boolean {
  return run.commands.some((c) => c.argv[0] === 'sudo' || c.argv[0]?.endsWith('/sudo'));
}

export const sudo = defineInstructionRule({
  meta: {
    id: 'docker/sudo',
    title: 'sudo used in RUN',
    severity: 'medium',
    target: 'dockerfile',
    rationale: 'Build steps already run as the current USER; sudo in an image means sudo is installed and configured, which gives any process in the container an easy privilege escalation path and makes TTY/signal handling unpredictable.',
    remediation: 'Run the step as root explicitly and switch back, instead of sudo:\n\n```dockerfile\nUSER root\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.* && rm -rf /var/lib/apt/lists/*\nUSER 10001\n```',
    references: { urls: ['https://docs.docker.com/build/building/best-practices/#user'] },
    aliases: { hadolint: ['DL3004'], trivy: ['DS010', 'AVD-DS-0010'], checkov: ['CKV2_DOCKER_1'] },
  },
  keywords: ['RUN'],
  check(instruction, _stage, { report }) {
    if (usesSudo(instruction)) {
      report({ instruction, message: 'RUN uses sudo' });
    }
  },
});
