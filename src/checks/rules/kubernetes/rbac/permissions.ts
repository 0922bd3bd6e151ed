import { grantedOf, grantedOfAny, definePermissionRule } from './permission-rule.js';
import { NSA_RBAC, RBAC_DOCS, RBAC_GOOD_PRACTICES } from './references.js';

const RBAC = 'rbac.authorization.k8s.io';
const urls = [RBAC_GOOD_PRACTICES];

export const secretsRead = definePermissionRule({
  meta: {
    id: 'k8s/rbac-secrets-read',
    title: 'Role can read every Secret of its scope',
    severity: 'high',
    target: 'kubernetes',
    rationale:
      'get, list or watch on secrets without resourceNames reads every Secret where the role is bound: one namespace through a RoleBinding, the whole cluster through a ClusterRoleBinding. `list` and `watch` return the Secret data itself, and Secrets hold ServiceAccount tokens, so this usually reaches further than the namespace.',
    remediation:
      'Name the Secrets the workload needs, and drop list and watch:\n\n```yaml\nrules:\n  - apiGroups: [""]\n    resources: ["secrets"]\n    resourceNames: ["app-db-credentials"]\n    verbs: ["get"]\n```\n\nPrefer mounting Secrets into pods over reading them through the API.',
    references: { cis: ['CIS Kubernetes 5.1.2'], nsa: NSA_RBAC, urls },
    aliases: { trivy: ['KSV041', 'AVD-KSV-0041', 'KSV113', 'AVD-KSV-0113'], kubeLinter: ['access-to-secrets'] },
    controls: ['cis:5.1.2'],
  },
  match: (rule, _role, scope) => grantedOf(rule, { verbs: ['get', 'list', 'watch'], apiGroup: '', resources: ['secrets'] }, scope),
});

export const createPods = definePermissionRule({
  meta: {
    id: 'k8s/rbac-create-pods',
    title: 'Role can create pods',
    severity: 'high',
    target: 'kubernetes',
    rationale:
      'Whoever can create a pod in a namespace can run it as any ServiceAccount of that namespace and mount any of its Secrets, ConfigMaps and volumes; without a Pod Security admission level that forbids it, the pod can also be privileged and take over its node.',
    remediation:
      'Let people and CI create workloads through a deployment pipeline (Deployments applied by a GitOps controller) rather than pods directly, and remove `create` on `pods`:\n\n```yaml\nrules:\n  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get", "list", "watch"]\n```\n\nEnforce the `restricted` Pod Security Standard on namespaces where pods may still be created.',
    references: { cis: ['CIS Kubernetes 5.1.4'], nsa: NSA_RBAC, urls },
    aliases: { kubeLinter: ['access-to-create-pods'] },
    controls: ['cis:5.1.4'],
  },
  match: (rule, _role, scope) => grantedOf(rule, { verbs: ['create'], apiGroup: '', resources: ['pods'] }, scope),
});

export const podExec = definePermissionRule({
  meta: {
    id: 'k8s/rbac-pod-exec',
    title: 'Role can exec, attach or port-forward into pods',
    severity: 'high',
    target: 'kubernetes',
    rationale:
      'pods/exec and pods/attach run commands in, or take over the terminal of, running containers, with their ServiceAccount tokens, Secrets and host access; pods/portforward reaches ports that NetworkPolicies and Services never exposed. `create` grants these, and so did `get` before Kubernetes 1.31 made WebSocket upgrades check `create`.',
    remediation:
      'Remove the subresources from the role, and grant them only through a break-glass role bound for the duration of an incident:\n\n```yaml\nrules:\n  - apiGroups: [""]\n    resources: ["pods", "pods/log"]\n    verbs: ["get", "list", "watch"]\n```',
    references: { nsa: NSA_RBAC, urls },
    aliases: {
      trivy: ['KSV053', 'AVD-KSV-0053', 'KSV054', 'AVD-KSV-0054'],
      polaris: ['clusterrolePodExecAttach', 'rolePodExecAttach'],
    },
    controls: [],
  },
  match: (rule, _role, scope) =>
    grantedOf(rule, { verbs: ['create', 'get'], apiGroup: '', resources: ['pods/exec', 'pods/attach', 'pods/portforward'], anyName: true }, scope),
});

