import type { AdmissionConfig } from '../../../config/admission.js';
import type { ResourceType } from '../../../sources/cluster/discovery.js';
import type { ServingCertificate } from './certificate.js';
import { POLICY_REPORT_GROUP, policyReportCrds } from './policy-report-crds.js';
import { EVALUATED_RESOURCES } from './resources.js';
import { API_ACCESS_MOUNT, API_ACCESS_VOLUME } from '../../manifests/api-access.js';

type Manifest = Record<string, unknown>;

export const DEFAULT_NAMESPACE = 'rampart-system';
/** One name for every object `install` makes, so `kubectl get all -l` and a rollback find them all. */
export const INSTALL_NAME = 'rampart-admission';
const VALIDATING_WEBHOOK = 'validate.rampart.io';
const MUTATING_WEBHOOK = 'mutate.rampart.io';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGER = 'rampart';

/** Where the pod finds what `install` gives it; `admission serve` is started with these paths. */
const POD_PATHS = {
  config: '/etc/rampart/config/rampart.yaml',
  tlsCert: '/etc/rampart/tls/tls.crt',
  tlsKey: '/etc/rampart/tls/tls.key',
} as const;
const CONTAINER_PORT = 8443;
/** How often the installed webhook rewrites its PolicyReports; what predates it shows within the hour. */
const AUDIT_INTERVAL = '1h';

export interface InstallOptions {
  namespace: string;
  image: string;
  /** `self-signed` ships `servingCertificate` as a Secret; `cert-manager` asks cert-manager for one. */
  certificate: 'self-signed' | 'cert-manager';
  servingCertificate?: ServingCertificate;
  mutate: boolean;
  failurePolicy: 'Fail' | 'Ignore';
  timeoutSeconds: number;
  /** `rampart.yaml` as given, shipped verbatim so the cluster judges with the rules CI uses. */
  configText: string;
  /** The parsed `admission:` section: its exemptions become webhook selectors and match conditions. */
  admission: AdmissionConfig;
}

/** The Service's names, as the serving certificate must cover them. */
export function serviceDnsNames(namespace: string): string[] {
  return [`${INSTALL_NAME}.${namespace}.svc`, `${INSTALL_NAME}.${namespace}.svc.cluster.local`];
}

function serviceAccountUsername(namespace: string): string {
  return `system:serviceaccount:${namespace}:${INSTALL_NAME}`;
}

/**
 * Everything `rampart admission install` ships, in apply order: CRDs and the namespace first, the webhook
 * configurations last, so the apiserver is never sent to a Service or certificate that does not exist yet.
 */
export function renderInstallManifests(options: InstallOptions): Manifest[] {
  if (options.certificate === 'self-signed' && !options.servingCertificate) throw new Error('a self-signed install needs its serving certificate');
  const labels = { 'app.kubernetes.io/name': INSTALL_NAME, 'app.kubernetes.io/part-of': 'rampart', [MANAGED_BY_LABEL]: MANAGER };
  const ns = options.namespace;
  const meta: MetaFn = (name) => ({ name, namespace: ns, labels });
  const selector = { 'app.kubernetes.io/name': INSTALL_NAME };
  return [
    ...policyReportCrds(labels),
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: {
          ...labels,
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
          // The webhook configurations exempt this namespace by name already; the labels say so to a reader.
          'rampart.io/enforce': 'off',
          'rampart.io/warn': 'off',
          'rampart.io/audit': 'off',
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta(INSTALL_NAME),
      // The pod mounts an expiring, projected token itself (see the Deployment); nothing else gets one.
      automountServiceAccountToken: false,
    },
    clusterRole(labels),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: INSTALL_NAME, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: INSTALL_NAME },
      subjects: [{ kind: 'ServiceAccount', name: INSTALL_NAME, namespace: ns }],
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(`${INSTALL_NAME}-config`),
      data: { 'rampart.yaml': options.configText },
    },
    ...certificateObjects(options, meta),
    deployment(options, meta, selector),
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(INSTALL_NAME),
      spec: { minAvailable: 1, selector: { matchLabels: selector } },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(INSTALL_NAME),
      spec: { type: 'ClusterIP', selector, ports: [{ name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' }] },
    },
    ...networkPolicies(meta, selector),
    webhookConfiguration('validating', options, labels),
    ...(options.mutate ? [webhookConfiguration('mutating', options, labels)] : []),
  ];
}

