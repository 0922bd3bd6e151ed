import { defineResourceRule } from './requirements.js';

export const ephemeralStorageLimitMissing = defineResourceRule(
  {
    id: 'k8s/ephemeral-storage-limit-missing',
    title: 'Container without an ephemeral-storage limit',
    severity: 'info',
    target: 'kubernetes',
    rationale:
      'Writable layers, logs and emptyDir volumes share the node disk; a container without an ephemeral-storage limit can fill ' +
      'it and trigger node-wide DiskPressure evictions. Off by default like kube-score\'s optional ' +
      'container-ephemeral-storage-request-and-limit, because many clusters manage disk through LimitRanges instead.',
    remediation: 'Bound local disk use:\n\n```yaml\nresources:\n  requests:\n    ephemeral-storage: 1Gi\n  limits:\n    ephemeral-storage: 2Gi\n```',
    references: {
      urls: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage'],
    },
    aliases: { kubeScore: ['container-ephemeral-storage-request-and-limit'] },
    defaultEnabled: false,
  },
  'limits',
  'ephemeral-storage',
);
