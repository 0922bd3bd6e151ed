import { defineDockerfileRule } from './rule.js';

const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

export const registryNotAllowed = defineDockerfileRule({
  meta: {
    id: 'docker/registry-not-allowed',
    title: 'Base image from a registry outside the allow-list',
    severity: 'high',
    target: 'dockerfile',
    rationale: 'Base images from unapproved registries bypass the scanning, signing and mirroring your organisation applies. Only checked when `allowedRegistries` is configured.',
    remediation: 'Pull the base image through an allowed registry:\n\n```dockerfile\nFROM registry.example.com/mirror/alpine:3.19\n```',
    references: { cis: ['CIS Docker 4.2'] },
    aliases: { hadolint: ['DL3026'] },
  },
  check({ dockerfile, settings, report }) {
    const allowed = settings.allowedRegistries;
    if (allowed.length === 0) return;
    for (const stage of dockerfile.stages) {
      const { image } = stage;
      if (image.resolved === undefined || stage.baseStage !== undefined || image.resolved.toLowerCase() === 'scratch') continue;
      const registry = image.registry ?? 'docker.io';
      const full = `${registry}/${image.repository ?? ''}`;
      const ok = allowed.some((entry) => {
        const prefix = entry.replace(/\/+$/, '');
        if (DOCKER_HUB.has(prefix) && DOCKER_HUB.has(registry)) return true;
        return registry === prefix || full.startsWith(`${prefix}/`);
      });
      if (!ok) report({ instruction: stage.from, message: `base image "${image.resolved}" comes from ${registry}, which is not in allowedRegistries` });
    }
  },
});
