import { BASELINE_ALLOWED_CAPABILITIES } from '../../checks/rules/kubernetes/pss/capabilities-baseline.js';
import { CONTAINER_SECCOMP_ANNOTATION_PREFIX, POD_SECCOMP_ANNOTATION } from '../../checks/rules/kubernetes/pss/seccomp-profile-baseline.js';
import type { PssVersion } from '../../core/settings.js';
import {
  ANNOTATIONS,
  CONTAINER,
  CONTAINERS,
  concat,
  each,
  eachJoined,
  IN_USER_NAMESPACE,
  IS_WINDOWS,
  lit,
  msg,
  quoted,
  SPEC,
  stringList,
  unless,
  when,
} from './cel.js';
import type { CelRule, RuleCel } from './types.js';

/**
 * The Pod Security Standards rules (checks/rules/kubernetes/pss/) as CEL, version by version like the rules
 * themselves: each function below mirrors the check of the same rule, field for field and message for message.
 * `test/policy-export-apiserver.test.ts` holds them to the rules' own verdicts in a real API server.
 */

const POD_SC = `${SPEC}.?securityContext`;
const podRule = (messages: string): RuleCel => ({ match: 'pod-templates', messages });
const since = (version: PssVersion, minor: number): boolean => version.minor >= minor;

const windowsHostProcess: CelRule = {
  id: 'k8s/pss-windows-host-process',
  cel: () =>
    podRule(concat(
      when(`${POD_SC}.?windowsOptions.?hostProcess.orValue(false) == true`, lit('pod must not set securityContext.windowsOptions.hostProcess=true')),
      each(CONTAINERS, 'c', 'c.?securityContext.?windowsOptions.?hostProcess.orValue(false) == true', msg`${CONTAINER()} must not set securityContext.windowsOptions.hostProcess=true`),
    )),
};

const hostNamespaces: CelRule = {
  id: 'k8s/pss-host-namespaces',
  cel: () =>
    podRule(concat(...['hostNetwork', 'hostPID', 'hostIPC'].map((field) => when(`${SPEC}.?${field}.orValue(false) == true`, lit(`pod must not set ${field}=true`))))),
};

const privileged: CelRule = {
  id: 'k8s/pss-privileged',
  cel: () => podRule(each(CONTAINERS, 'c', 'c.?securityContext.?privileged.orValue(false) == true', msg`${CONTAINER()} runs privileged`)),
};

const addedCapabilities = (container: string) => `${container}.?securityContext.?capabilities.?add.orValue([])`;
const capabilityMessage = msg`${CONTAINER()} must not include ${quoted('a')} in securityContext.capabilities.add`;

const capabilitiesBaseline: CelRule = {
  id: 'k8s/pss-capabilities-baseline',
  cel: () =>
    podRule(eachJoined(CONTAINERS, 'c', each(addedCapabilities('c'), 'a', `!(a in ${stringList(BASELINE_ALLOWED_CAPABILITIES)})`, capabilityMessage))),
};

const hostPathVolumes: CelRule = {
  id: 'k8s/pss-host-path-volumes',
  cel: () =>
    podRule(each(
      `${SPEC}.?volumes.orValue([])`,
      'v',
      'has(v.hostPath)',
      msg`volume "${'v.name'}" must not use hostPath${`v.hostPath.?path.orValue('') == '' ? '' : ' (' + ${quoted('v.hostPath.path')} + ')'`}`,
    )),
};

const hostPorts: CelRule = {
  id: 'k8s/pss-host-ports',
  cel: () =>
    podRule(eachJoined(CONTAINERS, 'c', each("c.?ports.orValue([])", 'p', "p.?hostPort.orValue(0) != 0", msg`${CONTAINER()} must not use hostPort ${'string(p.hostPort)'}`))),
};

const PROBE_HANDLERS = [['livenessProbe'], ['readinessProbe'], ['startupProbe'], ['lifecycle', 'postStart'], ['lifecycle', 'preStop']];

