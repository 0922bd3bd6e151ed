import { control } from './define.js';
import type { ControlDefinition, FrameworkDefinition } from './types.js';

const baseline = (id: string, title: string, description: string, rule: string): ControlDefinition =>
  control('baseline', `baseline/${id}`, title, description, { rules: [rule], level: 'baseline' });
const restricted = (id: string, title: string, description: string, rule: string): ControlDefinition =>
  control('restricted', `restricted/${id}`, title, description, { rules: [rule], level: 'restricted' });

/**
 * Pod Security Standards: every control of both levels, with the check IDs of pod-security-admission. The restricted
 * level includes the baseline controls; a scan at `--pss-level baseline` does not run the restricted ones, so they are
 * not applicable to its report.
 */
export const PSS_FRAMEWORK: FrameworkDefinition = {
  id: 'pss',
  name: 'Pod Security Standards',
  version: 'latest (as pod-security-admission; --pss-version selects an older one)',
  url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
  sections: [
    { id: 'baseline', title: 'Baseline: prevents known privilege escalations' },
    { id: 'restricted', title: 'Restricted: current pod hardening practice (includes baseline)' },
  ],
  controls: [
    baseline('windowsHostProcess', 'HostProcess', 'Windows pods do not run HostProcess containers, which have host access.', 'k8s/pss-windows-host-process'),
    baseline('hostNamespaces', 'Host namespaces', 'Pods do not share the host network, PID or IPC namespace.', 'k8s/pss-host-namespaces'),
    baseline('privileged', 'Privileged containers', 'No container runs privileged.', 'k8s/pss-privileged'),
    baseline('capabilities_baseline', 'Capabilities', 'Containers add no Linux capability beyond the runtime\'s default set.', 'k8s/pss-capabilities-baseline'),
    baseline('hostPathVolumes', 'HostPath volumes', 'Pods mount no hostPath volume.', 'k8s/pss-host-path-volumes'),
    baseline('hostPorts', 'Host ports', 'Containers bind no host port (or only a known list).', 'k8s/pss-host-ports'),
    baseline('hostProbesAndHostLifecycle', 'Host probes and lifecycle hooks', 'Probes and lifecycle handlers do not name another host.', 'k8s/pss-host-probes-and-host-lifecycle'),
    baseline('appArmorProfile', 'AppArmor', 'The AppArmor profile is not turned off or set to an arbitrary one.', 'k8s/pss-apparmor-profile'),
    baseline('seLinuxOptions', 'SELinux', 'No custom SELinux user or role, and only the container SELinux types.', 'k8s/pss-selinux-options'),
    baseline('procMount', '/proc mount type', 'The default masked /proc is kept.', 'k8s/pss-proc-mount'),
    baseline('seccompProfile_baseline', 'Seccomp', 'Seccomp is not explicitly set to Unconfined.', 'k8s/pss-seccomp-profile-baseline'),
    baseline('sysctls', 'Sysctls', 'Only sysctls that are namespaced and isolated from the node are set.', 'k8s/pss-sysctls'),
    restricted('restrictedVolumes', 'Volume types', 'Only volume types that carry no host access (configMap, secret, emptyDir, projected, persistent volume claims and the like).', 'k8s/pss-restricted-volumes'),
    restricted('allowPrivilegeEscalation', 'Privilege escalation', 'Containers set allowPrivilegeEscalation: false.', 'k8s/pss-allow-privilege-escalation'),
    restricted('runAsNonRoot', 'Running as non-root', 'Containers must run as a non-root user (runAsNonRoot: true).', 'k8s/pss-run-as-non-root'),
    restricted('runAsUser', 'Running as non-root user', 'No container sets runAsUser to 0.', 'k8s/pss-run-as-user'),
    restricted('seccompProfile_restricted', 'Seccomp (restricted)', 'Seccomp is explicitly RuntimeDefault or Localhost.', 'k8s/pss-seccomp-profile-restricted'),
    restricted('capabilities_restricted', 'Capabilities (restricted)', 'Containers drop ALL capabilities and add back at most NET_BIND_SERVICE.', 'k8s/pss-capabilities-restricted'),
    restricted('procMount_restricted', '/proc mount type (restricted)', 'The default masked /proc is kept, pods in user namespaces included.', 'k8s/pss-proc-mount-restricted'),
  ],
};
