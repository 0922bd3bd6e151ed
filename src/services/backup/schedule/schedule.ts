import type { ResourceType } from '../../../sources/cluster/discovery.js';
import { API_ACCESS_MOUNT, API_ACCESS_VOLUME } from '../../manifests/api-access.js';

type Manifest = Record<string, unknown>;

export const SCHEDULE_NAME = 'rampart-backup';
export const DEFAULT_SCHEDULE_NAMESPACE = 'rampart-backup';
/** Secrets the operator creates in the namespace; never rendered, so no key is ever in a manifest or a repository. */
export const SIGNING_KEY_SECRET = 'rampart-backup-signing-key';
export const S3_CREDENTIALS_SECRET = 'rampart-backup-s3-credentials';
const SIGNING_KEY_FILE = 'backup-signing.key';
const KEY_DIR = '/etc/rampart/backup-key';
const S3_DIR = '/etc/rampart/s3';

/** One group's resource types the backup reads. */
export interface ReadGrant {
  group: string;
  resources: string[];
}

/**
 * What `backup create` reads when nothing else is known: every built-in type that holds configuration (not runtime
 * state: events, endpoints, leases and controller revisions are left out, as the backup leaves them out).
 */
export const BUILT_IN_GRANTS: readonly ReadGrant[] = [
  { group: '', resources: ['configmaps', 'limitranges', 'namespaces', 'persistentvolumeclaims', 'persistentvolumes', 'podtemplates', 'pods', 'replicationcontrollers', 'resourcequotas', 'secrets', 'serviceaccounts', 'services'] },
  { group: 'admissionregistration.k8s.io', resources: ['mutatingwebhookconfigurations', 'validatingadmissionpolicies', 'validatingadmissionpolicybindings', 'validatingwebhookconfigurations'] },
  { group: 'apiextensions.k8s.io', resources: ['customresourcedefinitions'] },
  { group: 'apps', resources: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'] },
  { group: 'autoscaling', resources: ['horizontalpodautoscalers'] },
  { group: 'batch', resources: ['cronjobs', 'jobs'] },
  { group: 'networking.k8s.io', resources: ['ingressclasses', 'ingresses', 'networkpolicies'] },
  { group: 'node.k8s.io', resources: ['runtimeclasses'] },
  { group: 'policy', resources: ['poddisruptionbudgets'] },
  { group: 'rbac.authorization.k8s.io', resources: ['clusterrolebindings', 'clusterroles', 'rolebindings', 'roles'] },
  { group: 'scheduling.k8s.io', resources: ['priorityclasses'] },
  { group: 'storage.k8s.io', resources: ['csidrivers', 'storageclasses'] },
];

export interface ScheduleOptions {
  namespace: string;
  /** Cron expression of the CronJob. */
  schedule: string;
  /** Pinned by digest by the caller where it can be. */
  image: string;
  /** `s3://bucket/prefix`: the backups live outside the cluster they protect. */
  target: string;
  /** An S3-compatible endpoint (`https://host:port`); absent for AWS. */
  s3Endpoint?: string;
  s3Region?: string;
  /** Arguments of `backup create` after the target, the key and the S3 endpoint (selection, object lock). */
  createArgs: string[];
  /** `--include-types` of `backup create`; empty: exactly the granted types, so no list is refused and no run is incomplete. */
  includeTypes: string[];
  /** Types the ClusterRole lets the job get and list. */
  grants: readonly ReadGrant[];
}

/** `plural.group` (or `plural` for the core group) entries, merged per group with the built-in ones. */
export function grantsFor(extra: readonly Pick<ResourceType, 'group' | 'resource'>[], base: readonly ReadGrant[] = BUILT_IN_GRANTS): ReadGrant[] {
  const byGroup = new Map(base.map((grant) => [grant.group, new Set(grant.resources)]));
  for (const type of extra) {
    const set = byGroup.get(type.group) ?? new Set<string>();
    set.add(type.resource);
    byGroup.set(type.group, set);
  }
  return [...byGroup].sort(([a], [b]) => a.localeCompare(b)).map(([group, resources]) => ({ group, resources: [...resources].sort() }));
}

/**
 * A CronJob that runs `rampart backup create` in its own namespace, with a ServiceAccount that can get and list the
 * granted types and nothing else (no write, no watch, no subresource: neither pods/exec nor nodes/proxy), a
 * NetworkPolicy that lets it reach only DNS, the API server and object storage, and a restricted, read-only pod.
 */
export function renderSchedule(options: ScheduleOptions): Manifest[] {
  const ns = options.namespace;
  const labels = { 'app.kubernetes.io/name': SCHEDULE_NAME, 'app.kubernetes.io/part-of': 'rampart', 'app.kubernetes.io/managed-by': 'rampart' };
  const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: ns, labels, ...extra });
  const selector = { 'app.kubernetes.io/name': SCHEDULE_NAME };
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { ...labels, 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted' } },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(SCHEDULE_NAME), automountServiceAccountToken: false },
    clusterRole(options.grants, labels),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: SCHEDULE_NAME, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: SCHEDULE_NAME },
      subjects: [{ kind: 'ServiceAccount', name: SCHEDULE_NAME, namespace: ns }],
    },
    cronJob(options, meta, selector),
    ...networkPolicies(options, meta, selector),
  ];
}