export const bindEscalate = definePermissionRule({
  meta: {
    id: 'k8s/rbac-bind-escalate',
    title: 'Role can bind or escalate roles',
    severity: 'critical',
    target: 'kubernetes',
    rationale:
      'RBAC stops subjects from granting permissions they do not hold, except for these verbs: `bind` lets a subject create bindings to roles with more permissions than its own (cluster-admin included), `escalate` lets it write roles with more permissions than its own. Either is a one-step path to cluster-admin.',
    remediation:
      'Remove `bind` and `escalate`. A controller that must create bindings should hold `bind` only on the roles it hands out, by name:\n\n```yaml\nrules:\n  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["clusterroles"]\n    resourceNames: ["tenant-viewer"]\n    verbs: ["bind"]\n```',
    references: { cis: ['CIS Kubernetes 5.1.8'], nsa: NSA_RBAC, urls: [...urls, `${RBAC_DOCS}#privilege-escalation-prevention-and-bootstrapping`] },
    aliases: { checkov: ['CKV_K8S_157', 'CKV_K8S_158'] },
    controls: ['cis:5.1.8'],
  },
  match: (rule, _role, scope) =>
    grantedOfAny(
      rule,
      [
        // A RoleBinding's roleRef is checked for `bind` in the binding's namespace, ClusterRoles included.
        { verbs: ['bind'], apiGroup: RBAC, resources: ['clusterroles', 'roles'], anyName: true },
        { verbs: ['escalate'], apiGroup: RBAC, resources: ['clusterroles', 'roles'], anyName: true, clusterScoped: ['clusterroles'] },
      ],
      scope,
    ),
});

