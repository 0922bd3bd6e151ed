import { defineInstructionRule } from './rule.js';

export const runCd = defineInstructionRule({
  meta: {
    id: 'docker/run-cd',
    title: 'cd in RUN instead of WORKDIR',
    severity: 'info',
    target: 'dockerfile',
    rationale: '`cd` only lasts for one RUN; later instructions silently run elsewhere. WORKDIR states the directory once and for every following instruction.',
    remediation: '```dockerfile\nWORKDIR /src\nRUN make\n```',
    references: { urls: ['https://docs.docker.com/build/building/best-practices/#workdir'] },
    aliases: { hadolint: ['DL3003'], trivy: ['DS013', 'AVD-DS-0013'] },
  },
  keywords: ['RUN'],
  check(instruction, _stage, { report }) {
    const cd = instruction.commands.find((c) => c.name === 'cd');
    if (cd) report({ instruction, message: `"${cd.text}" changes directory inside RUN; use WORKDIR` });
  },
});
