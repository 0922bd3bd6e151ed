import { asArray, asRecord, asString } from '../../../../parsers/kubernetes/values.js';
import { definePssRule } from '../rule.js';
import { hostPathVolumes } from './host-path-volumes.js';
import { isSet } from './helpers.js';

/**
 * Mirrors pod-security-admission policy/check_restrictedVolumes.go (check ID `restrictedVolumes`,
 * restricted, v1.0, overriding `hostPathVolumes`). Upstream patched `image` into the v1.0 function
 * (Kubernetes 1.33) instead of adding a version, so it is allowed at every pinned version here too.
 *
 * Restricted fields: spec.volumes[*].<any source other than those below>, e.g. hostPath, nfs,
 *   gcePersistentDisk, awsElasticBlockStore, gitRepo, iscsi, glusterfs, rbd, flexVolume, cinder,
 *   cephfs, flocker, fc, azureFile, vsphereVolume, quobyte, azureDisk, portworxVolume,
 *   photonPersistentDisk, scaleIO, storageos
 * Allowed values: undefined/null; allowed sources: configMap, csi, downwardAPI, emptyDir, ephemeral,
 *   image, persistentVolumeClaim, projected, secret
 */
const ALLOWED_SOURCES: ReadonlySet<string> = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

export const restrictedVolumes = definePssRule({
  level: 'restricted',
  meta: {
    id: 'k8s/pss-restricted-volumes',
    title: 'Volume type outside the restricted set',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'Inline volume sources such as hostPath, nfs, iscsi or cloud disks bypass PersistentVolume access control and can expose node or shared storage to the pod. A hostPath volume stays reported as k8s/pss-host-path-volumes (critical) at this level too, so a stricter level never rates it lower; this rule reports the other sources (and hostPath too when that rule is disabled).',
    remediation:
      'Use only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret volumes; move other storage behind a PersistentVolumeClaim:\n\n```yaml\nvolumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data\n```',
    references: { pss: 'Volume Types' },
    aliases: { trivy: ['KSV028', 'AVD-KSV-0028'] },
    controls: ['pss:restricted:restrictedVolumes'],
  },
  versions: [
    {
      minimumMinor: 0,
      overrides: [hostPathVolumes.meta.id],
      check(pod, context) {
        asArray(pod.spec.volumes).forEach((value, index) => {
          const volume = asRecord(value);
          if (!volume) return;
          const sources = Object.keys(volume).filter((key) => key !== 'name' && isSet(volume[key]));
          // A volume with no source at all is defaulted to emptyDir by the API server before admission.
          if (sources.some((source) => ALLOWED_SOURCES.has(source))) return;
          const name = asString(volume.name) ?? `#${index}`;
          for (const source of sources) {
            context.report({
              path: [...pod.specPath, 'volumes', index, source],
              message: `volume "${name}" uses restricted volume type "${source}"`,
            });
          }
        });
      },
    },
  ],
});
