import { containersOf, type PodTemplate } from '../../../../parsers/kubernetes/workloads.js';
import { definePssRule, type KubernetesRuleContext } from '../rule.js';
import { containerSecurityContext, containerSecurityContextPath, exemptingUserNamespaces, isSet } from './helpers.js';

/**
 * Mirrors pod-security-admission policy/check_procMount_baseline.go (check ID `procMount`, baseline,
 * v1.0 and v1.35).
 *
 * Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].securityContext.procMount
 * Allowed values: undefined/null, "Default"; from v1.35 any value when the pod sets `hostUsers: false`
 */
export function checkDefaultProcMount(pod: PodTemplate, context: KubernetesRuleContext): void {
  for (const ref of containersOf(pod)) {
    const procMount = containerSecurityContext(ref)?.procMount;
    if (!isSet(procMount) || procMount === 'Default') continue;
    context.report({
      path: containerSecurityContextPath(ref, 'procMount'),
      message: `container "${ref.name}" must not set securityContext.procMount to ${JSON.stringify(procMount)}`,
    });
  }
}

export const PROC_MOUNT_REMEDIATION = 'Remove `securityContext.procMount`, or set it to `Default`:\n\n```yaml\nsecurityContext:\n  procMount: Default\n```';

export const procMount = definePssRule({
  level: 'baseline',
  meta: {
    id: 'k8s/pss-proc-mount',
    title: 'Unmasked /proc mount',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'The default /proc mount masks and makes read-only the kernel interfaces (such as /proc/sys and /proc/sysrq-trigger) that a container can abuse to affect the node; an Unmasked procMount exposes them.',
    remediation: `${PROC_MOUNT_REMEDIATION}\n\nAn Unmasked /proc is accepted by the baseline level (v1.35+) only for pods with \`hostUsers: false\`.`,
    references: { pss: '/proc Mount Type' },
    aliases: { trivy: ['KSV027', 'AVD-KSV-0027'], kubeLinter: ['unsafe-proc-mount'] },
    controls: ['pss:baseline:procMount'],
  },
  versions: [
    { minimumMinor: 0, check: checkDefaultProcMount },
    { minimumMinor: 35, check: exemptingUserNamespaces(checkDefaultProcMount) },
  ],
});
