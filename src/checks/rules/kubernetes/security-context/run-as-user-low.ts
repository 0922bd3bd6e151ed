import { defineLowIdRule, MIN_ID } from './low-id.js';

export const runAsUserLow = defineLowIdRule(
  {
    id: 'k8s/run-as-user-low',
    title: 'Container runs with a UID below 10000',
    severity: 'low',
    target: 'kubernetes',
    rationale:
      `Low UIDs overlap the host's system and human accounts; if the container escapes its namespaces (or shares a ` +
      `hostPath), files and processes owned by that UID on the node are within reach. UIDs of ${MIN_ID} and above are ` +
      `conventionally unallocated on hosts. UID 0 is left to the Pod Security Standards restricted "Running as Non-root ` +
      `user" check so it is not reported twice; an unset runAsUser is not reported because the image's USER decides it, ` +
      `unlike Checkov and Trivy which also fail the unset case.`,
    remediation: 'Run as a high, unprivileged UID:\n\n```yaml\nsecurityContext:\n  runAsNonRoot: true\n  runAsUser: 10001\n```',
    references: { nsa: 'Kubernetes Pod security: non-root containers and rootless container engines' },
    aliases: {
      trivy: ['KSV020', 'AVD-KSV-0020'],
      checkov: ['CKV_K8S_40'],
      kubeScore: ['container-security-context-user-group-id'],
    },
  },
  'runAsUser',
  (id) => id === 0,
);
