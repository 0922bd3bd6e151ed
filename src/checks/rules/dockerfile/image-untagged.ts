import { defineDockerfileRule } from './rule.js';

export const imageUntagged = defineDockerfileRule({
  meta: {
    id: 'docker/image-untagged',
    title: 'Base image without a tag',
    severity: 'medium',
    target: 'dockerfile',
    rationale: 'FROM without a tag or digest pulls whatever `latest` points to at build time, so two builds of the same commit can produce different images and silently pick up breaking or vulnerable versions.',
    remediation: 'Pin the base image to a version tag, ideally with its digest:\n\n```dockerfile\nFROM node:20.11-alpine3.19@sha256:<digest>\n```',
    references: { cis: ['CIS Docker 4.2'], urls: ['https://docs.docker.com/build/building/best-practices/#from'] },
    aliases: { hadolint: ['DL3006'], trivy: ['DS001', 'AVD-DS-0001'], checkov: ['CKV_DOCKER_7'] },
  },
  check({ dockerfile, report }) {
    for (const stage of dockerfile.stages) {
      const { image } = stage;
      // Unresolvable variables, scratch and earlier stages are not images pulled by tag.
      if (image.resolved === undefined || stage.baseStage !== undefined || image.resolved.toLowerCase() === 'scratch') continue;
      if (image.tag === undefined && image.digest === undefined) {
        report({ instruction: stage.from, message: `base image "${image.resolved}" has no tag, so it floats with "latest"` });
      }
    }
  },
});
