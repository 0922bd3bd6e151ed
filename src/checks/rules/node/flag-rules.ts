import type { Severity } from '../../../core/severity.js';
import { listValue, parseGoBool } from '../../../parsers/component-flags/flags.js';
import { absent, atLeast, boolIs, both, equals, gateNotOff, zeroDurationAsZero, listHas, listLacks, notValue, onlyFrom, required, type FlagTest } from './flag-checks.js';
import type { Component, ComponentKind } from './model.js';
import { CIS_VERSION, defineNodeRule, type NodeRule } from './rule.js';

interface FlagRuleSpec {
  /** After `k8s/node-`. */
  name: string;
  cis: string;
  /** kube-bench's check passes and fails exactly where this rule does. */
  kubeBench: boolean;
  component: ComponentKind;
  severity: Severity;
  title: string;
  rationale: string;
  remediation: string;
  test: FlagTest;
  /** Where the check does not apply (e.g. etcd TLS when the datastore is a unix socket). */
  applies?(component: Component): boolean;
}

const STRONG_CIPHERS = [
  'TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
];

const APISERVER_FILE = 'the kube-apiserver static pod manifest (kubeadm: `/etc/kubernetes/manifests/kube-apiserver.yaml`), or `kube-apiserver-arg` in the k3s/RKE2 config';
const CM_FILE = 'the kube-controller-manager static pod manifest, or `kube-controller-manager-arg` in the k3s/RKE2 config';
const SCHED_FILE = 'the kube-scheduler static pod manifest, or `kube-scheduler-arg` in the k3s/RKE2 config';
const ETCD_FILE = 'the etcd static pod manifest (kubeadm: `/etc/kubernetes/manifests/etcd.yaml`), its environment (`ETCD_*`), or `etcd-arg` in the k3s/RKE2 config';
const KUBELET_FILE = 'the kubelet config file (`/var/lib/kubelet/config.yaml`), or `kubelet-arg` in the k3s/RKE2 config; then restart the kubelet';

/** etcd reached over a unix socket (k3s's kine) carries no network traffic to protect. */
const etcdOverNetwork = (component: Component) => !listValue(component.settings.get('etcd-servers')?.value ?? '').every((url) => url.startsWith('unix:'));
const kubeletDefault = <T>(fromConfig: T, fromFlags: T) => (component: Component) => (component.usesConfigFile ? fromConfig : fromFlags);

