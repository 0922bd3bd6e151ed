import { exposedPorts, exposesSsh } from './expose.js';
import { defineInstructionRule } from './rule.js';

export const exposeSsh = defineInstructionRule({
  meta: {
    id: 'docker/expose-ssh',
    title: 'SSH port 22 exposed',
    severity: 'medium',
    target: 'dockerfile',
    rationale: 'An SSH server in a container is an extra, long-lived remote entry point with its own credentials to manage. Use `kubectl exec`/`docker exec` for debugging instead.',
    remediation: 'Remove `EXPOSE 22` and the SSH server from the image.',
    references: { urls: ['https://docs.docker.com/reference/dockerfile/#expose'] },
    aliases: { trivy: ['DS004', 'AVD-DS-0004'], checkov: ['CKV_DOCKER_1'] },
  },
  keywords: ['EXPOSE'],
  check(instruction, _stage, { report }) {
    const ssh = exposedPorts(instruction).find(exposesSsh);
    if (ssh) report({ instruction, message: `EXPOSE ${ssh.text} exposes SSH port 22` });
  },
});
