import { defineRepeatedInstructionRule } from './repeated-instruction.js';

export const multipleCmd = defineRepeatedInstructionRule(
  {
    id: 'docker/multiple-cmd',
    title: 'Several CMD instructions in one stage',
    severity: 'low',
    target: 'dockerfile',
    rationale: 'Only the last CMD of a stage takes effect; earlier ones suggest a command that never runs.',
    remediation: 'Keep a single CMD per stage:\n\n```dockerfile\nCMD ["node", "server.js"]\n```',
    references: { urls: ['https://docs.docker.com/reference/dockerfile/#cmd'] },
    aliases: { hadolint: ['DL4003'], trivy: ['DS016', 'AVD-DS-0016'] },
  },
  'CMD',
);
