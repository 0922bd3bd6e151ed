import { asRecord } from '../../../../parsers/kubernetes/values.js';
import { containersOf, type PodTemplate } from '../../../../parsers/kubernetes/workloads.js';
import { definePssRule, type KubernetesRuleContext } from '../rule.js';
import { setField } from '../fixes.js';
import {
  annotationPath,
  containerSecurityContext,
  containerSecurityContextPath,
  podAnnotations,
  podSecurityContext,
  podSecurityContextPath,
} from './helpers.js';

/**
 * Mirrors pod-security-admission policy/check_seccompProfile_baseline.go (check ID
 * `seccompProfile_baseline`, baseline, v1.0 and v1.19).
 *
 * v1.0 - v1.18:
 *   Restricted fields: metadata.annotations['seccomp.security.alpha.kubernetes.io/pod'],
 *     metadata.annotations['container.seccomp.security.alpha.kubernetes.io/<container name>']
 *   Allowed values: 'runtime/default', 'docker/default', 'localhost/*', undefined
 * v1.19+:
 *   Restricted fields: spec.securityContext.seccompProfile.type,
 *     spec.{containers,initContainers,ephemeralContainers}[*].securityContext.seccompProfile.type
 *   Allowed values: 'RuntimeDefault', 'Localhost', undefined
 */
export const POD_SECCOMP_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
export const CONTAINER_SECCOMP_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

export function validSeccompType(type: unknown): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

function validAnnotationValue(value: unknown): boolean {
  return value === 'runtime/default' || value === 'docker/default' || (typeof value === 'string' && value.startsWith('localhost/'));
}

function checkAnnotations(pod: PodTemplate, context: KubernetesRuleContext): void {
  const annotations = podAnnotations(pod);
  const keys = [POD_SECCOMP_ANNOTATION, ...containersOf(pod).map((ref) => CONTAINER_SECCOMP_ANNOTATION_PREFIX + ref.name)];
  for (const key of keys) {
    if (!(key in annotations) || validAnnotationValue(annotations[key])) continue;
    context.report({ path: annotationPath(pod, key), message: `forbidden annotation ${key}=${JSON.stringify(annotations[key])}` });
  }
}

function checkFields(pod: PodTemplate, context: KubernetesRuleContext): void {
  const podProfile = asRecord(podSecurityContext(pod)?.seccompProfile);
  if (podProfile && !validSeccompType(podProfile.type)) {
    context.report({
      path: podSecurityContextPath(pod, 'seccompProfile', 'type'),
      message: `pod must not set securityContext.seccompProfile.type to ${JSON.stringify(podProfile.type ?? '')}`,
    });
  }
  for (const ref of containersOf(pod)) {
    const profile = asRecord(containerSecurityContext(ref)?.seccompProfile);
    if (!profile || validSeccompType(profile.type)) continue;
    const path = containerSecurityContextPath(ref, 'seccompProfile', 'type');
    context.report({
      path,
      message: `container "${ref.name}" must not set securityContext.seccompProfile.type to ${JSON.stringify(profile.type ?? '')}`,
      // The same fix as the restricted rule's, which leaves this field to this rule at every level.
      ...(profile.type === 'Unconfined' ? { fix: setField(context.object, path, 'RuntimeDefault', 'set the container seccomp profile to RuntimeDefault') } : {}),
    });
  }
}

export const seccompProfileBaseline = definePssRule({
  level: 'baseline',
  meta: {
    id: 'k8s/pss-seccomp-profile-baseline',
    title: 'Seccomp disabled',
    severity: 'high',
    target: 'kubernetes',
    rationale:
      'Seccomp filters the system calls a container may make; an Unconfined profile exposes the whole kernel syscall surface, which is how most container escapes through kernel bugs start.',
    remediation:
      'Remove `seccompProfile.type: Unconfined` (and `unconfined` seccomp annotations), or use the runtime default:\n\n```yaml\nsecurityContext:\n  seccompProfile:\n    type: RuntimeDefault\n```',
    references: { pss: 'Seccomp', cis: ['CIS Kubernetes 5.7.2'] },
    aliases: {},
    controls: ['pss:baseline:seccompProfile_baseline'],
    fixable: true,
  },
  versions: [
    { minimumMinor: 0, check: checkAnnotations },
    { minimumMinor: 19, check: checkFields },
  ],
});
