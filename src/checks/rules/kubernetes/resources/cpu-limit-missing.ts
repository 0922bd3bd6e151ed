import { defineResourceRule } from './requirements.js';

export const cpuLimitMissing = defineResourceRule(
  {
    id: 'k8s/cpu-limit-missing',
    title: 'Container without a CPU limit',
    severity: 'info',
    target: 'kubernetes',
    rationale:
      'Trivy (KSV011), Checkov (CKV_K8S_11), Polaris and kube-score (unless --ignore-container-cpu-limit) flag a missing CPU ' +
      'limit; KubeLinter only asks for CPU requests and limits together. CPU is compressible: a container without a limit ' +
      'borrows idle CPU and is throttled back to its request under contention, while a limit throttles it even on an idle ' +
      'node. Many operators deliberately omit CPU limits, so this is informational; set one where a noisy neighbour is a ' +
      'real concern or a LimitRange or quota requires it.',
    remediation: 'If the workload must be capped:\n\n```yaml\nresources:\n  requests:\n    cpu: 250m\n  limits:\n    cpu: "1"\n```',
    references: { urls: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'] },
    aliases: { trivy: ['KSV011', 'AVD-KSV-0011'], checkov: ['CKV_K8S_11'], polaris: ['cpuLimitsMissing'] },
  },
  'limits',
  'cpu',
);