/**
 * Least privilege: read namespaces (their `rampart.io/*` and Pod Security labels steer each decision), list and watch
 * what the audit evaluates, and write PolicyReports. No Secrets, no writes to anything else.
 */
function clusterRole(labels: Record<string, string>): Manifest {
  const byGroup = new Map<string, string[]>();
  for (const type of EVALUATED_RESOURCES) {
    if (type.resource === 'namespaces') continue;
    byGroup.set(type.group, [...(byGroup.get(type.group) ?? []), type.resource]);
  }
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: INSTALL_NAME, labels },
    rules: [
      { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
      ...[...byGroup].map(([group, resources]) => ({ apiGroups: [group], resources, verbs: ['list', 'watch'] })),
      { apiGroups: [POLICY_REPORT_GROUP], resources: ['policyreports', 'clusterpolicyreports'], verbs: ['create', 'update', 'patch'] },
    ],
  };
}

type MetaFn = (name: string) => Record<string, unknown>;

const TLS_SECRET = `${INSTALL_NAME}-tls`;

function certificateObjects(options: InstallOptions, meta: MetaFn): Manifest[] {
  if (options.certificate === 'cert-manager') {
    // A self-signed issuer: the certificate is its own CA, and cert-manager's CA injector copies it into the
    // webhook configurations (the `inject-ca-from` annotation) and renews it before it expires.
    return [
      { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: meta(INSTALL_NAME), spec: { selfSigned: {} } },
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: meta(INSTALL_NAME),
        spec: {
          secretName: TLS_SECRET,
          dnsNames: serviceDnsNames(options.namespace),
          duration: '8760h',
          renewBefore: '720h',
          privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
          usages: ['server auth', 'digital signature'],
          issuerRef: { kind: 'Issuer', name: INSTALL_NAME },
        },
      },
    ];
  }
  const certificate = options.servingCertificate!;
  return [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(TLS_SECRET),
      type: 'kubernetes.io/tls',
      data: {
        'tls.crt': base64(certificate.cert),
        'tls.key': base64(certificate.key),
        // The trusted bundle, kept so the next `install --apply` can reuse this certificate or roll it over.
        'ca.crt': base64(certificate.ca),
      },
    },
  ];
}

function deployment(options: InstallOptions, meta: MetaFn, selector: Record<string, string>): Manifest {
  const https = { port: 'https', scheme: 'HTTPS' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(INSTALL_NAME),
    spec: {
      replicas: 2,
      revisionHistoryLimit: 3,
      // A rollout never takes a replica away before its successor is ready: the apiserver always has someone to ask.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: { ...selector, 'app.kubernetes.io/part-of': 'rampart' } },
        spec: {
          serviceAccountName: INSTALL_NAME,
          // The namespace lookups and the audit need the API; the token is projected below instead.
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          affinity: {
            podAntiAffinity: {
              // Preferred, not required: a one-node cluster still runs both replicas rather than half of them.
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: selector } } },
              ],
            },
          },
          containers: [
            {
              name: 'webhook',
              image: options.image,
              imagePullPolicy: 'IfNotPresent',
              args: [
                'admission', 'serve', '--config', POD_PATHS.config, '--tls-cert', POD_PATHS.tlsCert, '--tls-key', POD_PATHS.tlsKey,
                '--port', String(CONTAINER_PORT), '--audit-interval', AUDIT_INTERVAL,
              ],
              env: [{ name: 'HOME', value: '/tmp' }],
              ports: [{ name: 'https', containerPort: CONTAINER_PORT, protocol: 'TCP' }],
              readinessProbe: { httpGet: { ...https, path: '/readyz' }, periodSeconds: 5, failureThreshold: 2 },
              livenessProbe: { httpGet: { ...https, path: '/healthz' }, initialDelaySeconds: 5, periodSeconds: 10, failureThreshold: 3 },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              resources: {
                requests: { cpu: '100m', memory: '128Mi', 'ephemeral-storage': '16Mi' },
                limits: { cpu: '1', memory: '384Mi', 'ephemeral-storage': '64Mi' },
              },
              volumeMounts: [
                { name: 'config', mountPath: '/etc/rampart/config', readOnly: true },
                { name: 'tls', mountPath: '/etc/rampart/tls', readOnly: true },
                { name: 'tmp', mountPath: '/tmp' },
                API_ACCESS_MOUNT,
              ],
            },
          ],
          volumes: [
            { name: 'config', configMap: { name: `${INSTALL_NAME}-config` } },
            // A Secret volume, not env vars: the kubelet refreshes the files on renewal and the server reloads them.
            { name: 'tls', secret: { secretName: TLS_SECRET, defaultMode: 0o440 } },
            { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
            API_ACCESS_VOLUME,
          ],
        },
      },
    },
  };
}

