import { defineMissingProbeRule } from './probe-scope.js';

export const livenessProbeMissing = defineMissingProbeRule(
  {
    id: 'k8s/liveness-probe-missing',
    title: 'Container without a liveness probe',
    severity: 'low',
    target: 'kubernetes',
    rationale:
      'Without a liveness probe a deadlocked or wedged process keeps its pod Running forever; the kubelet only restarts ' +
      'containers that exit. Checked on regular containers of long-running pods only: init and ephemeral containers cannot ' +
      'usefully have one, and Job, CronJob and other run-to-completion pods (restartPolicy Never or OnFailure) are skipped ' +
      'because their processes are expected to end. Reliability rather than security, hence low.',
    remediation:
      'Add a cheap check that fails only when a restart would help (never on downstream dependencies):\n\n```yaml\n' +
      'livenessProbe:\n  httpGet: {path: /livez, port: 8080}\n  periodSeconds: 10\n  failureThreshold: 6\n```',
    references: { urls: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/'] },
    aliases: { checkov: ['CKV_K8S_8'], kubeLinter: ['no-liveness-probe'], polaris: ['livenessProbeMissing'] },
  },
  'livenessProbe',
);
