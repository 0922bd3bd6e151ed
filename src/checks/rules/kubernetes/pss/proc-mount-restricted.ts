import { definePssRule } from '../rule.js';
import { checkDefaultProcMount, PROC_MOUNT_REMEDIATION, procMount } from './proc-mount.js';

/**
 * Mirrors pod-security-admission policy/check_procMount_restricted.go (check ID `procMount_restricted`,
 * restricted, v1.35, overriding `procMount`): the restricted level keeps the unconditional check
 * that baseline relaxed for `hostUsers: false` pods in v1.35.
 *
 * Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].securityContext.procMount
 * Allowed values: undefined/null, "Default"
 */
export const procMountRestricted = definePssRule({
  level: 'restricted',
  meta: {
    id: 'k8s/pss-proc-mount-restricted',
    title: 'Unmasked /proc mount (restricted, including user-namespace pods)',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'The restricted level requires the default masked /proc even for pods in a user namespace (`hostUsers: false`), which the baseline level lets use an Unmasked /proc.',
    remediation: PROC_MOUNT_REMEDIATION,
    references: { pss: '/proc Mount Type' },
    aliases: { trivy: ['KSV027', 'AVD-KSV-0027'], kubeLinter: ['unsafe-proc-mount'] },
    controls: ['pss:restricted:procMount_restricted'],
  },
  versions: [{ minimumMinor: 35, check: checkDefaultProcMount, overrides: [procMount.meta.id] }],
});
