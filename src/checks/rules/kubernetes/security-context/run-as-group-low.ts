import { defineLowIdRule, MIN_ID } from './low-id.js';

export const runAsGroupLow = defineLowIdRule(
  {
    id: 'k8s/run-as-group-low',
    title: 'Container runs with a GID below 10000',
    severity: 'low',
    target: 'kubernetes',
    rationale:
      `Low GIDs overlap host groups (0 is root, others are often disk, docker, adm); after an escape or through a shared ` +
      `hostPath the process gains whatever those groups may read or write on the node. GIDs of ${MIN_ID} and above are ` +
      `conventionally unallocated on hosts. GID 0 is included: no Pod Security Standards check covers runAsGroup. An unset ` +
      `runAsGroup is not reported because the image decides it.`,
    remediation: 'Run with a high, unprivileged GID:\n\n```yaml\nsecurityContext:\n  runAsUser: 10001\n  runAsGroup: 10001\n```',
    references: { nsa: 'Kubernetes Pod security: non-root containers and rootless container engines' },
    aliases: { trivy: ['KSV021', 'AVD-KSV-0021'], kubeScore: ['container-security-context-user-group-id'] },
  },
  'runAsGroup',
  () => false,
);
