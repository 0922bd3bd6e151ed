import { defineRepeatedInstructionRule } from './repeated-instruction.js';

export const multipleEntrypoint = defineRepeatedInstructionRule(
  {
    id: 'docker/multiple-entrypoint',
    title: 'Several ENTRYPOINT instructions in one stage',
    severity: 'low',
    target: 'dockerfile',
    rationale: 'Only the last ENTRYPOINT of a stage takes effect; earlier ones suggest an entrypoint that never runs.',
    remediation: 'Keep a single ENTRYPOINT per stage:\n\n```dockerfile\nENTRYPOINT ["/usr/local/bin/app"]\n```',
    references: { urls: ['https://docs.docker.com/reference/dockerfile/#entrypoint'] },
    aliases: { hadolint: ['DL4004'], trivy: ['DS007', 'AVD-DS-0007'] },
  },
  'ENTRYPOINT',
);
