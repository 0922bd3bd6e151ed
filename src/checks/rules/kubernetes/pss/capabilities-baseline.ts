import { asArray, asRecord } from '../../../../parsers/kubernetes/values.js';
import { containersOf } from '../../../../parsers/kubernetes/workloads.js';
import { definePssRule } from '../rule.js';
import { containerSecurityContext, containerSecurityContextPath } from './helpers.js';

/**
 * Mirrors pod-security-admission policy/check_capabilities_baseline.go (check ID
 * `capabilities_baseline`, baseline, v1.0).
 *
 * Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].securityContext.capabilities.add
 * Allowed values: undefined/empty, AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD,
 * NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT (compared exactly, so `CAP_CHOWN` is not allowed)
 */
export const BASELINE_ALLOWED_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

export const capabilitiesBaseline = definePssRule({
  level: 'baseline',
  meta: {
    id: 'k8s/pss-capabilities-baseline',
    title: 'Capability added beyond the default set',
    severity: 'high',
    target: 'kubernetes',
    rationale:
      'Capabilities outside the container runtime default set (such as NET_RAW, SYS_ADMIN, SYS_PTRACE, NET_ADMIN) give a container powers that are commonly used to escape to, or attack, the node and its neighbours.',
    remediation:
      'Add only capabilities from the default set, and prefer dropping all:\n\n```yaml\nsecurityContext:\n  capabilities:\n    drop: ["ALL"]\n    add: ["NET_BIND_SERVICE"]\n```',
    references: { pss: 'Capabilities', cis: ['CIS Kubernetes 5.2.9'], nsa: 'Pod security: non-root and unprivileged containers' },
    aliases: { trivy: ['KSV022', 'AVD-KSV-0022'] },
    controls: ['pss:baseline:capabilities_baseline'],
  },
  versions: [
    {
      minimumMinor: 0,
      check(pod, context) {
        for (const ref of containersOf(pod)) {
          asArray(asRecord(containerSecurityContext(ref)?.capabilities)?.add).forEach((capability, index) => {
            if (typeof capability === 'string' && BASELINE_ALLOWED_CAPABILITIES.has(capability)) return;
            context.report({
              path: containerSecurityContextPath(ref, 'capabilities', 'add', index),
              message: `container "${ref.name}" must not include ${JSON.stringify(capability)} in securityContext.capabilities.add`,
            });
          });
        }
      },
    },
  ],
});