/** Only the apiserver calls in; the pods call out to DNS, the apiserver and registries (image trust). */
function networkPolicies(meta: MetaFn, selector: Record<string, string>): Manifest[] {
  return [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(`${INSTALL_NAME}-default-deny`),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(INSTALL_NAME),
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress', 'Egress'],
        // The apiserver's address differs per cluster (often outside the pod network): the port is what is known.
        ingress: [{ ports: [{ protocol: 'TCP', port: CONTAINER_PORT }] }],
        egress: [
          {
            to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
            ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
          },
          { ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }] },
        ],
      },
    },
  ];
}

function webhookConfiguration(kind: 'validating' | 'mutating', options: InstallOptions, labels: Record<string, string>): Manifest {
  const validating = kind === 'validating';
  const exempt = [...new Set(['kube-system', options.namespace, ...options.admission.exemptions.namespaces])];
  const webhook: Record<string, unknown> = {
    name: validating ? VALIDATING_WEBHOOK : MUTATING_WEBHOOK,
    admissionReviewVersions: ['v1'],
    sideEffects: 'None',
    failurePolicy: options.failurePolicy,
    timeoutSeconds: options.timeoutSeconds,
    clientConfig: {
      service: { name: INSTALL_NAME, namespace: options.namespace, path: validating ? '/validate' : '/mutate', port: 443 },
      ...(options.certificate === 'self-signed' ? { caBundle: base64(options.servingCertificate!.ca) } : {}),
    },
    rules: webhookRules(EVALUATED_RESOURCES),
    // The webhook can never block its own recovery, nor the control plane's: by name, so no label can undo it.
    namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: exempt }] },
    matchConditions: matchConditions(options),
    ...(validating ? {} : { reinvocationPolicy: 'IfNeeded' }),
  };
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: validating ? 'ValidatingWebhookConfiguration' : 'MutatingWebhookConfiguration',
    metadata: {
      name: INSTALL_NAME,
      labels,
      ...(options.certificate === 'cert-manager' ? { annotations: { 'cert-manager.io/inject-ca-from': `${options.namespace}/${INSTALL_NAME}` } } : {}),
    },
    webhooks: [webhook],
  };
}

/** One rule per API group; Namespaces are cluster-scoped, everything else may be either. */
function webhookRules(types: readonly ResourceType[]): Manifest[] {
  const byGroup = new Map<string, { versions: Set<string>; resources: string[] }>();
  for (const type of types) {
    const entry = byGroup.get(type.group) ?? { versions: new Set<string>(), resources: [] };
    entry.versions.add(type.apiVersion.split('/').at(-1)!);
    entry.resources.push(type.resource);
    byGroup.set(type.group, entry);
  }
  return [...byGroup].map(([group, { versions, resources }]) => ({
    apiGroups: [group],
    apiVersions: [...versions],
    operations: ['CREATE', 'UPDATE'],
    resources,
    scope: '*',
  }));
}

/**
 * CEL conditions the apiserver checks before calling: requests by Rampart's own service account, and by the
 * configured exempt users, groups and service accounts, never reach the webhook (no latency, no failure mode).
 */
function matchConditions(options: InstallOptions): Manifest[] {
  const { exemptions } = options.admission;
  const users = [serviceAccountUsername(options.namespace), ...exemptions.usernames, ...exemptions.serviceAccounts.map(serviceAccountToUsername)];
  const conditions: Manifest[] = [{ name: 'not-exempt-user', expression: `!(request.userInfo.username in ${celList(users)})` }];
  if (exemptions.groups.length > 0) {
    conditions.push({ name: 'not-exempt-group', expression: `!request.userInfo.groups.exists(g, g in ${celList(exemptions.groups)})` });
  }
  return conditions;
}

function serviceAccountToUsername(entry: string): string {
  const [namespace, name] = entry.split('/');
  return `system:serviceaccount:${namespace}:${name}`;
}

/** A CEL list literal; JSON string escaping is valid CEL string escaping for these names. */
function celList(values: string[]): string {
  return `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
