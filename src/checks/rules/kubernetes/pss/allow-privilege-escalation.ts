import { asArray, asRecord } from '../../../../parsers/kubernetes/values.js';
import { containersOf, type ContainerRef, type PodTemplate } from '../../../../parsers/kubernetes/workloads.js';
import { definePssRule, type KubernetesRuleContext } from '../rule.js';
import { setField } from '../fixes.js';
import { containerSecurityContext, containerSecurityContextPath, exemptingWindows } from './helpers.js';

/**
 * Mirrors pod-security-admission policy/check_allowPrivilegeEscalation.go (check ID
 * `allowPrivilegeEscalation`, restricted, v1.8; from v1.25 Windows pods are exempt).
 *
 * Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].securityContext.allowPrivilegeEscalation
 * Allowed values: false (it must be set explicitly)
 */
function check(pod: PodTemplate, context: KubernetesRuleContext): void {
  for (const ref of containersOf(pod)) {
    if (containerSecurityContext(ref)?.allowPrivilegeEscalation === false) continue;
    const path = containerSecurityContextPath(ref, 'allowPrivilegeEscalation');
    context.report({
      path,
      message: `container "${ref.name}" must set securityContext.allowPrivilegeEscalation=false`,
      ...(canDisableEscalation(ref) ? { fix: setField(context.object, path, false, 'set allowPrivilegeEscalation to false') } : {}),
    });
  }
}

/** API validation rejects allowPrivilegeEscalation=false next to privileged=true or an added SYS_ADMIN. */
function canDisableEscalation(ref: ContainerRef): boolean {
  const securityContext = containerSecurityContext(ref);
  if (securityContext?.privileged === true) return false;
  const added = asArray(asRecord(securityContext?.capabilities)?.add);
  return !added.includes('SYS_ADMIN') && !added.includes('CAP_SYS_ADMIN');
}

export const allowPrivilegeEscalation = definePssRule({
  level: 'restricted',
  meta: {
    id: 'k8s/pss-allow-privilege-escalation',
    title: 'Privilege escalation allowed',
    severity: 'high',
    target: 'kubernetes',
    rationale:
      'Unless allowPrivilegeEscalation is false, a process can gain more privileges than its parent (through set-user-ID binaries or file capabilities), turning a foothold into root inside the container.',
    remediation: 'Set it explicitly on every container, init container and ephemeral container:\n\n```yaml\nsecurityContext:\n  allowPrivilegeEscalation: false\n```',
    references: { pss: 'Privilege Escalation', cis: ['CIS Kubernetes 5.2.6'], nsa: 'Pod security: non-root and unprivileged containers' },
    aliases: {
      trivy: ['KSV001', 'AVD-KSV-0001'],
      checkov: ['CKV_K8S_20'],
      kubeLinter: ['privilege-escalation-container'],
      polaris: ['privilegeEscalationAllowed'],
    },
    controls: ['pss:restricted:allowPrivilegeEscalation'],
    fixable: true,
  },
  versions: [
    { minimumMinor: 8, check },
    { minimumMinor: 25, check: exemptingWindows(check) },
  ],
});
