import { asRecord } from '../../../../parsers/kubernetes/values.js';
import { containersOf, type PodTemplate } from '../../../../parsers/kubernetes/workloads.js';
import type { JsonPath } from '../../../../core/fix.js';
import { definePssRule, type KubernetesRuleContext } from '../rule.js';
import { containerSecurityContext, containerSecurityContextPath, podSecurityContext, podSecurityContextPath } from './helpers.js';

/**
 * Mirrors pod-security-admission policy/check_seLinuxOptions.go (check ID `seLinuxOptions`, baseline,
 * v1.0 and v1.31).
 *
 * Restricted fields: spec.securityContext.seLinuxOptions.type,
 *   spec.{containers,initContainers,ephemeralContainers}[*].securityContext.seLinuxOptions.type
 * Allowed values: undefined/empty, container_t, container_init_t, container_kvm_t,
 *   and from v1.31 container_engine_t
 *
 * Restricted fields: the same `seLinuxOptions.user` and `seLinuxOptions.role`
 * Allowed values: undefined/empty
 */
const TYPES_1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
const TYPES_1_31 = [...TYPES_1_0, 'container_engine_t'];

function checkWith(allowedTypes: ReadonlySet<string>) {
  return (pod: PodTemplate, context: KubernetesRuleContext): void => {
    const inspect = (options: Record<string, unknown> | undefined, base: JsonPath, who: string): void => {
      if (!options) return;
      const type = options.type ?? '';
      if (typeof type !== 'string' || !allowedTypes.has(type)) {
        context.report({ path: [...base, 'type'], message: `${who} must not set securityContext.seLinuxOptions.type to ${JSON.stringify(type)}` });
      }
      for (const field of ['user', 'role'] as const) {
        const value = options[field];
        if (value === undefined || value === null || value === '') continue;
        context.report({ path: [...base, field], message: `${who} must not set securityContext.seLinuxOptions.${field} (${JSON.stringify(value)})` });
      }
    };
    inspect(asRecord(podSecurityContext(pod)?.seLinuxOptions), podSecurityContextPath(pod, 'seLinuxOptions'), 'pod');
    for (const ref of containersOf(pod)) {
      inspect(
        asRecord(containerSecurityContext(ref)?.seLinuxOptions),
        containerSecurityContextPath(ref, 'seLinuxOptions'),
        `container "${ref.name}"`,
      );
    }
  };
}

export const seLinuxOptions = definePssRule({
  level: 'baseline',
  meta: {
    id: 'k8s/pss-selinux-options',
    title: 'Custom SELinux user, role or type',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'SELinux confines containers with the container_t type; a custom type such as spc_t or unconfined_t, or a custom user or role, switches that confinement off.',
    remediation:
      'Remove `seLinuxOptions.user` and `seLinuxOptions.role`, and use only a container type (or leave `type` unset):\n\n```yaml\nsecurityContext:\n  seLinuxOptions:\n    level: "s0:c123,c456"\n```',
    references: { pss: 'SELinux' },
    aliases: { trivy: ['KSV025', 'AVD-KSV-0025'] },
    controls: ['pss:baseline:seLinuxOptions'],
  },
  versions: [
    { minimumMinor: 0, check: checkWith(new Set(TYPES_1_0)) },
    { minimumMinor: 31, check: checkWith(new Set(TYPES_1_31)) },
  ],
});