const hostProbesAndHostLifecycle: CelRule = {
  id: 'k8s/pss-host-probes-and-host-lifecycle',
  cel: ({ version }) => {
    if (!since(version, 34)) return undefined;
    const checks = PROBE_HANDLERS.flatMap((handler) =>
      ['httpGet', 'tcpSocket'].map((action) => {
        const field = [...handler, action].join('.');
        const host = `c.?${[...handler, action, 'host'].join('.?')}.orValue('')`;
        return `${host} == '' ? '' : ${msg`${CONTAINER()} must not set ${lit(`${field}.host`)} (${quoted(host)})`}`;
      }),
    );
    return podRule(eachJoined(CONTAINERS, 'c', `[${checks.join(', ')}].filter(m, m != '')`));
  },
};

const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const APPARMOR_TYPES = stringList(['RuntimeDefault', 'Localhost']);

const appArmorProfile: CelRule = {
  id: 'k8s/pss-apparmor-profile',
  cel: () =>
    podRule(concat(
      when(
        `${POD_SC}.?appArmorProfile.hasValue() && !(${POD_SC}.?appArmorProfile.?type.orValue('') in ${APPARMOR_TYPES})`,
        msg`pod must not set AppArmor profile type to ${quoted(`${POD_SC}.?appArmorProfile.?type.orValue('')`)}`,
      ),
      each(
        CONTAINERS,
        'c',
        `c.?securityContext.?appArmorProfile.hasValue() && !(c.securityContext.appArmorProfile.?type.orValue('') in ${APPARMOR_TYPES})`,
        msg`${CONTAINER()} must not set AppArmor profile type to ${quoted("c.securityContext.appArmorProfile.?type.orValue('')")}`,
      ),
      // Map keys come in no defined order: with several forbidden annotations, the messages may be ordered differently.
      each(
        ANNOTATIONS,
        'k',
        `k.startsWith(${lit(APPARMOR_PREFIX)}) && !(${ANNOTATIONS}[k] == '' || ${ANNOTATIONS}[k] == 'runtime/default' || ${ANNOTATIONS}[k].startsWith('localhost/'))`,
        msg`annotation ${'k'}=${quoted(`${ANNOTATIONS}[k]`)} sets a forbidden AppArmor profile`,
      ),
    )),
};

const SELINUX_TYPES_1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
const SELINUX_TYPES_1_31 = [...SELINUX_TYPES_1_0, 'container_engine_t'];

function seLinuxMessages(options: string, who: string, allowed: string): string {
  const type = `${options}.?type.orValue('')`;
  return concat(
    when(`!(${type} in ${allowed})`, msg`${who} must not set securityContext.seLinuxOptions.type to ${quoted(type)}`),
    ...['user', 'role'].map((field) =>
      when(`${options}.?${field}.orValue('') != ''`, msg`${who} must not set securityContext.seLinuxOptions.${lit(field)} (${quoted(`${options}.${field}`)})`),
    ),
  );
}

const seLinuxOptions: CelRule = {
  id: 'k8s/pss-selinux-options',
  cel: ({ version }) => {
    const allowed = stringList(since(version, 31) ? SELINUX_TYPES_1_31 : SELINUX_TYPES_1_0);
    return podRule(concat(
      `(${POD_SC}.?seLinuxOptions.hasValue() ? ${seLinuxMessages(`${SPEC}.securityContext.seLinuxOptions`, lit('pod'), allowed)} : [])`,
      eachJoined(
        CONTAINERS,
        'c',
        `c.?securityContext.?seLinuxOptions.hasValue() ? ${seLinuxMessages('c.securityContext.seLinuxOptions', CONTAINER(), allowed)} : []`,
      ),
    ));
  },
};

const defaultProcMount = each(
  CONTAINERS,
  'c',
  "c.?securityContext.?procMount.orValue('Default') != 'Default'",
  msg`${CONTAINER()} must not set securityContext.procMount to ${quoted('c.securityContext.procMount')}`,
);

const procMount: CelRule = {
  id: 'k8s/pss-proc-mount',
  cel: ({ version }) => podRule(since(version, 35) ? unless(IN_USER_NAMESPACE, defaultProcMount) : defaultProcMount),
};

