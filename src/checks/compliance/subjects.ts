import { WORKLOAD_KINDS } from '../../parsers/kubernetes/workloads.js';
import type { RuleSubject } from './types.js';

const RBAC_KINDS = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];

/**
 * What each Kubernetes rule judges: its silence is evidence only when objects of these kinds were scanned (no
 * finding from a RoleBinding rule says nothing about a scan without RoleBindings). Rules absent here prove
 * something only by their findings: their silence depends on what the report cannot tell (configured registries,
 * whether a service mesh is installed).
 */
const KUBERNETES_SUBJECTS: ReadonlyArray<[readonly string[] | 'any', readonly string[]]> = [
  [
    WORKLOAD_KINDS,
    [
      'k8s/pss-windows-host-process', 'k8s/pss-host-namespaces', 'k8s/pss-privileged', 'k8s/pss-capabilities-baseline', 'k8s/pss-host-path-volumes',
      'k8s/pss-host-ports', 'k8s/pss-host-probes-and-host-lifecycle', 'k8s/pss-apparmor-profile', 'k8s/pss-selinux-options', 'k8s/pss-proc-mount',
      'k8s/pss-seccomp-profile-baseline', 'k8s/pss-sysctls', 'k8s/pss-restricted-volumes', 'k8s/pss-allow-privilege-escalation', 'k8s/pss-run-as-non-root',
      'k8s/pss-run-as-user', 'k8s/pss-seccomp-profile-restricted', 'k8s/pss-capabilities-restricted', 'k8s/pss-proc-mount-restricted',
      'k8s/image-tag-latest', 'k8s/image-no-digest', 'k8s/cpu-requests-missing', 'k8s/memory-requests-missing', 'k8s/memory-limit-missing',
      'k8s/cpu-limit-missing', 'k8s/read-only-root-filesystem', 'k8s/run-as-user-low', 'k8s/run-as-group-low', 'k8s/automount-service-account-token',
      'k8s/default-service-account', 'k8s/runtime-socket-mount', 'k8s/host-path-sensitive', 'k8s/host-path-writable', 'k8s/env-plain-secret',
      'k8s/secret-in-env', 'k8s/netpol-workload-not-selected',
    ],
  ],
  [[...WORKLOAD_KINDS, 'Namespace'], ['k8s/netpol-namespace-no-default-deny-ingress', 'k8s/netpol-namespace-no-default-deny-egress']],
  [['NetworkPolicy'], ['k8s/netpol-allow-all-ingress', 'k8s/netpol-egress-any-address', 'k8s/netpol-data-port-exposed']],
  [['ServiceAccount'], ['k8s/default-service-account-automount']],
  [['Secret'], ['k8s/secret-in-manifest']],
  [['ConfigMap'], ['k8s/configmap-credentials']],
  [['Ingress'], ['k8s/ingress-without-tls']],
  [['EncryptionConfiguration'], ['k8s/encryption-identity-first', 'k8s/encryption-secrets-not-covered', 'k8s/encryption-config-invalid']],
  [['PeerAuthentication'], ['k8s/mesh-peer-authentication-disabled', 'k8s/mesh-peer-authentication-permissive', 'k8s/mesh-no-strict-mtls-policy']],
  [['DestinationRule'], ['k8s/mesh-destination-rule-disables-mtls']],
  [
    RBAC_KINDS,
    [
      'k8s/rbac-cluster-admin-binding', 'k8s/rbac-wildcard', 'k8s/rbac-secrets-read', 'k8s/rbac-create-pods', 'k8s/rbac-pod-exec', 'k8s/rbac-bind-escalate',
      'k8s/rbac-impersonate', 'k8s/rbac-sa-token-create', 'k8s/rbac-nodes-proxy', 'k8s/rbac-csr-approval', 'k8s/rbac-webhook-config', 'k8s/rbac-pv-create',
      'k8s/rbac-default-sa-permissions', 'k8s/rbac-public-subject-binding', 'k8s/rbac-escalation-path',
    ],
  ],
  ['any', ['k8s/default-namespace']],
];

const BY_RULE = new Map<string, RuleSubject>(KUBERNETES_SUBJECTS.flatMap(([kinds, rules]) => rules.map((rule) => [rule, { kinds }] as const)));

// The node rules name their subject: `k8s/node-<component>-...` for a setting, `k8s/node-<file role>-permissions`
// or `-ownership` for a file (file-rules.ts builds them that way).
const NODE_COMPONENTS = [
  ['apiserver-', 'kube-apiserver'],
  ['controller-manager-', 'kube-controller-manager'],
  ['scheduler-', 'kube-scheduler'],
  ['etcd-', 'etcd'],
  ['kubelet-', 'kubelet'],
] as const;

/** What `ruleId` must have had in front of it; undefined when only its findings can show that it judged anything. */
export function subjectOf(ruleId: string): RuleSubject | undefined {
  const known = BY_RULE.get(ruleId);
  if (known) return known;
  const node = /^k8s\/node-(.+)$/.exec(ruleId)?.[1];
  if (!node) return undefined;
  const file = /^(.+)-(permissions|ownership)$/.exec(node)?.[1];
  if (file) return { file };
  const component = NODE_COMPONENTS.find(([prefix]) => node.startsWith(prefix))?.[1];
  return component ? { component } : undefined;
}
