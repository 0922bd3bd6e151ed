import { defineWorkloadRule } from '../rule.js';
import { hostPathVolumes } from './host-paths.js';

export const hostPathWritable = defineWorkloadRule({
  meta: {
    id: 'k8s/host-path-writable',
    title: 'hostPath volume mounted writable',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'A writable hostPath mount lets the container change files on the node, which other pods and the kubelet trust: ' +
      'planting binaries or cron jobs, tampering with logs, or filling the disk. The Pod Security Standards baseline ' +
      'forbids hostPath outright; this rule is the narrower check for workloads exempted from it (agents, CSI drivers), ' +
      'where read-only mounts should be the default. Reported per mount, since readOnly is a property of the mount.',
    remediation: 'Mount the host path read-only unless the workload must write to it:\n\n```yaml\nvolumeMounts:\n  - name: logs\n    mountPath: /host/var/log\n    readOnly: true\n```',
    references: { pss: 'HostPath Volumes', nsa: 'Kubernetes Pod security: immutable container file systems' },
    aliases: { kubeLinter: ['writable-host-mount'] },
  },
  check(pod, context) {
    for (const volume of hostPathVolumes(pod)) {
      for (const mount of volume.mounts) {
        if (mount.readOnly) continue;
        context.report({
          path: [...mount.path, 'readOnly'],
          message: `container "${mount.ref.name}" mounts hostPath ${mount.hostPath} (volume "${volume.name}") writable`,
        });
      }
    }
  },
});
