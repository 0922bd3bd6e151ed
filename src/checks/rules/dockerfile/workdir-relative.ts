import { defineInstructionRule } from './rule.js';

export const workdirRelative = defineInstructionRule({
  meta: {
    id: 'docker/workdir-relative',
    title: 'Relative WORKDIR',
    severity: 'low',
    target: 'dockerfile',
    rationale: 'A relative WORKDIR resolves against whatever directory the base image or an earlier instruction left behind, so the same Dockerfile lands files in different places when the base changes.',
    remediation: '```dockerfile\nWORKDIR /srv/app\n```',
    references: { urls: ['https://docs.docker.com/reference/dockerfile/#workdir'] },
    aliases: { hadolint: ['DL3000'], trivy: ['DS009', 'AVD-DS-0009'], checkov: ['CKV_DOCKER_10'] },
  },
  keywords: ['WORKDIR'],
  check(instruction, _stage, { report }) {
    const path = instruction.words[0] ?? '';
    // `WORKDIR "C:\"`: with `\` as escape character the closing quote looks escaped, so the word keeps
    // its opening quote; the path starts after it either way.
    const start = instruction.args.replace(/^["']/, '');
    // Variables, and Windows drive paths, are absolute or unknowable.
    if (path === '' || /^[/$\\]/.test(start) || /^[A-Za-z]:[\\/]/.test(start)) return;
    report({ instruction, message: `WORKDIR "${path}" is relative` });
  },
});
