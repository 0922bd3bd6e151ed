import { defineWorkloadRule } from '../rule.js';

export const shareProcessNamespace = defineWorkloadRule({
  meta: {
    id: 'k8s/share-process-namespace',
    title: 'Containers share one process namespace',
    severity: 'low',
    target: 'kubernetes',
    rationale:
      'With shareProcessNamespace every container sees and can signal the others\' processes, read their environment (often ' +
      'holding secrets) through /proc, and reach their filesystems via /proc/<pid>/root, so a compromise of the least ' +
      'trusted sidecar extends to the whole pod. Distinct from hostPID (a Pod Security Standards control), which shares ' +
      'the node\'s namespace.',
    remediation: 'Remove the field, or set it to false, unless a debugging or signalling sidecar truly needs it:\n\n```yaml\nspec:\n  shareProcessNamespace: false\n```',
    references: { urls: ['https://kubernetes.io/docs/tasks/configure-pod-container/share-process-namespace/'] },
    aliases: {},
  },
  check(pod, context) {
    if (pod.spec.shareProcessNamespace !== true) return;
    // No automatic fix: sidecars that signal or inspect the main process stop working without it.
    context.report({
      path: [...pod.specPath, 'shareProcessNamespace'],
      message: 'pod sets shareProcessNamespace: true, so its containers can see and signal each other\'s processes',
    });
  },
});
