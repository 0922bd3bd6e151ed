import { defineMissingProbeRule } from './probe-scope.js';

export const readinessProbeMissing = defineMissingProbeRule(
  {
    id: 'k8s/readiness-probe-missing',
    title: 'Container without a readiness probe',
    severity: 'low',
    target: 'kubernetes',
    rationale:
      'Without a readiness probe a pod receives Service traffic as soon as its containers start, before the application ' +
      'can serve, and keeps receiving it while overloaded or shutting down, so every rollout and restart drops requests. ' +
      'Same scope as k8s/liveness-probe-missing: regular containers of long-running pods only. Unlike kube-score, pods are ' +
      'checked whether or not a Service in the same scan selects them, since Services are often applied separately.',
    remediation:
      'Add a check that passes only when the application can serve traffic:\n\n```yaml\nreadinessProbe:\n  httpGet: {path: /readyz, port: 8080}\n  periodSeconds: 5\n```',
    references: { urls: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/'] },
    aliases: { checkov: ['CKV_K8S_9'], kubeLinter: ['no-readiness-probe'], polaris: ['readinessProbeMissing'] },
  },
  'readinessProbe',
);
