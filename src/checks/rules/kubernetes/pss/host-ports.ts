import { asArray, asRecord } from '../../../../parsers/kubernetes/values.js';
import { containersOf } from '../../../../parsers/kubernetes/workloads.js';
import { definePssRule } from '../rule.js';

/**
 * Mirrors pod-security-admission policy/check_hostPorts.go (check ID `hostPorts`, baseline, v1.0).
 *
 * Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].ports[*].hostPort
 * Allowed values: undefined, 0
 */
export const hostPorts = definePssRule({
  level: 'baseline',
  meta: {
    id: 'k8s/pss-host-ports',
    title: 'Container binds a host port',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'A hostPort opens the port on the node itself, bypassing Services and NetworkPolicies, and pins the pod to nodes where the port is free.',
    remediation: 'Remove `hostPort` from the container ports and expose the pod through a Service instead:\n\n```yaml\nports:\n  - containerPort: 8080\n```',
    references: { pss: 'Host Ports', cis: ['CIS Kubernetes 5.2.13'] },
    aliases: { trivy: ['KSV024', 'AVD-KSV-0024'], checkov: ['CKV_K8S_26'], polaris: ['hostPortSet'] },
    controls: ['pss:baseline:hostPorts'],
  },
  versions: [
    {
      minimumMinor: 0,
      check(pod, context) {
        for (const ref of containersOf(pod)) {
          asArray(ref.container.ports).forEach((value, index) => {
            const hostPort = asRecord(value)?.hostPort;
            if (!isSetPort(hostPort)) return;
            context.report({
              path: [...ref.path, 'ports', index, 'hostPort'],
              message: `container "${ref.name}" must not use hostPort ${String(hostPort)}`,
            });
          });
        }
      },
    },
  ],
});

function isSetPort(value: unknown): boolean {
  return value !== undefined && value !== null && value !== 0 && value !== '0';
}
