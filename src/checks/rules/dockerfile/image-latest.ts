import { defineDockerfileRule } from './rule.js';

export const imageLatest = defineDockerfileRule({
  meta: {
    id: 'docker/image-latest',
    title: 'Base image uses the latest tag',
    severity: 'medium',
    target: 'dockerfile',
    rationale: '`latest` is a moving pointer: builds are not reproducible and a rebuild can pull a new major version or a compromised image without any change in the repository.',
    remediation: 'Replace `:latest` with an explicit version (and a digest for immutability):\n\n```dockerfile\nFROM alpine:3.19@sha256:<digest>\n```',
    references: { cis: ['CIS Docker 4.2'], urls: ['https://docs.docker.com/build/building/best-practices/#from'] },
    aliases: { hadolint: ['DL3007'], trivy: ['DS001', 'AVD-DS-0001'], checkov: ['CKV_DOCKER_7'] },
  },
  check({ dockerfile, report }) {
    for (const stage of dockerfile.stages) {
      const { image } = stage;
      // A digest pins the content whatever the tag says.
      if (image.tag?.toLowerCase() === 'latest' && image.digest === undefined) {
        report({ instruction: stage.from, message: `base image "${image.resolved}" uses the "latest" tag` });
      }
    }
  },
});
