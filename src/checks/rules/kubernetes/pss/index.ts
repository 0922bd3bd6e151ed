import type { KubernetesRule } from '../rule.js';
import { allowPrivilegeEscalation } from './allow-privilege-escalation.js';
import { appArmorProfile } from './apparmor-profile.js';
import { capabilitiesBaseline } from './capabilities-baseline.js';
import { capabilitiesRestricted } from './capabilities-restricted.js';
import { hostNamespaces } from './host-namespaces.js';
import { hostPathVolumes } from './host-path-volumes.js';
import { hostPorts } from './host-ports.js';
import { hostProbesAndHostLifecycle } from './host-probes-and-host-lifecycle.js';
import { privileged } from './privileged.js';
import { procMount } from './proc-mount.js';
import { procMountRestricted } from './proc-mount-restricted.js';
import { restrictedVolumes } from './restricted-volumes.js';
import { runAsNonRoot } from './run-as-non-root.js';
import { runAsUser } from './run-as-user.js';
import { seccompProfileBaseline } from './seccomp-profile-baseline.js';
import { seccompProfileRestricted } from './seccomp-profile-restricted.js';
import { seLinuxOptions } from './selinux-options.js';
import { sysctls } from './sysctls.js';
import { windowsHostProcess } from './windows-host-process.js';

/** Pod Security Standards checks, baseline then restricted, as pod-security-admission registers them. */
export const pssRules: KubernetesRule[] = [
  windowsHostProcess,
  hostNamespaces,
  privileged,
  capabilitiesBaseline,
  hostPathVolumes,
  hostPorts,
  hostProbesAndHostLifecycle,
  appArmorProfile,
  seLinuxOptions,
  procMount,
  seccompProfileBaseline,
  sysctls,
  restrictedVolumes,
  allowPrivilegeEscalation,
  runAsNonRoot,
  runAsUser,
  seccompProfileRestricted,
  capabilitiesRestricted,
  procMountRestricted,
];
