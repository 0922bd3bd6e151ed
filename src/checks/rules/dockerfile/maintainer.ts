import { defineDockerfileRule } from './rule.js';

export const maintainer = defineDockerfileRule({
  meta: {
    id: 'docker/maintainer',
    title: 'Deprecated MAINTAINER instruction',
    severity: 'info',
    target: 'dockerfile',
    rationale: 'MAINTAINER is deprecated; the OCI label is what registries and tools read.',
    remediation: '```dockerfile\nLABEL org.opencontainers.image.authors="team@example.com"\n```',
    references: { urls: ['https://docs.docker.com/reference/dockerfile/#maintainer-deprecated'] },
    aliases: { hadolint: ['DL4000'], trivy: ['DS022', 'AVD-DS-0022'], checkov: ['CKV_DOCKER_6'] },
  },
  check({ dockerfile, report }) {
    // Every instruction, those before the first FROM included, as hadolint DL4000 checks them.
    for (const instruction of dockerfile.instructions) {
      if (instruction.keyword === 'MAINTAINER') report({ instruction, message: 'MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors' });
    }
  },
});
