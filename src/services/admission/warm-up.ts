import type { AdmissionRequest } from './review.js';

/**
 * Rounds of warm-up reviews a webhook answers itself before it listens. Cold, the request path (fastify, parsing, the
 * rules, the response) runs in V8's interpreter at several times its compiled cost: measured on 2 cores at 1,000
 * reviews a second, a cold server fell behind for its first 2 to 3 s and every review in that time waited up to
 * 400 ms. Kubernetes sends nothing before the pod is ready, so the first real reviews should find the path compiled.
 */
export const WARM_UP_ROUNDS = 100;

const NAMESPACE = 'rampart-warm-up';

/**
 * Workloads that reach most rules and their findings' code: one written with care (pinned image, limits, probes,
 * restricted security context) and one without (privileged, host namespaces and paths, `latest`, no limits, a
 * credential in an environment variable, the default service account), as a Deployment, a Pod and a CronJob, plus
 * a Service, an Ingress and RBAC. Their contents are made up; nothing about them is sent or stored anywhere.
 */
export function warmUpObjects(): Array<Record<string, unknown>> {
  const metadata = (name: string) => ({ name, namespace: NAMESPACE, labels: { app: name, 'app.kubernetes.io/name': name } });
  const container = (name: string, careless: boolean) => ({
    name,
    image: careless ? `registry.example.com/warm-up/${name}:latest` : `registry.example.com/warm-up/${name}@sha256:${'0'.repeat(64)}`,
    ports: [{ containerPort: 8080, name: 'http', ...(careless ? { hostPort: 8080 } : {}) }],
    env: careless ? [{ name: 'DB_PASSWORD', value: 'warm-up-not-a-secret' }] : [{ name: 'LOG_LEVEL', value: 'info' }],
    resources: careless ? {} : { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    ...(careless ? {} : { livenessProbe: { httpGet: { path: '/healthz', port: 'http' } }, readinessProbe: { httpGet: { path: '/ready', port: 'http' } } }),
    securityContext: careless
      ? { privileged: true, allowPrivilegeEscalation: true, capabilities: { add: ['SYS_ADMIN', 'NET_RAW'] }, runAsUser: 0 }
      : { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 10001, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
    volumeMounts: [{ name: careless ? 'host' : 'tmp', mountPath: '/data' }],
  });
  const podSpec = (careless: boolean) => ({
    ...(careless
      ? { hostNetwork: true, hostPID: true, hostIPC: true, volumes: [{ name: 'host', hostPath: { path: '/var/run/docker.sock' } }] }
      : { automountServiceAccountToken: false, serviceAccountName: 'web', securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, volumes: [{ name: 'tmp', emptyDir: {} }] }),
    containers: [container('web', careless), container('sidecar', careless)],
    ...(careless ? { initContainers: [container('init', true)] } : {}),
  });
  const template = (careless: boolean) => ({ metadata: { labels: { app: 'web' } }, spec: podSpec(careless) });
  const objects: Array<Record<string, unknown>> = [];
  for (const careless of [false, true]) {
    const name = careless ? 'careless' : 'careful';
    objects.push(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: metadata(name), spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template(careless) } },
      { apiVersion: 'v1', kind: 'Pod', metadata: metadata(name), spec: podSpec(careless) },
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: metadata(name), spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { ...template(careless), spec: { ...podSpec(careless), restartPolicy: 'Never' } } } } } },
    );
  }
  objects.push(
    { apiVersion: 'v1', kind: 'Service', metadata: metadata('web'), spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: metadata('web'), spec: { rules: [{ host: 'web.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: metadata('web'), rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'warm-up' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: NAMESPACE }] },
  );
  return objects;
}

/** The warm-up objects as CREATE reviews from an ordinary user, the way the API server sends them. */
export function warmUpReviews(): AdmissionRequest[] {
  return warmUpObjects().map((object, index) => {
    const kind = object.kind as string;
    const [group, version] = (object.apiVersion as string).includes('/') ? (object.apiVersion as string).split('/') : ['', object.apiVersion as string];
    const metadata = object.metadata as { name: string; namespace?: string };
    return {
      uid: `rampart-warm-up-${index}`,
      kind: { group: group!, version: version!, kind },
      resource: { group: group!, version: version!, resource: `${kind.toLowerCase()}s` },
      ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
      name: metadata.name,
      operation: 'CREATE',
      userInfo: { username: 'rampart-warm-up', groups: ['system:authenticated'] },
      object,
      dryRun: false,
    };
  });
}
