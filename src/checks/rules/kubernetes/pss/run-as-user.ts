import { containersOf, type PodTemplate } from '../../../../parsers/kubernetes/workloads.js';
import { definePssRule, type KubernetesRuleContext } from '../rule.js';
import {
  containerSecurityContext,
  containerSecurityContextPath,
  exemptingUserNamespaces,
  podSecurityContext,
  podSecurityContextPath,
} from './helpers.js';

/**
 * Mirrors pod-security-admission policy/check_runAsUser.go (check ID `runAsUser`, restricted, v1.23;
 * from v1.35 pods with `hostUsers: false` are exempt).
 *
 * Restricted fields: spec.securityContext.runAsUser,
 *   spec.{containers,initContainers,ephemeralContainers}[*].securityContext.runAsUser
 * Allowed values: any non-zero value, undefined/null
 */
function check(pod: PodTemplate, context: KubernetesRuleContext): void {
  if (podSecurityContext(pod)?.runAsUser === 0) {
    context.report({ path: podSecurityContextPath(pod, 'runAsUser'), message: 'pod must not set securityContext.runAsUser=0' });
  }
  for (const ref of containersOf(pod)) {
    if (containerSecurityContext(ref)?.runAsUser !== 0) continue;
    context.report({
      path: containerSecurityContextPath(ref, 'runAsUser'),
      message: `container "${ref.name}" must not set securityContext.runAsUser=0`,
    });
  }
}

export const runAsUser = definePssRule({
  level: 'restricted',
  meta: {
    id: 'k8s/pss-run-as-user',
    title: 'Container set to run as UID 0',
    severity: 'high',
    target: 'kubernetes',
    rationale: 'An explicit runAsUser of 0 runs the container as root, whatever the image declares.',
    remediation: 'Use a non-zero UID (or leave `runAsUser` unset and rely on a non-root image USER):\n\n```yaml\nsecurityContext:\n  runAsUser: 10001\n  runAsNonRoot: true\n```',
    references: { pss: 'Running as Non-root user', cis: ['CIS Kubernetes 5.2.7'], nsa: 'Pod security: non-root and unprivileged containers' },
    aliases: { trivy: ['KSV105', 'AVD-KSV-0105'] },
    controls: ['pss:restricted:runAsUser'],
  },
  versions: [
    { minimumMinor: 23, check },
    { minimumMinor: 35, check: exemptingUserNamespaces(check) },
  ],
});
