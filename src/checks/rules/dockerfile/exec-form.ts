import { defineInstructionRule } from './rule.js';

export const execForm = defineInstructionRule({
  meta: {
    id: 'docker/exec-form',
    title: 'CMD or ENTRYPOINT in shell form',
    severity: 'low',
    target: 'dockerfile',
    rationale: 'Shell form wraps the process in `/bin/sh -c`, so the shell is PID 1: SIGTERM from `docker stop` or Kubernetes never reaches the application, which is killed after the grace period instead of shutting down cleanly.',
    remediation: 'Use the JSON (exec) form:\n\n```dockerfile\nENTRYPOINT ["/usr/local/bin/app"]\nCMD ["--port", "8080"]\n```',
    references: { urls: ['https://docs.docker.com/reference/build-checks/json-args-recommended/'] },
    aliases: { hadolint: ['DL3025'] },
  },
  keywords: ['CMD', 'ENTRYPOINT'],
  check(instruction, _stage, { report }) {
    if (instruction.form === 'shell') report({ instruction, message: `${instruction.keyword} uses shell form; signals will not reach the process` });
  },
});