export const impersonate = definePermissionRule({
  meta: {
    id: 'k8s/rbac-impersonate',
    title: 'Role can impersonate users, groups or ServiceAccounts',
    severity: 'critical',
    target: 'kubernetes',
    rationale:
      'The impersonate verb lets a subject send requests as another user, group or ServiceAccount; impersonating the group system:masters, or any cluster-admin, is cluster-admin. It is sudo for the API server.',
    remediation:
      'Remove `impersonate`. If a proxy really must impersonate, restrict it to named identities:\n\n```yaml\nrules:\n  - apiGroups: [""]\n    resources: ["users"]\n    resourceNames: ["readonly-user"]\n    verbs: ["impersonate"]\n```',
    references: { cis: ['CIS Kubernetes 5.1.8'], nsa: NSA_RBAC, urls: [...urls, 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation'] },
    aliases: {},
    controls: ['cis:5.1.8'],
  },
  // The impersonation filter checks ServiceAccounts in their namespace, users, groups, UIDs and extras cluster-wide.
  match: (rule, _role, scope) =>
    grantedOfAny(
      rule,
      [
        { verbs: ['impersonate'], apiGroup: '', resources: ['users', 'groups', 'serviceaccounts'], anyName: true, clusterScoped: ['users', 'groups'] },
        { verbs: ['impersonate'], apiGroup: 'authentication.k8s.io', resources: ['uids', 'userextras'], anyName: true, clusterScoped: ['uids', 'userextras'] },
      ],
      scope,
    ),
});

export const serviceAccountTokenCreate = definePermissionRule({
  meta: {
    id: 'k8s/rbac-sa-token-create',
    title: 'Role can mint ServiceAccount tokens',
    severity: 'high',
    target: 'kubernetes',
    rationale:
      'create on serviceaccounts/token issues a token for a ServiceAccount (the TokenRequest API): the holder can then act as that ServiceAccount with every permission bound to it, from anywhere, for as long as the token lives.',
    remediation:
      'Remove `create` on `serviceaccounts/token`, or restrict it to the one ServiceAccount that needs it:\n\n```yaml\nrules:\n  - apiGroups: [""]\n    resources: ["serviceaccounts/token"]\n    resourceNames: ["vault-auth"]\n    verbs: ["create"]\n```',
    references: { cis: ['CIS Kubernetes 5.1.13'], nsa: NSA_RBAC, urls },
    aliases: {},
    controls: ['cis:5.1.13'],
  },
  match: (rule, _role, scope) => grantedOf(rule, { verbs: ['create'], apiGroup: '', resources: ['serviceaccounts/token'], anyName: true }, scope),
});

export const nodesProxy = definePermissionRule({
  meta: {
    id: 'k8s/rbac-nodes-proxy',
    title: 'Role can use the nodes/proxy subresource',
    severity: 'high',
    target: 'kubernetes',
    rationale:
      'nodes/proxy reaches the kubelet API through the API server, where it runs commands in any pod of the node and bypasses both audit logging of exec and admission control.',
    remediation:
      'Remove `nodes/proxy`. Monitoring agents read metrics from `nodes/metrics` and `nodes/stats` instead:\n\n```yaml\nrules:\n  - apiGroups: [""]\n    resources: ["nodes/metrics", "nodes/stats"]\n    verbs: ["get"]\n```',
    references: { cis: ['CIS Kubernetes 5.1.10'], nsa: NSA_RBAC, urls },
    aliases: { trivy: ['KSV047', 'AVD-KSV-0047'] },
    controls: ['cis:5.1.10'],
  },
  match: (rule, _role, scope) => grantedOf(rule, { verbs: ['get', 'create'], apiGroup: '', resources: ['nodes/proxy'], anyName: true, clusterScoped: ['nodes/proxy'] }, scope),
});

const CERTIFICATES = 'certificates.k8s.io';

export const csrApproval = definePermissionRule({
  meta: {
    id: 'k8s/rbac-csr-approval',
    title: 'Role can approve certificate signing requests',
    severity: 'high',
    target: 'kubernetes',
    rationale:
      'update on certificatesigningrequests/approval together with approve on a signer lets a subject approve its own CSR for the kubernetes.io/kube-apiserver-client signer: a client certificate for any user or group, system:masters included.',
    remediation:
      'Leave CSR approval to the controller manager. If a bootstrapper needs it, restrict `approve` to the signer it serves:\n\n```yaml\nrules:\n  - apiGroups: ["certificates.k8s.io"]\n    resources: ["signers"]\n    resourceNames: ["example.com/my-signer"]\n    verbs: ["approve"]\n```',
    references: { cis: ['CIS Kubernetes 5.1.11'], nsa: NSA_RBAC, urls: [...urls, 'https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization'] },
    aliases: { checkov: ['CKV_K8S_156'] },
    controls: ['cis:5.1.11'],
  },
  match: (rule, role, scope) => {
    const approval = grantedOf(rule, { verbs: ['update', 'patch'], apiGroup: CERTIFICATES, resources: ['certificatesigningrequests/approval'], anyName: true, clusterScoped: ['certificatesigningrequests/approval'] }, scope);
    if (!approval) return undefined;
    const signers = role.rules
      .map((r) => grantedOf(r.rule, { verbs: ['approve'], apiGroup: CERTIFICATES, resources: ['signers'], anyName: true, clusterScoped: ['signers'] }, scope))
      .find(Boolean);
    return signers ? `${approval} and ${signers}` : undefined;
  },
});

export const webhookConfig = definePermissionRule({
  meta: {
    id: 'k8s/rbac-webhook-config',
    title: 'Role can write admission webhook configurations',
    severity: 'high',
    target: 'kubernetes',
    rationale:
      'A mutating or validating webhook configuration sends every matching API request, Secrets and pod specs included, to a server of its author\'s choosing, which can read them, rewrite them (add a privileged container) or block them. Writing one is cluster-wide interception.',
    remediation:
      'Keep webhook configurations read-only except for the installer that owns them:\n\n```yaml\nrules:\n  - apiGroups: ["admissionregistration.k8s.io"]\n    resources: ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"]\n    verbs: ["get", "list", "watch"]\n```',
    references: { cis: ['CIS Kubernetes 5.1.12'], nsa: NSA_RBAC, urls },
    aliases: { trivy: ['KSV114', 'AVD-KSV-0114'], checkov: ['CKV_K8S_155'] },
    controls: ['cis:5.1.12'],
  },
  match: (rule, _role, scope) =>
    grantedOf(
      rule,
      {
        verbs: ['create', 'update', 'patch'],
        apiGroup: 'admissionregistration.k8s.io',
        resources: ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'],
        anyName: true,
        clusterScoped: ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'],
      },
      scope,
    ),
});

export const persistentVolumeCreate = definePermissionRule({
  meta: {
    id: 'k8s/rbac-pv-create',
    title: 'Role can create PersistentVolumes',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'A PersistentVolume is cluster-scoped and may be a hostPath: whoever creates one, and a claim bound to it, mounts any directory of the node into a pod, past Pod Security admission, which only sees the claim.',
    remediation:
      'Let a StorageClass provisioner create volumes, and give users `create` on `persistentvolumeclaims` only:\n\n```yaml\nrules:\n  - apiGroups: [""]\n    resources: ["persistentvolumeclaims"]\n    verbs: ["create", "get", "list"]\n```',
    references: { cis: ['CIS Kubernetes 5.1.9'], nsa: NSA_RBAC, urls },
    aliases: {},
    controls: ['cis:5.1.9'],
  },
  match: (rule, _role, scope) => grantedOf(rule, { verbs: ['create'], apiGroup: '', resources: ['persistentvolumes'], clusterScoped: ['persistentvolumes'] }, scope),
});

export const permissionRules = [
  secretsRead,
  createPods,
  podExec,
  bindEscalate,
  impersonate,
  serviceAccountTokenCreate,
  nodesProxy,
  csrApproval,
  webhookConfig,
  persistentVolumeCreate,
];
