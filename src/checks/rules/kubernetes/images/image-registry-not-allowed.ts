import { defineWorkloadRule } from '../rule.js';
import { matchesImagePrefix, normaliseImagePrefix } from '../../../../parsers/image/name-prefix.js';
import { containerImages } from './image-ref.js';

export const imageRegistryNotAllowed = defineWorkloadRule({
  meta: {
    id: 'k8s/image-registry-not-allowed',
    title: 'Image from a registry that is not allowed',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'Images from arbitrary registries bypass the scanning, signing and retention controls of the trusted ones, and a typo ' +
      'in a registry name is a supply-chain attack vector. Only runs when `allowedRegistries` is configured. References are ' +
      'resolved like the runtime does: `nginx` is `docker.io/library/nginx`, `localhost:5000/app` is registry ' +
      '`localhost:5000`; an entry may be a host (`ghcr.io`), a host with port, or a host with a path prefix ' +
      '(`ghcr.io/acme`), matched at path boundaries so `ghcr.io` does not allow `ghcr.io.evil.example`.',
    remediation:
      'Mirror the image into an allowed registry and reference it there:\n\n```yaml\nimage: registry.example.com/mirror/nginx:1.27.3\n```\n\n' +
      'or add the registry to `allowedRegistries` if it is trusted.',
    references: { nsa: 'Building secure container images' },
    aliases: { trivy: ['KSV0125', 'AVD-KSV-0125'] },
  },
  check(pod, context) {
    const allowed = context.settings.allowedRegistries.map(normaliseImagePrefix).filter((entry) => entry !== '');
    if (allowed.length === 0) return;
    for (const { ref, image, reference } of containerImages(pod)) {
      if (!reference || matchesImagePrefix(reference, allowed)) continue;
      context.report({
        path: [...ref.path, 'image'],
        message: `container "${ref.name}" image "${image}" comes from registry "${reference.registry}", which is not in allowedRegistries`,
      });
    }
  },
});

