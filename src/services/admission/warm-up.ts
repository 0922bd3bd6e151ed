import type { Evaluate } from '../../pipeline/evaluate.js';

/**
 * Rounds of evaluation a webhook runs before it listens. Cold, the rules run in V8's interpreter at several times their
 * compiled cost: measured on 2 cores at 1,000 reviews a second, a cold server fell behind for its first 2.7 s and every
 * review in that time waited up to 400 ms. Kubernetes sends nothing before the pod is ready, so the first reviews
 * should find the rules compiled. Measured: 100 rounds (2,000 evaluations) take about 0.5 s at start.
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

/** Runs each evaluator over the warm-up objects `rounds` times; the results are thrown away. Returns the milliseconds spent. */
export function warmUp(evaluators: readonly Evaluate[], rounds: number = WARM_UP_ROUNDS): number {
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    // New objects each round, as every review brings: nothing cached per object makes later rounds cheaper than real ones.
    for (const evaluate of evaluators) {
      for (const object of warmUpObjects()) evaluate(object, { operation: 'CREATE', namespace: NAMESPACE });
    }
  }
  return performance.now() - started;
}