const SPECS: FlagRuleSpec[] = [
  // 1.2 API server
  { name: 'apiserver-anonymous-auth', cis: '1.2.1', kubeBench: false, component: 'kube-apiserver', severity: 'medium', title: 'API server accepts anonymous requests',
    rationale: 'Requests no authenticator rejects are served as `system:anonymous`; any RBAC grant to that user or to `system:unauthenticated` then opens the API to the network. The flag defaults to true. (kube-bench fails this item only when the flag is written as true; Rampart also fails the default.)',
    remediation: `Set \`--anonymous-auth=false\` in ${APISERVER_FILE}. Health probes that need anonymous access can use an authenticated probe or \`--authentication-config\` anonymous endpoints (1.32+).`,
    test: boolIs('anonymous-auth', false, true) },
  { name: 'apiserver-token-auth-file', cis: '1.2.2', kubeBench: true, component: 'kube-apiserver', severity: 'high', title: 'API server accepts static bearer tokens',
    rationale: 'Tokens in a `--token-auth-file` are long-lived plain text on disk, cannot be revoked without a restart, and never expire.',
    remediation: `Remove \`--token-auth-file\` from ${APISERVER_FILE} and authenticate with client certificates, OIDC or service account tokens.`,
    test: absent('token-auth-file') },
  { name: 'apiserver-deny-service-external-ips', cis: '1.2.3', kubeBench: true, component: 'kube-apiserver', severity: 'low', title: 'API server does not deny Service externalIPs',
    rationale: 'Anyone who can create a Service can claim any external IP with `spec.externalIPs` and intercept traffic meant for it (CVE-2020-8554) unless the DenyServiceExternalIPs admission plugin is on.',
    remediation: `Add \`DenyServiceExternalIPs\` to \`--enable-admission-plugins\` in ${APISERVER_FILE}.`,
    test: listHas('enable-admission-plugins', 'DenyServiceExternalIPs') },
  { name: 'apiserver-kubelet-client-cert', cis: '1.2.4', kubeBench: true, component: 'kube-apiserver', severity: 'high', title: 'API server has no client certificate for kubelets',
    rationale: 'Without a client certificate the API server cannot authenticate to kubelets, which must then accept unauthenticated requests for logs, exec and port-forward.',
    remediation: `Set \`--kubelet-client-certificate\` and \`--kubelet-client-key\` in ${APISERVER_FILE}.`,
    test: required('kubelet-client-certificate', 'kubelet-client-key') },
  { name: 'apiserver-kubelet-ca', cis: '1.2.5', kubeBench: true, component: 'kube-apiserver', severity: 'medium', title: 'API server does not verify kubelet serving certificates',
    rationale: 'Without `--kubelet-certificate-authority` the API server connects to kubelets without checking who answers, so exec, logs and attach sessions can be intercepted.',
    remediation: `Set \`--kubelet-certificate-authority\` to the CA that signs kubelet serving certificates in ${APISERVER_FILE} (kubelets then need signed serving certificates: \`serverTLSBootstrap: true\`).`,
    test: required('kubelet-certificate-authority') },
  { name: 'apiserver-authorization-always-allow', cis: '1.2.6', kubeBench: false, component: 'kube-apiserver', severity: 'critical', title: 'API server authorizes every request',
    rationale: 'With the AlwaysAllow authorizer every authenticated request (and every anonymous one, if allowed) may do anything. It is the default when `--authorization-mode` is unset. (kube-bench passes an unset flag; Rampart applies the default.)',
    remediation: `Set \`--authorization-mode=Node,RBAC\` in ${APISERVER_FILE}.`,
    test: listLacks('authorization-mode', 'AlwaysAllow', 'AlwaysAllow') },
  { name: 'apiserver-authorization-node', cis: '1.2.7', kubeBench: true, component: 'kube-apiserver', severity: 'medium', title: 'API server does not use the Node authorizer',
    rationale: 'The Node authorizer limits each kubelet to the objects of the pods bound to its node; without it a compromised node can read every Secret it has RBAC for.',
    remediation: `Include \`Node\` in \`--authorization-mode\` (e.g. \`Node,RBAC\`) in ${APISERVER_FILE}.`,
    test: listHas('authorization-mode', 'Node', 'AlwaysAllow') },
  { name: 'apiserver-authorization-rbac', cis: '1.2.8', kubeBench: true, component: 'kube-apiserver', severity: 'high', title: 'API server does not use RBAC',
    rationale: 'Without the RBAC authorizer, Roles and ClusterRoleBindings have no effect, and least-privilege access cannot be expressed.',
    remediation: `Include \`RBAC\` in \`--authorization-mode\` in ${APISERVER_FILE}.`,
    test: listHas('authorization-mode', 'RBAC', 'AlwaysAllow') },
  { name: 'apiserver-event-rate-limit', cis: '1.2.9', kubeBench: true, component: 'kube-apiserver', severity: 'low', title: 'API server does not rate-limit events',
    rationale: 'Without the EventRateLimit admission plugin, a misbehaving or hostile client can flood the API server and etcd with Events.',
    remediation: `Add \`EventRateLimit\` to \`--enable-admission-plugins\` and point \`--admission-control-config-file\` at its limits, in ${APISERVER_FILE}.`,
    test: listHas('enable-admission-plugins', 'EventRateLimit') },
  { name: 'apiserver-always-admit', cis: '1.2.10', kubeBench: true, component: 'kube-apiserver', severity: 'high', title: 'API server enables the AlwaysAdmit admission plugin',
    rationale: 'AlwaysAdmit admits every request and undoes the protection of admission control.',
    remediation: `Remove \`AlwaysAdmit\` from \`--enable-admission-plugins\` in ${APISERVER_FILE}.`,
    test: listLacks('enable-admission-plugins', 'AlwaysAdmit') },
  { name: 'apiserver-always-pull-images', cis: '1.2.11', kubeBench: true, component: 'kube-apiserver', severity: 'low', title: 'API server does not force image pulls',
    rationale: 'Without AlwaysPullImages, a pod can run a private image another tenant already pulled onto the node, without credentials for it.',
    remediation: `Add \`AlwaysPullImages\` to \`--enable-admission-plugins\` in ${APISERVER_FILE} (the registry then becomes a dependency of every pod start).`,
    test: listHas('enable-admission-plugins', 'AlwaysPullImages') },
  { name: 'apiserver-service-account-plugin', cis: '1.2.12', kubeBench: true, component: 'kube-apiserver', severity: 'medium', title: 'API server disables the ServiceAccount admission plugin',
    rationale: 'The ServiceAccount plugin gives each pod a service account and keeps pods from using accounts that do not exist.',
    remediation: `Remove \`ServiceAccount\` from \`--disable-admission-plugins\` in ${APISERVER_FILE}.`,
    test: listLacks('disable-admission-plugins', 'ServiceAccount') },
  { name: 'apiserver-namespace-lifecycle', cis: '1.2.13', kubeBench: true, component: 'kube-apiserver', severity: 'medium', title: 'API server disables the NamespaceLifecycle admission plugin',
    rationale: 'NamespaceLifecycle refuses objects in namespaces that are being deleted or do not exist, and protects the system namespaces from deletion.',
    remediation: `Remove \`NamespaceLifecycle\` from \`--disable-admission-plugins\` in ${APISERVER_FILE}.`,
    test: listLacks('disable-admission-plugins', 'NamespaceLifecycle') },
  { name: 'apiserver-node-restriction', cis: '1.2.14', kubeBench: true, component: 'kube-apiserver', severity: 'medium', title: 'API server does not enable NodeRestriction',
    rationale: 'NodeRestriction limits the Node and Pod objects a kubelet may modify to its own; without it a compromised node can relabel other nodes to attract workloads.',
    remediation: `Add \`NodeRestriction\` to \`--enable-admission-plugins\` in ${APISERVER_FILE}.`,
    test: listHas('enable-admission-plugins', 'NodeRestriction') },
  { name: 'apiserver-profiling', cis: '1.2.15', kubeBench: false, component: 'kube-apiserver', severity: 'low', title: 'API server exposes profiling',
    rationale: 'The profiling endpoints reveal detailed internals and cost CPU; they are on by default. (kube-bench fails only an explicit true; Rampart applies the default.)',
    remediation: `Set \`--profiling=false\` in ${APISERVER_FILE}.`,
    test: boolIs('profiling', false, true) },
  { name: 'apiserver-audit-log-path', cis: '1.2.16', kubeBench: true, component: 'kube-apiserver', severity: 'medium', title: 'API server writes no audit log',
    rationale: 'Without an audit log there is no record of who did what to the cluster, for investigations or for compliance.',
    remediation: `Set \`--audit-log-path\` (and \`--audit-policy-file\`) in ${APISERVER_FILE}.`,
    test: required('audit-log-path') },
  { name: 'apiserver-audit-log-maxage', cis: '1.2.17', kubeBench: true, component: 'kube-apiserver', severity: 'low', title: 'API server keeps audit logs less than 30 days',
    rationale: 'Audit records deleted too early are missing when an incident is found weeks later.',
    remediation: `Set \`--audit-log-maxage=30\` or more in ${APISERVER_FILE}.`,
    test: atLeast('audit-log-maxage', 30) },
  { name: 'apiserver-audit-log-maxbackup', cis: '1.2.18', kubeBench: true, component: 'kube-apiserver', severity: 'low', title: 'API server keeps fewer than 10 audit log files',
    rationale: 'Too few rotated files lose audit history under load.',
    remediation: `Set \`--audit-log-maxbackup=10\` or more in ${APISERVER_FILE}.`,
    test: atLeast('audit-log-maxbackup', 10) },
  { name: 'apiserver-audit-log-maxsize', cis: '1.2.19', kubeBench: true, component: 'kube-apiserver', severity: 'low', title: 'API server rotates audit logs below 100 MB',
    rationale: 'Small audit files rotate fast and, with a bounded backup count, shorten the history kept.',
    remediation: `Set \`--audit-log-maxsize=100\` or more in ${APISERVER_FILE}.`,
    test: atLeast('audit-log-maxsize', 100) },
  { name: 'apiserver-service-account-lookup', cis: '1.2.21', kubeBench: true, component: 'kube-apiserver', severity: 'medium', title: 'API server accepts tokens of deleted service accounts',
    rationale: 'With `--service-account-lookup=false`, a token stays valid after its service account is deleted, until it expires.',
    remediation: `Remove \`--service-account-lookup=false\` from ${APISERVER_FILE} (it defaults to true).`,
    test: boolIs('service-account-lookup', true, true) },
  { name: 'apiserver-service-account-key', cis: '1.2.22', kubeBench: true, component: 'kube-apiserver', severity: 'medium', title: 'API server has no service account verification key',
    rationale: 'An explicit `--service-account-key-file` lets service account signing keys be rotated without invalidating every token at once.',
    remediation: `Set \`--service-account-key-file\` to the public key(s) of the service account signer in ${APISERVER_FILE}.`,
    test: required('service-account-key-file') },
  { name: 'apiserver-etcd-client-cert', cis: '1.2.23', kubeBench: true, component: 'kube-apiserver', severity: 'high', title: 'API server does not authenticate to etcd with a certificate',
    rationale: 'etcd holds every Secret; without client certificates anyone who reaches its port can read and write the cluster state.',
    remediation: `Set \`--etcd-certfile\` and \`--etcd-keyfile\` in ${APISERVER_FILE}, and \`--client-cert-auth=true\` on etcd.`,
    test: required('etcd-certfile', 'etcd-keyfile'), applies: etcdOverNetwork },
  { name: 'apiserver-tls', cis: '1.2.24', kubeBench: true, component: 'kube-apiserver', severity: 'high', title: 'API server has no serving certificate configured',
    rationale: 'Without an explicit certificate and key, the API server serves a self-signed certificate clients cannot verify.',
    remediation: `Set \`--tls-cert-file\` and \`--tls-private-key-file\` in ${APISERVER_FILE}.`,
    test: required('tls-cert-file', 'tls-private-key-file') },
  { name: 'apiserver-client-ca', cis: '1.2.25', kubeBench: true, component: 'kube-apiserver', severity: 'high', title: 'API server does not accept client certificates',
    rationale: 'Without `--client-ca-file`, client certificate authentication is off: kubelets and controllers cannot authenticate with their certificates.',
    remediation: `Set \`--client-ca-file\` in ${APISERVER_FILE}.`,
    test: required('client-ca-file') },
  { name: 'apiserver-etcd-ca', cis: '1.2.26', kubeBench: true, component: 'kube-apiserver', severity: 'high', title: 'API server does not verify the etcd server certificate',
    rationale: 'Without `--etcd-cafile` the connection to etcd is not verified, so the cluster state can be read or forged in transit.',
    remediation: `Set \`--etcd-cafile\` to etcd's CA in ${APISERVER_FILE}.`,
    test: required('etcd-cafile'), applies: etcdOverNetwork },
  { name: 'apiserver-encryption-provider-config', cis: '1.2.27', kubeBench: true, component: 'kube-apiserver', severity: 'high', title: 'API server does not encrypt Secrets at rest',
    rationale: 'Without `--encryption-provider-config`, Secrets are stored in etcd and its backups as base64 only.',
    remediation: `Write an EncryptionConfiguration (\`rampart encryption init\`) and set \`--encryption-provider-config\` in ${APISERVER_FILE}; k3s: \`secrets-encryption: true\`.`,
    test: required('encryption-provider-config') },
  { name: 'apiserver-tls-ciphers', cis: '1.2.29', kubeBench: false, component: 'kube-apiserver', severity: 'medium', title: 'API server offers weak TLS cipher suites',
    rationale: 'CBC-mode, 3DES and non-forward-secret RSA key-exchange suites have known weaknesses. An unset flag keeps Go\'s defaults, which are strong. (kube-bench also fails an unset flag and accepts CBC and 3DES suites.)',
    remediation: `List only AEAD suites with forward secrecy in \`--tls-cipher-suites\` in ${APISERVER_FILE}, or remove the flag to use Go's defaults.`,
    test: onlyFrom('tls-cipher-suites', STRONG_CIPHERS) },
  // 1.3 controller manager
  { name: 'controller-manager-pod-gc', cis: '1.3.1', kubeBench: true, component: 'kube-controller-manager', severity: 'low', title: 'Controller manager keeps up to 12500 terminated pods',
    rationale: 'Terminated pods are kept until the threshold (12500 by default) is reached; a low threshold keeps etcd and the API lean.',
    remediation: `Set \`--terminated-pod-gc-threshold\` (e.g. 10) in ${CM_FILE}.`,
    test: required('terminated-pod-gc-threshold') },
  { name: 'controller-manager-profiling', cis: '1.3.2', kubeBench: false, component: 'kube-controller-manager', severity: 'low', title: 'Controller manager exposes profiling',
    rationale: 'The profiling endpoints reveal internals and are on by default. (kube-bench fails only an explicit true.)',
    remediation: `Set \`--profiling=false\` in ${CM_FILE}.`,
    test: boolIs('profiling', false, true) },
  { name: 'controller-manager-service-account-credentials', cis: '1.3.3', kubeBench: true, component: 'kube-controller-manager', severity: 'medium', title: 'Controllers share the controller manager\'s credentials',
    rationale: 'Without `--use-service-account-credentials`, every controller acts with the controller manager\'s own broad identity instead of a per-controller service account with its own RBAC.',
    remediation: `Set \`--use-service-account-credentials=true\` in ${CM_FILE}.`,
    test: boolIs('use-service-account-credentials', true, false) },
  { name: 'controller-manager-service-account-key', cis: '1.3.4', kubeBench: true, component: 'kube-controller-manager', severity: 'medium', title: 'Controller manager has no service account signing key',
    rationale: 'Without `--service-account-private-key-file` the controller manager cannot sign service account tokens, and their keys cannot be rotated.',
    remediation: `Set \`--service-account-private-key-file\` in ${CM_FILE}.`,
    test: required('service-account-private-key-file') },
  { name: 'controller-manager-root-ca', cis: '1.3.5', kubeBench: true, component: 'kube-controller-manager', severity: 'medium', title: 'Controller manager gives pods no root CA',
    rationale: 'Without `--root-ca-file`, pods get no CA bundle to verify the API server\'s certificate and may skip verification.',
    remediation: `Set \`--root-ca-file\` in ${CM_FILE}.`,
    test: required('root-ca-file') },
  { name: 'controller-manager-rotate-kubelet-server-cert', cis: '1.3.6', kubeBench: true, component: 'kube-controller-manager', severity: 'medium', title: 'Kubelet serving certificates are not rotated',
    rationale: 'Turning the RotateKubeletServerCertificate gate off stops kubelet serving certificates from being renewed; they then expire or stay in use too long.',
    remediation: `Remove \`RotateKubeletServerCertificate=false\` from \`--feature-gates\` in ${CM_FILE}.`,
    test: gateNotOff('RotateKubeletServerCertificate') },
  { name: 'controller-manager-bind-address', cis: '1.3.7', kubeBench: false, component: 'kube-controller-manager', severity: 'medium', title: 'Controller manager listens beyond localhost',
    rationale: 'The controller manager\'s health and metrics port need not be reachable from the network; the default is every interface. (kube-bench passes an unset flag; Rampart applies the default 0.0.0.0.)',
    remediation: `Set \`--bind-address=127.0.0.1\` in ${CM_FILE}.`,
    test: equals('bind-address', '127.0.0.1', '0.0.0.0') },
  // 1.4 scheduler
  { name: 'scheduler-profiling', cis: '1.4.1', kubeBench: false, component: 'kube-scheduler', severity: 'low', title: 'Scheduler exposes profiling',
    rationale: 'The profiling endpoints reveal internals and are on by default. (kube-bench fails only an explicit true.)',
    remediation: `Set \`--profiling=false\` in ${SCHED_FILE}.`,
    test: boolIs('profiling', false, true) },
  { name: 'scheduler-bind-address', cis: '1.4.2', kubeBench: false, component: 'kube-scheduler', severity: 'medium', title: 'Scheduler listens beyond localhost',
    rationale: 'The scheduler\'s health and metrics port need not be reachable from the network; the default is every interface. (kube-bench passes an unset flag.)',
    remediation: `Set \`--bind-address=127.0.0.1\` in ${SCHED_FILE}.`,
    test: equals('bind-address', '127.0.0.1', '0.0.0.0') },
  // 2 etcd
  { name: 'etcd-client-tls', cis: '2.1', kubeBench: true, component: 'etcd', severity: 'critical', title: 'etcd serves clients without TLS',
    rationale: 'Without `--cert-file` and `--key-file`, etcd talks plain HTTP: every Secret crosses the network in clear.',
    remediation: `Set \`--cert-file\` and \`--key-file\` (and https:// client URLs) in ${ETCD_FILE}.`,
    test: required('cert-file', 'key-file') },
  { name: 'etcd-client-cert-auth', cis: '2.2', kubeBench: true, component: 'etcd', severity: 'critical', title: 'etcd does not require client certificates',
    rationale: 'Without client certificate authentication, anyone who reaches etcd\'s port reads and writes the whole cluster state.',
    remediation: `Set \`--client-cert-auth=true\` and \`--trusted-ca-file\` in ${ETCD_FILE}.`,
    test: boolIs('client-cert-auth', true, false) },
  { name: 'etcd-auto-tls', cis: '2.3', kubeBench: true, component: 'etcd', severity: 'high', title: 'etcd uses self-signed client certificates',
    rationale: '`--auto-tls` makes etcd generate a self-signed certificate that clients cannot verify.',
    remediation: `Remove \`--auto-tls\` (or set it to false) in ${ETCD_FILE}.`,
    test: boolIs('auto-tls', false, false) },
  { name: 'etcd-peer-tls', cis: '2.4', kubeBench: true, component: 'etcd', severity: 'high', title: 'etcd peers talk without TLS',
    rationale: 'Without `--peer-cert-file` and `--peer-key-file`, etcd members replicate the cluster state in clear.',
    remediation: `Set \`--peer-cert-file\` and \`--peer-key-file\` in ${ETCD_FILE}.`,
    test: required('peer-cert-file', 'peer-key-file') },
  { name: 'etcd-peer-client-cert-auth', cis: '2.5', kubeBench: true, component: 'etcd', severity: 'high', title: 'etcd does not authenticate its peers',
    rationale: 'Without peer certificate authentication, anything that reaches the peer port can join the cluster and receive its data.',
    remediation: `Set \`--peer-client-cert-auth=true\` and \`--peer-trusted-ca-file\` in ${ETCD_FILE}.`,
    test: boolIs('peer-client-cert-auth', true, false) },
  { name: 'etcd-peer-auto-tls', cis: '2.6', kubeBench: true, component: 'etcd', severity: 'high', title: 'etcd uses self-signed peer certificates',
    rationale: '`--peer-auto-tls` makes etcd generate self-signed peer certificates that members cannot verify.',
    remediation: `Remove \`--peer-auto-tls\` (or set it to false) in ${ETCD_FILE}.`,
    test: boolIs('peer-auto-tls', false, false) },
  // 4.2 kubelet
  { name: 'kubelet-anonymous-auth', cis: '4.2.1', kubeBench: false, component: 'kubelet', severity: 'high', title: 'Kubelet accepts anonymous requests',
    rationale: 'An anonymous request to the kubelet API can list pods and, with a permissive authorizer, exec into them. The flag defaults to true; a config file defaults it to false. (kube-bench fails a config file that leaves the field out; Rampart applies the config file\'s default.)',
    remediation: `Set \`authentication.anonymous.enabled: false\` in ${KUBELET_FILE}.`,
    test: boolIs('anonymous-auth', false, kubeletDefault(false, true)) },
  { name: 'kubelet-authorization-always-allow', cis: '4.2.2', kubeBench: false, component: 'kubelet', severity: 'critical', title: 'Kubelet authorizes every request',
    rationale: 'With AlwaysAllow, any client that authenticates to the kubelet may exec into every pod on the node. It is the flag\'s default; a config file defaults to Webhook. (kube-bench fails a config file that leaves the field out; Rampart applies the config file\'s default.)',
    remediation: `Set \`authorization.mode: Webhook\` in ${KUBELET_FILE}.`,
    test: listLacks('authorization-mode', 'AlwaysAllow', kubeletDefault('Webhook', 'AlwaysAllow')) },
  { name: 'kubelet-client-ca', cis: '4.2.3', kubeBench: true, component: 'kubelet', severity: 'high', title: 'Kubelet does not verify client certificates',
    rationale: 'Without a client CA the kubelet cannot authenticate the API server\'s requests by certificate.',
    remediation: `Set \`authentication.x509.clientCAFile\` in ${KUBELET_FILE}.`,
    test: required('client-ca-file') },
  { name: 'kubelet-read-only-port', cis: '4.2.4', kubeBench: false, component: 'kubelet', severity: 'medium', title: 'Kubelet serves its read-only port',
    rationale: 'The read-only port (10255) answers without authentication with pod specs, which often hold configuration and secrets in env values. The flag defaults to 10255, a config file to 0. (kube-bench passes an unset flag; Rampart applies the default.)',
    remediation: `Set \`readOnlyPort: 0\` in ${KUBELET_FILE}.`,
    test: equals('read-only-port', '0', kubeletDefault('0', '10255')) },
  { name: 'kubelet-streaming-timeout', cis: '4.2.5', kubeBench: true, component: 'kubelet', severity: 'low', title: 'Kubelet streaming connections never time out',
    rationale: 'With `streamingConnectionIdleTimeout: 0`, idle exec and port-forward sessions stay open forever.',
    remediation: `Set \`streamingConnectionIdleTimeout\` to a non-zero duration (e.g. 5m) in ${KUBELET_FILE}.`,
    test: notValue('streaming-connection-idle-timeout', ['0'], zeroDurationAsZero) },
  { name: 'kubelet-iptables-util-chains', cis: '4.2.6', kubeBench: true, component: 'kubelet', severity: 'low', title: 'Kubelet does not manage its iptables chains',
    rationale: 'With `makeIPTablesUtilChains: false` the kubelet\'s iptables rules are left to drift from what pods need.',
    remediation: `Set \`makeIPTablesUtilChains: true\` (or remove it) in ${KUBELET_FILE}.`,
    test: boolIs('make-iptables-util-chains', true, true) },
  { name: 'kubelet-hostname-override', cis: '4.2.7', kubeBench: true, component: 'kubelet', severity: 'low', title: 'Kubelet overrides its host name',
    rationale: 'An overridden host name can make the node\'s TLS certificate and the Node object disagree, which breaks kubelet serving certificate verification.',
    remediation: 'Remove `--hostname-override` from the kubelet\'s command line (kubeadm: `/var/lib/kubelet/kubeadm-flags.env`).',
    test: absent('hostname-override') },
  { name: 'kubelet-tls', cis: '4.2.9', kubeBench: false, component: 'kubelet', severity: 'medium', title: 'Kubelet serves a self-signed certificate',
    rationale: 'Without a serving certificate (or `serverTLSBootstrap` to get one signed), the kubelet generates a self-signed one the API server cannot verify. (kube-bench accepts only the two file settings.)',
    remediation: `Set \`serverTLSBootstrap: true\`, or \`tlsCertFile\` and \`tlsPrivateKeyFile\`, in ${KUBELET_FILE}.`,
    test: (component) => (parseGoBool(component.settings.get('rotate-server-certificates')?.value ?? '') === true ? undefined : required('tls-cert-file', 'tls-private-key-file')(component)) },
  { name: 'kubelet-rotate-certificates', cis: '4.2.10', kubeBench: true, component: 'kubelet', severity: 'medium', title: 'Kubelet client certificate rotation is off',
    rationale: 'With `rotateCertificates: false` the kubelet\'s client certificate is never renewed and the node drops out when it expires, or a leaked one stays valid for its whole life.',
    remediation: `Set \`rotateCertificates: true\` (or remove it) in ${KUBELET_FILE}.`,
    test: notValue('rotate-certificates', ['false'], (v) => (parseGoBool(v) === false ? 'false' : v)) },
  { name: 'kubelet-rotate-server-certificates', cis: '4.2.11', kubeBench: false, component: 'kubelet', severity: 'medium', title: 'Kubelet serving certificate rotation is turned off',
    rationale: 'Turning the RotateKubeletServerCertificate gate off stops the kubelet from renewing its serving certificate.',
    remediation: `Remove \`RotateKubeletServerCertificate: false\` from \`featureGates\` in ${KUBELET_FILE}.`,
    test: gateNotOff('RotateKubeletServerCertificate') },
  { name: 'kubelet-tls-ciphers', cis: '4.2.12', kubeBench: false, component: 'kubelet', severity: 'medium', title: 'Kubelet offers weak TLS cipher suites',
    rationale: 'The kubelet serves exec, logs and metrics over TLS; CBC-mode, 3DES and non-forward-secret RSA key-exchange suites have known weaknesses. An unset setting keeps Go\'s defaults, which are strong. (kube-bench also fails an unset setting and accepts CBC and 3DES suites.)',
    remediation: `List only AEAD suites with forward secrecy in \`tlsCipherSuites\` in ${KUBELET_FILE}, or remove it to use Go's defaults.`,
    test: onlyFrom('tls-cipher-suites', STRONG_CIPHERS) },
  { name: 'kubelet-pod-pids-limit', cis: '4.2.13', kubeBench: false, component: 'kubelet', severity: 'low', title: 'Kubelet does not limit the processes of a pod',
    rationale: 'Without a pod PID limit, one pod can fork-bomb the node and starve every other pod of process IDs.',
    remediation: `Set \`podPidsLimit\` (e.g. 4096) in ${KUBELET_FILE}.`,
    test: both(required('pod-max-pids'), notValue('pod-max-pids', ['-1', '0'])) },
];

function flagRule(spec: FlagRuleSpec): NodeRule {
  return defineNodeRule({
    meta: {
      id: `k8s/node-${spec.name}`,
      title: spec.title,
      severity: spec.severity,
      target: 'node',
      rationale: spec.rationale,
      remediation: spec.remediation,
      references: { cis: [`${CIS_VERSION} ${spec.cis}`] },
      aliases: spec.kubeBench ? { kubeBench: [spec.cis] } : {},
    },
    check(facts, report) {
      for (const component of facts.components) {
        if (component.kind !== spec.component || (spec.applies && !spec.applies(component))) continue;
        const verdict = spec.test(component);
        if (!verdict) continue;
        report({
          message: `${component.kind} (${component.origin}): ${verdict.message}`,
          location: verdict.setting?.location ?? component.location,
          resource: { kind: 'Component', name: component.kind },
          key: `${component.kind}|${spec.name}`,
        });
      }
    },
  });
}

export const flagRules: NodeRule[] = SPECS.map(flagRule);
