import { control } from './define.js';
import type { FrameworkDefinition } from './types.js';

const RBAC_RULES = [
  'k8s/rbac-cluster-admin-binding', 'k8s/rbac-wildcard', 'k8s/rbac-secrets-read', 'k8s/rbac-create-pods', 'k8s/rbac-pod-exec', 'k8s/rbac-bind-escalate',
  'k8s/rbac-impersonate', 'k8s/rbac-sa-token-create', 'k8s/rbac-nodes-proxy', 'k8s/rbac-csr-approval', 'k8s/rbac-webhook-config', 'k8s/rbac-pv-create',
  'k8s/rbac-default-sa-permissions', 'k8s/rbac-public-subject-binding', 'k8s/rbac-escalation-path',
];

/**
 * NSA/CISA Kubernetes Hardening Guide v1.2 (August 2022). The guide is prose, not a numbered checklist: each control
 * here is one recommendation of a chapter, with a stable Rampart ID, and names the Kubescape control that checks the
 * same thing where there is one.
 */
export const NSA_FRAMEWORK: FrameworkDefinition = {
  id: 'nsa',
  name: 'NSA/CISA Kubernetes Hardening Guide',
  version: 'v1.2 (August 2022)',
  url: 'https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF',
  sections: [
    { id: 'pod', title: 'Kubernetes Pod security' },
    { id: 'network', title: 'Network separation and hardening' },
    { id: 'auth', title: 'Authentication and authorization' },
    { id: 'logging', title: 'Audit logging and threat detection' },
    { id: 'upgrade', title: 'Upgrading and application security practices' },
  ],
  controls: [
    control('pod', 'NSA-POD-1', 'Non-root containers', 'Containers run as a non-root user, so a breakout does not start as root on the node.', {
      rules: ['k8s/pss-run-as-non-root', 'k8s/pss-run-as-user'],
      coverage: 'partial',
      audit: 'The rules judge the pod specs. Images should also declare a non-root USER (rampart scan judges Dockerfiles with docker/user-root, rampart image judges built images with image/user-root); rootless container engines are a node choice to review.',
      seeAlso: ['Kubescape C-0013'],
    }),
    control('pod', 'NSA-POD-2', 'Immutable container file systems', 'Containers run with a read-only root file system and write only to mounted volumes.', {
      rules: ['k8s/read-only-root-filesystem'],
      seeAlso: ['Kubescape C-0017'],
    }),
    control('pod', 'NSA-POD-3', 'Secure container images', 'Images come from trusted registries, are pinned and scanned for vulnerabilities and misconfigurations before they run.', {
      rules: ['k8s/image-tag-latest', 'k8s/image-no-digest', 'k8s/image-registry-not-allowed'],
      coverage: 'partial',
      audit: 'The rules judge the image references of the workloads scanned (registry allow-list only when allowedRegistries is configured). Check that images are scanned in CI (rampart image) and that admission enforces trusted sources and signatures (rampart admission image trust).',
    }),
    control('pod', 'NSA-POD-4', 'No privileged containers', 'No container runs privileged, with every device and capability of the host.', {
      rules: ['k8s/pss-privileged'],
      seeAlso: ['Kubescape C-0057'],
    }),
    control('pod', 'NSA-POD-5', 'No privilege escalation', 'Containers cannot gain more privileges than their process started with (allowPrivilegeEscalation: false).', {
      rules: ['k8s/pss-allow-privilege-escalation'],
      seeAlso: ['Kubescape C-0016'],
    }),
    control('pod', 'NSA-POD-6', 'No host namespaces', 'Pods do not share the host\'s process, IPC or network namespace.', {
      rules: ['k8s/pss-host-namespaces'],
      seeAlso: ['Kubescape C-0038', 'Kubescape C-0041'],
    }),
    control('pod', 'NSA-POD-7', 'No host ports', 'Containers do not bind ports on the node.', { rules: ['k8s/pss-host-ports'], seeAlso: ['Kubescape C-0044'] }),
    control('pod', 'NSA-POD-8', 'No host paths', 'Pods do not mount the node\'s file system, least of all its sensitive directories, writable, or the container runtime socket.', {
      rules: ['k8s/pss-host-path-volumes', 'k8s/host-path-sensitive', 'k8s/host-path-writable', 'k8s/runtime-socket-mount'],
    }),
    control('pod', 'NSA-POD-9', 'Minimal Linux capabilities', 'Containers drop the capabilities they do not need and add none that grant host control.', {
      rules: ['k8s/pss-capabilities-baseline', 'k8s/pss-capabilities-restricted'],
      seeAlso: ['Kubescape C-0046'],
    }),
    control('pod', 'NSA-POD-10', 'Pod security enforced at admission', 'A Pod Security Admission level or a policy engine refuses pods that break these rules, in every namespace.', {
      audit: 'Check every namespace with workloads for a pod-security.kubernetes.io/enforce label (baseline at least, restricted where possible) or an admission policy engine (Rampart admission, Gatekeeper, Kyverno) enforcing the same controls.',
      seeAlso: ['Kubescape C-0068'],
    }),
    control('pod', 'NSA-POD-11', 'Service account tokens only where needed', 'Pods that do not call the API server do not mount a service account token.', {
      rules: ['k8s/automount-service-account-token', 'k8s/default-service-account-automount'],
      seeAlso: ['Kubescape C-0034'],
    }),
    control('pod', 'NSA-POD-12', 'Hardened container environments', 'Containers run under seccomp, AppArmor or SELinux confinement that is not turned off.', {
      rules: ['k8s/pss-seccomp-profile-baseline', 'k8s/pss-seccomp-profile-restricted', 'k8s/pss-apparmor-profile', 'k8s/pss-selinux-options'],
      coverage: 'partial',
      audit: 'The rules judge the pod specs. Whether sensitive workloads need a sandboxed runtime (gVisor, Kata Containers) is a design review.',
      seeAlso: ['Kubescape C-0055'],
    }),

    control('network', 'NSA-NET-1', 'Namespaces separate resources', 'Workloads live in their own namespaces, not in default.', {
      rules: ['k8s/default-namespace'],
      coverage: 'partial',
      audit: 'The rule finds objects in the default namespace. Whether teams and applications are split by namespace is a review of the namespaces and what runs in each.',
    }),
    control('network', 'NSA-NET-2', 'Network policies: default deny, then allow', 'Every namespace denies traffic by default and policies allow only the flows workloads need.', {
      rules: ['k8s/netpol-namespace-no-default-deny-ingress', 'k8s/netpol-namespace-no-default-deny-egress', 'k8s/netpol-workload-not-selected', 'k8s/netpol-allow-all-ingress', 'k8s/netpol-egress-any-address', 'k8s/netpol-data-port-exposed'],
      coverage: 'partial',
      audit: 'The rules judge the NetworkPolicies scanned against the workloads scanned. Confirm that the CNI plugin enforces NetworkPolicy.',
      seeAlso: ['Kubescape C-0030', 'Kubescape C-0054'],
    }),
    control('network', 'NSA-NET-3', 'Resource requests and limits', 'Containers request and are limited in CPU and memory, so one cannot starve the node.', {
      rules: ['k8s/cpu-requests-missing', 'k8s/memory-requests-missing', 'k8s/memory-limit-missing', 'k8s/cpu-limit-missing'],
      coverage: 'partial',
      audit: 'The rules judge each container. The guide also asks for LimitRange and ResourceQuota objects per namespace: list them.',
      seeAlso: ['Kubescape C-0270', 'Kubescape C-0271'],
    }),
    control('network', 'NSA-NET-4', 'Control plane: TLS and strong authentication', 'The API server serves TLS, verifies client and kubelet certificates and accepts no static tokens.', {
      rules: ['k8s/node-apiserver-tls', 'k8s/node-apiserver-client-ca', 'k8s/node-apiserver-kubelet-client-cert', 'k8s/node-apiserver-kubelet-ca', 'k8s/node-apiserver-token-auth-file', 'k8s/node-apiserver-tls-ciphers'],
      coverage: 'partial',
      audit: 'rampart node judges the API server of the node it runs on; run it on every control-plane node. Check too that the API server is not exposed to the internet (firewall, private endpoint).',
      seeAlso: ['Kubescape C-0005'],
    }),
    control('network', 'NSA-NET-5', 'Control plane components not exposed', 'The controller manager and scheduler listen on localhost only and serve no profiling endpoint.', {
      rules: ['k8s/node-controller-manager-bind-address', 'k8s/node-scheduler-bind-address', 'k8s/node-controller-manager-profiling', 'k8s/node-scheduler-profiling', 'k8s/node-apiserver-profiling'],
      coverage: 'partial',
      audit: 'Check the firewall of control-plane nodes: only the API server port (6443) is reachable from outside, and etcd (2379-2380), the kubelet (10250) and the controller manager and scheduler ports from the control plane only.',
    }),
    control('network', 'NSA-NET-6', 'etcd protected', 'etcd requires TLS and client certificates, trusts its own CA and keeps its data directory private.', {
      rules: [
        'k8s/node-etcd-client-tls', 'k8s/node-etcd-client-cert-auth', 'k8s/node-etcd-auto-tls', 'k8s/node-etcd-peer-tls', 'k8s/node-etcd-peer-client-cert-auth',
        'k8s/node-etcd-peer-auto-tls', 'k8s/node-etcd-unique-ca', 'k8s/node-apiserver-etcd-client-cert', 'k8s/node-apiserver-etcd-ca', 'k8s/node-etcd-data-dir-permissions',
        'k8s/node-etcd-data-dir-ownership',
      ],
      coverage: 'partial',
      audit: 'Check that etcd is reachable only from the API servers (firewall) and that its backups are encrypted and access-controlled.',
    }),
    control('network', 'NSA-NET-7', 'Kubeconfig files protected', 'The kubeconfig files on nodes are readable by root only.', {
      rules: [
        'k8s/node-admin-kubeconfig-permissions', 'k8s/node-admin-kubeconfig-ownership', 'k8s/node-scheduler-kubeconfig-permissions', 'k8s/node-scheduler-kubeconfig-ownership',
        'k8s/node-controller-manager-kubeconfig-permissions', 'k8s/node-controller-manager-kubeconfig-ownership', 'k8s/node-kubelet-kubeconfig-permissions', 'k8s/node-kubelet-kubeconfig-ownership',
      ],
      coverage: 'partial',
      audit: 'The rules judge the kubeconfigs on the node scanned. Kubeconfigs on administrators\' machines and in CI systems need the same protection.',
    }),
    control('network', 'NSA-NET-8', 'Worker nodes segmented', 'Worker nodes sit in their own network segment, reachable from the control plane and load balancers only.', {
      audit: 'Review the network design: worker nodes are not reachable from the internet, and only the ports the control plane and the load balancers need (10250, NodePorts) are open to them.',
    }),
    control('network', 'NSA-NET-9', 'Traffic inside the cluster encrypted', 'Service-to-service traffic uses mutual TLS (a service mesh) and Ingresses serve TLS.', {
      rules: ['k8s/ingress-without-tls', 'k8s/mesh-peer-authentication-disabled', 'k8s/mesh-peer-authentication-permissive', 'k8s/mesh-no-strict-mtls-policy', 'k8s/mesh-destination-rule-disables-mtls', 'k8s/mesh-injection-opt-out', 'k8s/mesh-workload-not-injected'],
      coverage: 'partial',
      audit: 'Without a service mesh the mesh rules have nothing to judge: then check how workloads encrypt traffic between each other (application TLS, CNI encryption such as WireGuard).',
    }),
    control('network', 'NSA-NET-10', 'Secrets encrypted at rest', 'The API server encrypts Secrets in etcd with a real provider, preferably a KMS.', {
      rules: ['k8s/node-apiserver-encryption-provider-config', 'k8s/encryption-identity-first', 'k8s/encryption-secrets-not-covered', 'k8s/encryption-config-invalid'],
      coverage: 'partial',
      audit: 'Confirm that existing Secrets were rewritten after encryption was enabled (`rampart encryption verify` reads etcd and proves it).',
      seeAlso: ['Kubescape C-0066'],
    }),
    control('network', 'NSA-NET-11', 'No credentials in configuration', 'Credentials are not written into manifests, ConfigMaps or environment variable values.', {
      rules: ['k8s/secret-in-manifest', 'k8s/env-plain-secret', 'k8s/configmap-credentials'],
      seeAlso: ['Kubescape C-0012'],
    }),
    control('network', 'NSA-NET-12', 'Sensitive cloud infrastructure protected', 'Pods cannot reach the cloud provider\'s instance metadata service or other infrastructure APIs.', {
      audit: 'Check that egress to the metadata address (169.254.169.254) is blocked for workloads (NetworkPolicy, or the provider\'s metadata concealment / IMDSv2 with hop limit 1), and that node credentials carry the least cloud permissions.',
    }),

    control('auth', 'NSA-AUTH-1', 'API server authentication', 'The API server refuses anonymous requests and static token files; people authenticate through an identity provider.', {
      rules: ['k8s/node-apiserver-anonymous-auth', 'k8s/node-apiserver-token-auth-file'],
      coverage: 'partial',
      audit: 'Check how people log in (OIDC or a webhook rather than client certificates or shared tokens) and that unused authentication methods are off.',
    }),
    control('auth', 'NSA-AUTH-2', 'Kubelet authentication and authorization', 'The kubelet refuses anonymous requests, authorizes through the API server and serves no read-only port.', {
      rules: ['k8s/node-kubelet-anonymous-auth', 'k8s/node-kubelet-authorization-always-allow', 'k8s/node-kubelet-client-ca', 'k8s/node-kubelet-read-only-port'],
      seeAlso: ['Kubescape C-0069', 'Kubescape C-0070'],
    }),
    control('auth', 'NSA-AUTH-3', 'RBAC authorization enabled', 'The API server authorizes with RBAC and the Node authorizer, never AlwaysAllow.', {
      rules: ['k8s/node-apiserver-authorization-rbac', 'k8s/node-apiserver-authorization-always-allow', 'k8s/node-apiserver-authorization-node', 'k8s/node-apiserver-node-restriction'],
    }),
    control('auth', 'NSA-AUTH-4', 'Least-privilege roles and bindings', 'Roles grant only what a subject needs: no wildcards, no cluster-admin for workloads, no exec, escalation, impersonation or Secret reading without need.', {
      rules: RBAC_RULES,
      coverage: 'partial',
      audit: 'The rules judge the Roles and bindings scanned. Review who holds the remaining bindings and remove unused ones periodically (rampart rbac who-can lists them).',
      seeAlso: ['Kubescape C-0035', 'Kubescape C-0002'],
    }),

    control('logging', 'NSA-LOG-1', 'API server audit logging', 'The API server writes an audit log under a policy that records security-relevant requests, and keeps it long enough.', {
      rules: ['k8s/node-apiserver-audit-log-path', 'k8s/node-apiserver-audit-policy', 'k8s/node-apiserver-audit-log-maxage', 'k8s/node-apiserver-audit-log-maxbackup', 'k8s/node-apiserver-audit-log-maxsize'],
      coverage: 'partial',
      audit: 'Read the audit policy: it should record at least metadata for every request and request bodies for changes to RBAC, Secrets and pods/exec, without logging Secret payloads.',
      seeAlso: ['Kubescape C-0067'],
    }),
    control('logging', 'NSA-LOG-2', 'Node and container logs collected', 'Container, kubelet and node system logs are collected off the node.', {
      audit: 'Check that a log agent (DaemonSet or node service) ships container logs, kubelet and container runtime logs and the node\'s system log to central storage, and, where system calls should be recorded, that seccomp profiles in audit mode (SCMP_ACT_LOG) are in place.',
    }),
    control('logging', 'NSA-LOG-3', 'Logs aggregated and alerted on', 'Logs reach a SIEM or log store outside the cluster, where alerts watch for suspicious activity.', {
      audit: 'Confirm that logs leave the cluster (syslog, SIEM), are retained as policy requires, and that alerts exist for failed authentication, exec into pods, RBAC changes and privileged pod creation.',
    }),
    control('logging', 'NSA-LOG-4', 'Threat detection', 'Runtime behaviour is watched (system calls, network, processes) to detect intrusions.', {
      audit: 'Check for a runtime detection tool (Falco, Tetragon or a vendor agent) on every node, with its alerts routed to the people on call.',
    }),
    control('logging', 'NSA-LOG-5', 'Fault-tolerant logging', 'Logging survives the loss of a node or of the log store, and logs cannot be altered by a compromised workload.', {
      audit: 'Check that log storage is replicated and write-once or access-controlled, and that the log pipeline buffers when the store is unavailable.',
    }),

    control('upgrade', 'NSA-UPG-1', 'Updates applied promptly', 'Kubernetes, the node OS, the container runtime and add-ons run supported, patched versions.', {
      audit: 'Compare the cluster version and node images with the supported releases; check that an upgrade cadence exists and was followed.',
    }),
    control('upgrade', 'NSA-UPG-2', 'Regular vulnerability scans and penetration tests', 'Images, nodes and the cluster configuration are scanned on a schedule and tested by people.', {
      audit: 'Check for scheduled image and cluster scans (rampart image, rampart scan --cluster as a CronJob) and the date and findings of the last penetration test.',
    }),
    control('upgrade', 'NSA-UPG-3', 'Unused components removed', 'Applications, add-ons and credentials that are no longer used are removed from the cluster.', {
      audit: 'Review the workloads, Helm releases, CRDs and service accounts for ones without an owner or recent use, and remove them.',
    }),
  ],
};
