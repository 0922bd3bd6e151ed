import { containersOf } from '../../../../parsers/kubernetes/workloads.js';
import { asRecord } from '../../../../parsers/kubernetes/values.js';
import { definePssRule } from '../rule.js';
import { containerSecurityContext, containerSecurityContextPath, podSecurityContext, podSecurityContextPath } from './helpers.js';

/**
 * Mirrors pod-security-admission policy/check_windowsHostProcess.go (check ID `windowsHostProcess`,
 * baseline, v1.0).
 *
 * Restricted fields:
 *   spec.securityContext.windowsOptions.hostProcess
 *   spec.{containers,initContainers,ephemeralContainers}[*].securityContext.windowsOptions.hostProcess
 * Allowed values: undefined, false
 */
export const windowsHostProcess = definePssRule({
  level: 'baseline',
  meta: {
    id: 'k8s/pss-windows-host-process',
    title: 'Windows HostProcess container',
    severity: 'critical',
    target: 'kubernetes',
    rationale:
      'A Windows HostProcess container runs directly on the host, with access to the host network, filesystem and processes; it is the Windows equivalent of a privileged container.',
    remediation:
      'Remove `hostProcess: true` from the pod and container security contexts (or set it to false); run node-level agents in a namespace exempt from Pod Security admission instead:\n\n```yaml\nsecurityContext:\n  windowsOptions:\n    hostProcess: false\n```',
    references: { pss: 'HostProcess', cis: ['CIS Kubernetes 5.2.11'] },
    aliases: { trivy: ['KSV103', 'AVD-KSV-0103'] },
    controls: ['pss:baseline:windowsHostProcess'],
  },
  versions: [
    {
      minimumMinor: 0,
      check(pod, context) {
        if (asRecord(podSecurityContext(pod)?.windowsOptions)?.hostProcess === true) {
          context.report({
            path: podSecurityContextPath(pod, 'windowsOptions', 'hostProcess'),
            message: 'pod must not set securityContext.windowsOptions.hostProcess=true',
          });
        }
        for (const ref of containersOf(pod)) {
          if (asRecord(containerSecurityContext(ref)?.windowsOptions)?.hostProcess !== true) continue;
          context.report({
            path: containerSecurityContextPath(ref, 'windowsOptions', 'hostProcess'),
            message: `container "${ref.name}" must not set securityContext.windowsOptions.hostProcess=true`,
          });
        }
      },
    },
  ],
});
