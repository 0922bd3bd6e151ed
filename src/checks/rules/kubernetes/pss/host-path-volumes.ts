import { asArray, asRecord, asString } from '../../../../parsers/kubernetes/values.js';
import { definePssRule } from '../rule.js';
import { isSet } from './helpers.js';

/**
 * Mirrors pod-security-admission policy/check_hostPathVolumes.go (check ID `hostPathVolumes`, baseline, v1.0).
 *
 * Restricted fields: spec.volumes[*].hostPath
 * Allowed values: undefined/null
 */
export const hostPathVolumes = definePssRule({
  level: 'baseline',
  meta: {
    id: 'k8s/pss-host-path-volumes',
    title: 'hostPath volume',
    severity: 'critical',
    target: 'kubernetes',
    rationale:
      'A hostPath volume exposes the node filesystem to the pod: mounting paths such as /, /etc, /var/run/docker.sock or the kubelet directories is a direct route to node takeover and to other pods\' secrets.',
    remediation:
      'Replace the hostPath volume with a PersistentVolumeClaim, an emptyDir, or a configMap/secret:\n\n```yaml\nvolumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data\n```',
    references: { pss: 'HostPath Volumes', cis: ['CIS Kubernetes 5.2.12'], nsa: 'Pod security: pod security enforcement' },
    aliases: { trivy: ['KSV023', 'AVD-KSV-0023'] },
    controls: ['pss:baseline:hostPathVolumes'],
  },
  versions: [
    {
      minimumMinor: 0,
      check(pod, context) {
        asArray(pod.spec.volumes).forEach((value, index) => {
          const volume = asRecord(value);
          if (!volume || !isSet(volume.hostPath)) return;
          const name = asString(volume.name) ?? `#${index}`;
          const hostPath = asString(asRecord(volume.hostPath)?.path);
          context.report({
            path: [...pod.specPath, 'volumes', index, 'hostPath'],
            message: `volume "${name}" must not use hostPath${hostPath ? ` (${JSON.stringify(hostPath)})` : ''}`,
          });
        });
      },
    },
  ],
});
