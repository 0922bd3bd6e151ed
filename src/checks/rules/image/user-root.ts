import { isRootUser } from '../dockerfile/user-root.js';
import { defineImageRule } from './rule.js';

export const userRoot = defineImageRule({
  meta: {
    id: 'image/user-root',
    title: 'Image runs as root',
    severity: 'high',
    target: 'image',
    rationale:
      'The config\'s `User` is the user the container starts as unless the runtime overrides it. Empty (the default), `root` or UID 0 means every process runs as root, so an application compromise gets root inside the container and a much shorter path to the host.',
    remediation:
      'Rebuild the image with an unprivileged user as the last USER of the final stage:\n\n```dockerfile\nRUN useradd --uid 10001 --no-create-home app\nUSER 10001\n```\n\nUntil then, set `securityContext.runAsUser` and `runAsNonRoot: true` on the workload.',
    references: { cis: ['CIS Docker 4.1'], urls: ['https://github.com/opencontainers/image-spec/blob/main/config.md#properties'] },
    aliases: { trivy: ['DS002', 'AVD-DS-0002'], checkov: ['CKV_DOCKER_3', 'CKV_DOCKER_8'] },
  },
  check({ config, report }) {
    const raw = config.config?.User;
    const user = typeof raw === 'string' ? raw.trim() : '';
    if (user !== '' && !isRootUser(user)) return;
    report({
      fieldPath: 'config.User',
      message: user === '' ? 'image config sets no User, so the container runs as root' : `image config sets User "${user}", so the container runs as root`,
    });
  },
});
