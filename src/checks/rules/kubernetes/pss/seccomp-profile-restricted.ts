import { asRecord } from '../../../../parsers/kubernetes/values.js';
import { containersOf, type PodTemplate } from '../../../../parsers/kubernetes/workloads.js';
import { definePssRule, type KubernetesRuleContext } from '../rule.js';
import { setField } from '../fixes.js';
import {
  containerSecurityContext,
  containerSecurityContextPath,
  exemptingWindows,
  podSecurityContext,
  podSecurityContextPath,
} from './helpers.js';
import { seccompProfileBaseline, validSeccompType } from './seccomp-profile-baseline.js';

/**
 * Mirrors pod-security-admission policy/check_seccompProfile_restricted.go (check ID
 * `seccompProfile_restricted`, restricted, v1.19; from v1.25 Windows pods are exempt; both versions
 * override `seccompProfile_baseline`).
 *
 * Restricted fields: spec.securityContext.seccompProfile.type,
 *   spec.{containers,initContainers,ephemeralContainers}[*].securityContext.seccompProfile.type
 * Allowed values: 'RuntimeDefault', 'Localhost'; a container may leave it undefined when the pod
 *   level sets an allowed type
 */
function check(pod: PodTemplate, context: KubernetesRuleContext): void {
  const podProfile = asRecord(podSecurityContext(pod)?.seccompProfile);
  if (podProfile && !validSeccompType(podProfile.type)) {
    context.report({
      path: podSecurityContextPath(pod, 'seccompProfile', 'type'),
      message: `pod must not set securityContext.seccompProfile.type to ${JSON.stringify(podProfile.type ?? '')}`,
    });
  }
  const podSet = podProfile !== undefined && validSeccompType(podProfile.type);
  const podTypePath = podSecurityContextPath(pod, 'seccompProfile', 'type');
  for (const ref of containersOf(pod)) {
    const profile = asRecord(containerSecurityContext(ref)?.seccompProfile);
    const path = containerSecurityContextPath(ref, 'seccompProfile', 'type');
    if (profile) {
      if (validSeccompType(profile.type)) continue;
      context.report({
        path,
        message: `container "${ref.name}" must not set securityContext.seccompProfile.type to ${JSON.stringify(profile.type ?? '')}`,
        ...(profile.type === 'Unconfined' ? { fix: setField(context.object, path, 'RuntimeDefault', 'set the container seccomp profile to RuntimeDefault') } : {}),
      });
    } else if (!podSet) {
      context.report({
        path,
        message: `pod or container "${ref.name}" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
        // One pod-level default covers every container that leaves the field unset.
        ...(podProfile ? {} : { fix: setField(context.object, podTypePath, 'RuntimeDefault', 'set the pod seccomp profile to RuntimeDefault') }),
      });
    }
  }
}

export const seccompProfileRestricted = definePssRule({
  level: 'restricted',
  meta: {
    id: 'k8s/pss-seccomp-profile-restricted',
    title: 'Seccomp profile not set to RuntimeDefault or Localhost',
    severity: 'high',
    target: 'kubernetes',
    rationale:
      'Without an explicit seccomp profile most runtimes run containers Unconfined, exposing the whole kernel syscall surface; the restricted level requires the runtime default or a node-local profile.',
    remediation: 'Set it at the pod level (containers inherit it):\n\n```yaml\nspec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n```',
    references: { pss: 'Seccomp', cis: ['CIS Kubernetes 5.7.2'], nsa: 'Pod security: hardening container environments' },
    aliases: { trivy: ['KSV030', 'AVD-KSV-0030'], checkov: ['CKV_K8S_31'] },
    controls: ['pss:restricted:seccompProfile_restricted'],
    fixable: true,
  },
  versions: [
    { minimumMinor: 19, check, overrides: [seccompProfileBaseline.meta.id] },
    { minimumMinor: 25, check: exemptingWindows(check), overrides: [seccompProfileBaseline.meta.id] },
  ],
});
