import { asRecord } from '../../../../parsers/kubernetes/values.js';
import { containersOf } from '../../../../parsers/kubernetes/workloads.js';
import { definePssRule } from '../rule.js';
import {
  annotationPath,
  containerSecurityContext,
  containerSecurityContextPath,
  podAnnotations,
  podSecurityContext,
  podSecurityContextPath,
} from './helpers.js';

/**
 * Mirrors pod-security-admission policy/check_appArmorProfile.go (check ID `appArmorProfile`, baseline).
 * Upstream has a single v1.0 version and patched the field check into it when the fields arrived
 * (Kubernetes 1.30), so the fields are checked at every pinned version, like upstream does.
 *
 * Restricted fields: metadata.annotations['container.apparmor.security.beta.kubernetes.io/*']
 * Allowed values: 'runtime/default', 'localhost/*', empty, undefined
 *
 * Restricted fields:
 *   spec.securityContext.appArmorProfile.type
 *   spec.{containers,initContainers,ephemeralContainers}[*].securityContext.appArmorProfile.type
 * Allowed values: 'RuntimeDefault', 'Localhost', undefined
 */
const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const ALLOWED_TYPES: ReadonlySet<unknown> = new Set(['RuntimeDefault', 'Localhost']);

function allowedAnnotationValue(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

export const appArmorProfile = definePssRule({
  level: 'baseline',
  meta: {
    id: 'k8s/pss-apparmor-profile',
    title: 'AppArmor profile disabled or overridden',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'The runtime default AppArmor profile blocks writes to sensitive host paths and other escape primitives; setting it to Unconfined removes that layer of defence.',
    remediation:
      'Use the runtime default profile or a profile loaded on the node:\n\n```yaml\nsecurityContext:\n  appArmorProfile:\n    type: RuntimeDefault\n```\n\nand remove `container.apparmor.security.beta.kubernetes.io/*: unconfined` annotations.',
    references: { pss: 'AppArmor' },
    aliases: { trivy: ['KSV002', 'AVD-KSV-0002'] },
    controls: ['pss:baseline:appArmorProfile'],
  },
  versions: [
    {
      minimumMinor: 0,
      check(pod, context) {
        const podProfile = asRecord(podSecurityContext(pod)?.appArmorProfile);
        if (podProfile && !ALLOWED_TYPES.has(podProfile.type)) {
          context.report({
            path: podSecurityContextPath(pod, 'appArmorProfile', 'type'),
            message: `pod must not set AppArmor profile type to ${JSON.stringify(podProfile.type ?? '')}`,
          });
        }
        for (const ref of containersOf(pod)) {
          const profile = asRecord(containerSecurityContext(ref)?.appArmorProfile);
          if (!profile || ALLOWED_TYPES.has(profile.type)) continue;
          context.report({
            path: containerSecurityContextPath(ref, 'appArmorProfile', 'type'),
            message: `container "${ref.name}" must not set AppArmor profile type to ${JSON.stringify(profile.type ?? '')}`,
          });
        }
        for (const [key, value] of Object.entries(podAnnotations(pod))) {
          if (!key.startsWith(ANNOTATION_PREFIX) || typeof value !== 'string' || allowedAnnotationValue(value)) continue;
          context.report({
            path: annotationPath(pod, key),
            message: `annotation ${key}=${JSON.stringify(value)} sets a forbidden AppArmor profile`,
          });
        }
      },
    },
  ],
});