function clusterRole(grants: readonly ReadGrant[], labels: Record<string, string>): Manifest {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: {
      name: SCHEDULE_NAME,
      labels,
      annotations: {
        // Reading every Secret is what a backup is for; it stores them encrypted to keys the cluster never holds.
        'rampart.io/ignore': 'k8s/rbac-secrets-read: the backup job reads Secrets only to encrypt them client-side (age) before they leave the cluster',
      },
    },
    rules: grants.map((grant) => ({ apiGroups: [grant.group], resources: grant.resources, verbs: ['get', 'list'] })),
  };
}

type MetaFn = (name: string, extra?: Record<string, unknown>) => Record<string, unknown>;

function cronJob(options: ScheduleOptions, meta: MetaFn, selector: Record<string, string>): Manifest {
  const args = [
    'backup', 'create', '--target', options.target, '--signing-key', `${KEY_DIR}/${SIGNING_KEY_FILE}`,
    ...(options.s3Endpoint ? ['--s3-endpoint', options.s3Endpoint] : []),
    ...(options.s3Region ? ['--s3-region', options.s3Region] : []),
    ...options.createArgs,
    '--include-types', (options.includeTypes.length > 0 ? options.includeTypes : grantedTypes(options.grants)).join(','),
  ];
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta(SCHEDULE_NAME),
    spec: {
      schedule: options.schedule,
      // Two backups at once would race for the chain's head; the second waits for the next slot instead.
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        spec: {
          backoffLimit: 2,
          activeDeadlineSeconds: 3 * 3600,
          ttlSecondsAfterFinished: 7 * 24 * 3600,
          template: {
            metadata: { labels: { ...selector, 'app.kubernetes.io/part-of': 'rampart' } },
            spec: {
              serviceAccountName: SCHEDULE_NAME,
              automountServiceAccountToken: false,
              restartPolicy: 'Never',
              securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [
                {
                  name: 'backup',
                  image: options.image,
                  imagePullPolicy: 'IfNotPresent',
                  args,
                  // A credentials file, not environment variables: nothing in `kubectl describe` or /proc/*/environ.
                  env: [{ name: 'HOME', value: '/tmp' }, { name: 'AWS_SHARED_CREDENTIALS_FILE', value: `${S3_DIR}/credentials` }],
                  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
                  resources: {
                    requests: { cpu: '200m', memory: '256Mi', 'ephemeral-storage': '64Mi' },
                    limits: { cpu: '1', memory: '1Gi', 'ephemeral-storage': '256Mi' },
                  },
                  volumeMounts: [
                    { name: 'tmp', mountPath: '/tmp' },
                    { name: 'signing-key', mountPath: KEY_DIR, readOnly: true },
                    { name: 's3-credentials', mountPath: S3_DIR, readOnly: true },
                    API_ACCESS_MOUNT,
                  ],
                },
              ],
              volumes: [
                { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
                { name: 'signing-key', secret: { secretName: SIGNING_KEY_SECRET, defaultMode: 0o400, items: [{ key: SIGNING_KEY_FILE, path: SIGNING_KEY_FILE }] } },
                { name: 's3-credentials', secret: { secretName: S3_CREDENTIALS_SECRET, defaultMode: 0o400 } },
                API_ACCESS_VOLUME,
              ],
            },
          },
        },
      },
    },
  };
}

/** Nothing may reach the job; it may reach DNS, the API server and the object store's port only. */
function networkPolicies(options: ScheduleOptions, meta: MetaFn, selector: Record<string, string>): Manifest[] {
  const storagePort = options.s3Endpoint ? endpointPort(options.s3Endpoint) : 443;
  const ports = [...new Set([443, 6443, storagePort])].map((port) => ({ protocol: 'TCP', port }));
  return [
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(`${SCHEDULE_NAME}-default-deny`), spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(SCHEDULE_NAME),
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress', 'Egress'],
        egress: [
          { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] },
          // The API server's and the object store's addresses differ per cluster: their ports are what is known.
          { ports },
        ],
      },
    },
  ];
}

function grantedTypes(grants: readonly ReadGrant[]): string[] {
  return grants.flatMap((grant) => grant.resources.map((resource) => (grant.group ? `${resource}.${grant.group}` : resource)));
}

function endpointPort(endpoint: string): number {
  const url = new URL(endpoint);
  return url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
}
