import { asArray, asRecord } from '../../../../parsers/kubernetes/values.js';
import type { PodTemplate } from '../../../../parsers/kubernetes/workloads.js';
import { definePssRule, type KubernetesRuleContext } from '../rule.js';
import { podSecurityContext, podSecurityContextPath } from './helpers.js';

/**
 * Mirrors pod-security-admission policy/check_sysctls.go (check ID `sysctls`, baseline; versions
 * v1.0, v1.27, v1.29, v1.32, v1.37).
 *
 * Restricted fields: spec.securityContext.sysctls[*].name
 * Allowed values:
 *   v1.0:  kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies,
 *          net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start
 *   v1.27: + net.ipv4.ip_local_reserved_ports
 *   v1.29: + net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl,
 *          net.ipv4.tcp_keepalive_probes
 *   v1.32: + net.ipv4.tcp_rmem, net.ipv4.tcp_wmem
 *   v1.37: + net.ipv4.tcp_slow_start_after_idle, net.ipv4.tcp_notsent_lowat
 */
const ALLOWED_1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const ALLOWED_1_27 = [...ALLOWED_1_0, 'net.ipv4.ip_local_reserved_ports'];
const ALLOWED_1_29 = [
  ...ALLOWED_1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const ALLOWED_1_32 = [...ALLOWED_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const ALLOWED_1_37 = [...ALLOWED_1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

function allowing(names: readonly string[]) {
  const allowed: ReadonlySet<unknown> = new Set(names);
  return (pod: PodTemplate, context: KubernetesRuleContext): void => {
    asArray(podSecurityContext(pod)?.sysctls).forEach((value, index) => {
      const name = asRecord(value)?.name;
      if (allowed.has(name)) return;
      context.report({
        path: podSecurityContextPath(pod, 'sysctls', index, 'name'),
        message: `pod must not set sysctl ${JSON.stringify(name ?? '')}: it is not in the safe set`,
      });
    });
  };
}

export const sysctls = definePssRule({
  level: 'baseline',
  meta: {
    id: 'k8s/pss-sysctls',
    title: 'Unsafe sysctl',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'Sysctls outside the safe set are not isolated per pod: they can disable security mechanisms or change kernel behaviour for every container on the node.',
    remediation:
      'Set only namespaced, safe sysctls (such as `net.ipv4.ip_local_port_range`) in `securityContext.sysctls`; tune node-wide kernel parameters on the node instead:\n\n```yaml\nsecurityContext:\n  sysctls:\n    - name: net.ipv4.ip_local_port_range\n      value: "1024 65535"\n```',
    references: { pss: 'Sysctls' },
    aliases: { trivy: ['KSV026', 'AVD-KSV-0026'], kubeLinter: ['unsafe-sysctls'] },
    controls: ['pss:baseline:sysctls'],
  },
  versions: [
    { minimumMinor: 0, check: allowing(ALLOWED_1_0) },
    { minimumMinor: 27, check: allowing(ALLOWED_1_27) },
    { minimumMinor: 29, check: allowing(ALLOWED_1_29) },
    { minimumMinor: 32, check: allowing(ALLOWED_1_32) },
    { minimumMinor: 37, check: allowing(ALLOWED_1_37) },
  ],
});
