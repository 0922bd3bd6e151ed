import { defineResourceRule } from './requirements.js';

export const cpuRequestsMissing = defineResourceRule(
  {
    id: 'k8s/cpu-requests-missing',
    title: 'Container without a CPU request',
    severity: 'low',
    target: 'kubernetes',
    rationale:
      'Without a CPU request the scheduler reserves nothing for the container, so it can land on a saturated node and is the ' +
      'first to be starved under contention (BestEffort QoS when memory is unset too). Not reported when a CPU limit is set, ' +
      'because the request then defaults to the limit, nor when the pod sets pod-level resources. Reliability rather than ' +
      'security, hence low.',
    remediation: 'Request the CPU the container needs at steady state:\n\n```yaml\nresources:\n  requests:\n    cpu: 250m\n```',
    references: {
      nsa: 'Kubernetes Pod security: resource policies',
      urls: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'],
    },
    aliases: { trivy: ['KSV015', 'AVD-KSV-0015'], checkov: ['CKV_K8S_10'], polaris: ['cpuRequestsMissing'] },
  },
  'requests',
  'cpu',
);
