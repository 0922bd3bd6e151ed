import { defineResourceRule } from './requirements.js';

export const memoryRequestsMissing = defineResourceRule(
  {
    id: 'k8s/memory-requests-missing',
    title: 'Container without a memory request',
    severity: 'low',
    target: 'kubernetes',
    rationale:
      'Without a memory request the scheduler may overcommit the node, and under memory pressure the kubelet evicts pods that ' +
      'exceed their (zero) request first. Not reported when a memory limit is set, because the request then defaults to the ' +
      'limit, nor when the pod sets pod-level resources.',
    remediation: 'Request the memory the container needs at steady state:\n\n```yaml\nresources:\n  requests:\n    memory: 256Mi\n```',
    references: {
      nsa: 'Kubernetes Pod security: resource policies',
      urls: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'],
    },
    aliases: { trivy: ['KSV016', 'AVD-KSV-0016'], checkov: ['CKV_K8S_12'], polaris: ['memoryRequestsMissing'] },
  },
  'requests',
  'memory',
);
