import { getPath } from '../../../../parsers/kubernetes/values.js';
import { containersOf, isWindowsPod } from '../../../../parsers/kubernetes/workloads.js';
import { defineWorkloadRule } from '../rule.js';

export const readOnlyRootFilesystem = defineWorkloadRule({
  meta: {
    id: 'k8s/read-only-root-filesystem',
    title: 'Container root filesystem is writable',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'A writable root filesystem lets an intruder drop tools, modify binaries and persist across process restarts inside the ' +
      'container; a read-only one forces writes into declared volumes. Checked on regular and init containers; ephemeral ' +
      'debug containers are exempt because they are interactive by design, and Windows pods because they do not support ' +
      'the field. No automatic fix: applications that write outside their volumes would crash.',
    remediation:
      'Make the root filesystem read-only and mount writable scratch space where the application needs it:\n\n```yaml\n' +
      'containers:\n  - name: app\n    securityContext:\n      readOnlyRootFilesystem: true\n    volumeMounts:\n      - {name: tmp, mountPath: /tmp}\n' +
      'volumes:\n  - name: tmp\n    emptyDir: {}\n```',
    references: { nsa: 'Kubernetes Pod security: immutable container file systems' },
    aliases: {
      trivy: ['KSV014', 'AVD-KSV-0014'],
      checkov: ['CKV_K8S_22'],
      kubeScore: ['container-security-context-readonlyrootfilesystem'],
      kubeLinter: ['no-read-only-root-fs'],
      polaris: ['notReadOnlyRootFilesystem'],
    },
  },
  check(pod, context) {
    if (isWindowsPod(pod)) return;
    for (const ref of containersOf(pod, ['containers', 'initContainers'])) {
      const value = getPath(ref.container, ['securityContext', 'readOnlyRootFilesystem']);
      if (value === true) continue;
      context.report({
        path: [...ref.path, 'securityContext', 'readOnlyRootFilesystem'],
        message:
          value === false
            ? `container "${ref.name}" sets readOnlyRootFilesystem to false`
            : `container "${ref.name}" does not set readOnlyRootFilesystem: true`,
      });
    }
  },
});
