import { exposesSsh, parseExposedPort } from '../dockerfile/expose.js';
import { defineImageRule } from './rule.js';

export const exposeSsh = defineImageRule({
  meta: {
    id: 'image/expose-ssh',
    title: 'SSH port 22 exposed',
    severity: 'medium',
    target: 'image',
    rationale: 'An image that exposes port 22 usually ships an SSH server: an extra, long-lived remote entry point with its own credentials to manage. Use `kubectl exec`/`docker exec` for debugging instead.',
    remediation: 'Remove `EXPOSE 22` and the SSH server from the image and rebuild.',
    references: { urls: ['https://github.com/opencontainers/image-spec/blob/main/config.md#properties'] },
    aliases: { trivy: ['DS004', 'AVD-DS-0004'], checkov: ['CKV_DOCKER_1'] },
  },
  check({ config, report }) {
    const ports = config.config?.ExposedPorts;
    if (!ports || typeof ports !== 'object') return;
    const ssh = Object.keys(ports).find((key) => exposesSsh(parseExposedPort(key)));
    if (ssh) report({ fieldPath: 'config.ExposedPorts', key: ssh, message: `image config exposes "${ssh}" (SSH port 22)` });
  },
});
