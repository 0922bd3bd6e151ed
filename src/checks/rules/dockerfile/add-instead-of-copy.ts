import { addSourceKind, sourcesOf } from './add-sources.js';
import { defineInstructionRule } from './rule.js';

export const addInsteadOfCopy = defineInstructionRule({
  meta: {
    id: 'docker/add-instead-of-copy',
    title: 'ADD used to copy local files',
    severity: 'low',
    target: 'dockerfile',
    rationale: 'ADD silently extracts archives and fetches URLs. For plain files and directories COPY does the same job without those surprises, so a later rename to `.tar.gz` cannot change what the build does.',
    remediation: 'Use COPY for local files:\n\n```dockerfile\nCOPY app/ /srv/app/\n```',
    references: { cis: ['CIS Docker 4.9'], urls: ['https://docs.docker.com/build/building/best-practices/#add-or-copy'] },
    aliases: { hadolint: ['DL3020'], trivy: ['DS005', 'AVD-DS-0005'], checkov: ['CKV_DOCKER_4'] },
  },
  keywords: ['ADD'],
  check(instruction, _stage, { report }) {
    if (instruction.heredocs.length > 0) return;
    const sources = sourcesOf(instruction);
    if (sources.length > 0 && sources.every((s) => addSourceKind(s) === 'file' && !s.includes('$'))) {
      report({ instruction, message: `ADD copies local ${sources.map((s) => `"${s}"`).join(', ')}; use COPY` });
    }
  },
});