const procMountRestricted: CelRule = {
  id: 'k8s/pss-proc-mount-restricted',
  cel: ({ version, overridden }) => {
    if (!since(version, 35)) return undefined;
    // What baseline leaves out (pods in a user namespace) is all this rule adds while baseline reports the rest.
    return podRule(overridden.has(procMount.id) ? `(${IN_USER_NAMESPACE} ? ${defaultProcMount} : [])` : defaultProcMount);
  },
};

const SECCOMP_TYPES = stringList(['RuntimeDefault', 'Localhost']);
const validSeccompAnnotation = (value: string) => `(${value} == 'runtime/default' || ${value} == 'docker/default' || ${value}.startsWith('localhost/'))`;
const podSeccompInvalid = `${POD_SC}.?seccompProfile.hasValue() && !(${SPEC}.securityContext.seccompProfile.?type.orValue('') in ${SECCOMP_TYPES})`;
const podSeccompMessage = msg`pod must not set securityContext.seccompProfile.type to ${quoted(`${SPEC}.securityContext.seccompProfile.?type.orValue('')`)}`;
const containerSeccompInvalid = `c.?securityContext.?seccompProfile.hasValue() && !(c.securityContext.seccompProfile.?type.orValue('') in ${SECCOMP_TYPES})`;
const containerSeccompMessage = msg`${CONTAINER()} must not set securityContext.seccompProfile.type to ${quoted("c.securityContext.seccompProfile.?type.orValue('')")}`;

const seccompProfileBaseline: CelRule = {
  id: 'k8s/pss-seccomp-profile-baseline',
  cel: ({ version }) => {
    if (since(version, 19)) {
      return podRule(concat(when(podSeccompInvalid, podSeccompMessage), each(CONTAINERS, 'c', containerSeccompInvalid, containerSeccompMessage)));
    }
    const keys = `([${lit(POD_SECCOMP_ANNOTATION)}] + ${CONTAINERS}.map(c, ${lit(CONTAINER_SECCOMP_ANNOTATION_PREFIX)} + c.name))`;
    return podRule(each(keys, 'k', `k in ${ANNOTATIONS} && !${validSeccompAnnotation(`${ANNOTATIONS}[k]`)}`, msg`forbidden annotation ${'k'}=${quoted(`${ANNOTATIONS}[k]`)}`));
  },
};

const seccompProfileRestricted: CelRule = {
  id: 'k8s/pss-seccomp-profile-restricted',
  cel: ({ version, overridden }) => {
    if (!since(version, 19)) return undefined;
    // Invalid types are the baseline rule's findings (same fields) while it is exported; unset ones are this rule's.
    const reportInvalid = !overridden.has(seccompProfileBaseline.id);
    const podSet = `(${POD_SC}.?seccompProfile.hasValue() && ${SPEC}.securityContext.seccompProfile.?type.orValue('') in ${SECCOMP_TYPES})`;
    const unset = msg`pod or ${CONTAINER()} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`;
    const messages = concat(
      ...(reportInvalid ? [when(podSeccompInvalid, podSeccompMessage)] : []),
      each(
        CONTAINERS,
        'c',
        reportInvalid ? `${containerSeccompInvalid} || (!c.?securityContext.?seccompProfile.hasValue() && !${podSet})` : `!c.?securityContext.?seccompProfile.hasValue() && !${podSet}`,
        reportInvalid ? `c.?securityContext.?seccompProfile.hasValue() ? ${containerSeccompMessage} : ${unset}` : unset,
      ),
    );
    return podRule(since(version, 25) ? unless(IS_WINDOWS, messages) : messages);
  },
};

