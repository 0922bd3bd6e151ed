import { defineWorkloadRule } from '../rule.js';
import { describeMounters, reportHostPaths } from './host-paths.js';
import { isRuntimeSocketPath } from './runtime-sockets.js';

/** Host directories whose contents amount to node takeover or cluster credentials. */
const SENSITIVE_PATHS: ReadonlySet<string> = new Set([
  '/', '/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/lib64', '/proc', '/root', '/run', '/sbin', '/sys', '/usr', '/var',
  '/var/lib', '/var/run', '/var/lib/docker', '/var/lib/containerd', '/var/lib/kubelet', '/var/lib/etcd', '/etc/kubernetes',
  '/etc/shadow', '/etc/sudoers',
]);

/** Subtrees that hold credentials throughout (kubeconfigs, PKI, etcd data, root's keys). */
const SENSITIVE_PREFIXES: readonly string[] = ['/etc/kubernetes/', '/var/lib/etcd/', '/var/lib/kubelet/pki/', '/root/'];

function isSensitive(hostPath: string): boolean {
  if (isRuntimeSocketPath(hostPath)) return false; // k8s/runtime-socket-mount reports these, as critical
  return SENSITIVE_PATHS.has(hostPath) || SENSITIVE_PREFIXES.some((prefix) => hostPath.startsWith(prefix));
}

export const hostPathSensitive = defineWorkloadRule({
  meta: {
    id: 'k8s/host-path-sensitive',
    title: 'Sensitive host directory mounted',
    severity: 'high',
    target: 'kubernetes',
    rationale:
      'Mounting the host root, /etc, /proc, /sys, /dev, /var/run, kubelet or etcd state, or /root exposes node credentials ' +
      '(kubelet and admin kubeconfigs, PKI keys, /etc/shadow), other pods\' secrets and volumes, host process environments, ' +
      'or device nodes; writable, it is a direct path to root on the node. Reported even when mounted read-only, since ' +
      'reading these is already a compromise. Matches exact directories (and credential subtrees), so narrow mounts such as ' +
      '/etc/ssl/certs or /var/log are not reported; runtime sockets are left to k8s/runtime-socket-mount.',
    remediation:
      'Mount only the narrow path the workload needs, read-only, or replace the hostPath with a ConfigMap, Secret, ' +
      'emptyDir or CSI volume:\n\n```yaml\nvolumes:\n  - name: certs\n    hostPath: {path: /etc/ssl/certs, type: Directory}\n```',
    references: { pss: 'HostPath Volumes', nsa: 'Kubernetes Pod security: pod security enforcement' },
    aliases: { trivy: ['KSV121', 'AVD-KSV-0121'], kubeLinter: ['sensitive-host-mounts'] },
  },
  check(pod, context) {
    reportHostPaths(pod, isSensitive, (path, hostPath, mounts) => {
      context.report({ path, message: `hostPath ${hostPath} exposes a sensitive host directory${describeMounters(mounts)}` });
    });
  },
});
