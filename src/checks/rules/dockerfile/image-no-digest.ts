import { defineDockerfileRule } from './rule.js';

export const imageNoDigest = defineDockerfileRule({
  meta: {
    id: 'docker/image-no-digest',
    title: 'Base image not pinned by digest',
    severity: 'low',
    target: 'dockerfile',
    rationale: 'Tags are mutable: a registry owner (or an attacker with push access) can move `alpine:3.19` to different content. Only a digest makes the base image immutable and the build reproducible.',
    remediation: 'Add the digest after the tag and let a bot (Renovate, Dependabot) keep it current:\n\n```dockerfile\nFROM alpine:3.19@sha256:<digest>\n```',
    references: { urls: ['https://docs.docker.com/build/building/best-practices/#pin-base-image-versions'] },
    aliases: {},
  },
  check({ dockerfile, report }) {
    for (const stage of dockerfile.stages) {
      const { image } = stage;
      // Untagged and `latest` images have their own, louder rules.
      if (image.resolved === undefined || stage.baseStage !== undefined || image.resolved.toLowerCase() === 'scratch') continue;
      if (image.digest === undefined && image.tag !== undefined && image.tag.toLowerCase() !== 'latest') {
        report({ instruction: stage.from, message: `base image "${image.resolved}" is pinned by tag only, not by digest` });
      }
    }
  },
});
