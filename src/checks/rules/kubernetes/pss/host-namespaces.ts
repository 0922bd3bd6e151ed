import { definePssRule } from '../rule.js';

/**
 * Mirrors pod-security-admission policy/check_hostNamespaces.go (check ID `hostNamespaces`, baseline, v1.0).
 *
 * Restricted fields: spec.hostNetwork, spec.hostPID, spec.hostIPC
 * Allowed values: undefined, false
 */
const NAMESPACE_FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

export const hostNamespaces = definePssRule({
  level: 'baseline',
  meta: {
    id: 'k8s/pss-host-namespaces',
    title: 'Host namespaces shared with the pod',
    severity: 'critical',
    target: 'kubernetes',
    rationale:
      "Sharing the host's network, PID or IPC namespace lets the pod sniff and reach node-local traffic and services, see and signal every process on the node, and read host shared memory.",
    remediation:
      'Remove `hostNetwork`, `hostPID` and `hostIPC` from the pod spec, or set them to false, and reach node services through a Service or the downward API:\n\n```yaml\nspec:\n  hostNetwork: false\n  hostPID: false\n  hostIPC: false\n```',
    references: { pss: 'Host Namespaces', cis: ['CIS Kubernetes 5.2.3', 'CIS Kubernetes 5.2.4', 'CIS Kubernetes 5.2.5'], nsa: 'Pod security: pod security enforcement' },
    aliases: {
      trivy: ['KSV008', 'AVD-KSV-0008', 'KSV009', 'AVD-KSV-0009', 'KSV010', 'AVD-KSV-0010'],
      checkov: ['CKV_K8S_17', 'CKV_K8S_18', 'CKV_K8S_19'],
      kubeLinter: ['host-network', 'host-pid', 'host-ipc'],
      polaris: ['hostNetworkSet', 'hostPIDSet', 'hostIPCSet'],
    },
    controls: ['pss:baseline:hostNamespaces'],
  },
  versions: [
    {
      minimumMinor: 0,
      check(pod, context) {
        for (const field of NAMESPACE_FIELDS) {
          if (pod.spec[field] !== true) continue;
          context.report({ path: [...pod.specPath, field], message: `pod must not set ${field}=true` });
        }
      },
    },
  ],
});