const SYSCTLS_1_0 = ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'];
const SYSCTLS_1_27 = [...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports'];
const SYSCTLS_1_29 = [...SYSCTLS_1_27, 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'];
const SYSCTLS_1_32 = [...SYSCTLS_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const SYSCTLS_1_37 = [...SYSCTLS_1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

function allowedSysctls(version: PssVersion): string[] {
  if (since(version, 37)) return SYSCTLS_1_37;
  if (since(version, 32)) return SYSCTLS_1_32;
  if (since(version, 29)) return SYSCTLS_1_29;
  if (since(version, 27)) return SYSCTLS_1_27;
  return SYSCTLS_1_0;
}

const sysctls: CelRule = {
  id: 'k8s/pss-sysctls',
  cel: ({ version }) =>
    podRule(each(
      `${POD_SC}.?sysctls.orValue([])`,
      's',
      `!(s.?name.orValue('') in ${stringList(allowedSysctls(version))})`,
      msg`pod must not set sysctl ${quoted("s.?name.orValue('')")}: it is not in the safe set`,
    )),
};

const RESTRICTED_VOLUME_SOURCES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];

const restrictedVolumes: CelRule = {
  id: 'k8s/pss-restricted-volumes',
  cel: ({ overridden }) => {
    const leftOut = overridden.has(hostPathVolumes.id) ? ['name', 'hostPath'] : ['name'];
    return podRule(eachJoined(
      `${SPEC}.?volumes.orValue([])`,
      'v',
      `v.exists(k, k in ${stringList(RESTRICTED_VOLUME_SOURCES)}) ? [] : ${each('v', 'k', `!(k in ${stringList(leftOut)})`, msg`volume "${'v.name'}" uses restricted volume type "${'k'}"`)}`,
    ));
  },
};

const escalation = each(
  CONTAINERS,
  'c',
  'c.?securityContext.?allowPrivilegeEscalation.orValue(true) != false',
  msg`${CONTAINER()} must set securityContext.allowPrivilegeEscalation=false`,
);

const allowPrivilegeEscalation: CelRule = {
  id: 'k8s/pss-allow-privilege-escalation',
  cel: ({ version }) => (since(version, 8) ? podRule(since(version, 25) ? unless(IS_WINDOWS, escalation) : escalation) : undefined),
};

const nonRoot = concat(
  when(`${POD_SC}.?runAsNonRoot.orValue(null) == false`, lit('pod must not set securityContext.runAsNonRoot=false')),
  each(
    CONTAINERS,
    'c',
    `!(c.?securityContext.?runAsNonRoot.orValue(null) == true || (${POD_SC}.?runAsNonRoot.orValue(null) == true && !c.?securityContext.?runAsNonRoot.hasValue()))`,
    `c.?securityContext.?runAsNonRoot.orValue(null) == false ? ${msg`${CONTAINER()} must not set securityContext.runAsNonRoot=false`} : ${msg`pod or ${CONTAINER()} must set securityContext.runAsNonRoot=true`}`,
  ),
);

const runAsNonRoot: CelRule = {
  id: 'k8s/pss-run-as-non-root',
  cel: ({ version }) => podRule(since(version, 35) ? unless(IN_USER_NAMESPACE, nonRoot) : nonRoot),
};

const rootUser = concat(
  when(`${POD_SC}.?runAsUser.orValue(-1) == 0`, lit('pod must not set securityContext.runAsUser=0')),
  each(CONTAINERS, 'c', 'c.?securityContext.?runAsUser.orValue(-1) == 0', msg`${CONTAINER()} must not set securityContext.runAsUser=0`),
);

const runAsUser: CelRule = {
  id: 'k8s/pss-run-as-user',
  cel: ({ version }) => (since(version, 23) ? podRule(since(version, 35) ? unless(IN_USER_NAMESPACE, rootUser) : rootUser) : undefined),
};

const capabilitiesRestricted: CelRule = {
  id: 'k8s/pss-capabilities-restricted',
  cel: ({ version, overridden }) => {
    if (!since(version, 22)) return undefined;
    // Additions outside the baseline set are the baseline rule's findings (same fields) while it is exported.
    const reported = overridden.has(capabilitiesBaseline.id) ? `a != 'NET_BIND_SERVICE' && a in ${stringList(BASELINE_ALLOWED_CAPABILITIES)}` : "a != 'NET_BIND_SERVICE'";
    const messages = eachJoined(
      CONTAINERS,
      'c',
      concat(
        when(`!('ALL' in c.?securityContext.?capabilities.?drop.orValue([]))`, msg`${CONTAINER()} must set securityContext.capabilities.drop=["ALL"]`),
        each(addedCapabilities('c'), 'a', reported, capabilityMessage),
      ),
    );
    return podRule(since(version, 25) ? unless(IS_WINDOWS, messages) : messages);
  },
};

/** In pod-security-admission's registration order, like `pssRules`. */
export const PSS_CEL_RULES: readonly CelRule[] = [
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

