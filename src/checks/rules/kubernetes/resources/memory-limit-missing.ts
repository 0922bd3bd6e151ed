import { defineResourceRule } from './requirements.js';

export const memoryLimitMissing = defineResourceRule(
  {
    id: 'k8s/memory-limit-missing',
    title: 'Container without a memory limit',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'Memory is not compressible: a container without a limit can grow until the node runs out, and the kernel OOM killer ' +
      'then picks victims among its neighbours, so one leak or one abusive request takes down unrelated workloads (a ' +
      'denial-of-service vector). Not reported when the pod sets a pod-level memory limit.',
    remediation: 'Cap memory, typically at or slightly above the request:\n\n```yaml\nresources:\n  requests:\n    memory: 256Mi\n  limits:\n    memory: 256Mi\n```',
    references: {
      nsa: 'Kubernetes Pod security: resource policies',
      urls: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'],
    },
    aliases: { trivy: ['KSV018', 'AVD-KSV-0018'], checkov: ['CKV_K8S_13'], polaris: ['memoryLimitsMissing'] },
  },
  'limits',
  'memory',
);
