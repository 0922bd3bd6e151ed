/** The namespace the warm-up's objects are in: the warm-up decider's only one, labelled as the API server labels any. */
export const WARM_UP_NAMESPACE = 'rampart-warm-up';

/**
 * What the API server sends most: workloads, compliant and not (a denial builds messages a clean review does not),
 * written as kube-apiserver writes them into a review, with the fields its defaulting adds, in the order its encoder
 * writes them. The order is the point: V8 compiles the rules for the object shapes it has seen, and objects written
 * in another order sent the rules back to the interpreter ("wrong map") when the first real reviews arrived.
 * test/admission-warm-up-objects.test.ts holds them against a real kube-apiserver's answer to a dry-run create.
 */
export const WARM_UP_OBJECTS: ReadonlyArray<Record<string, unknown>> = [
  { kind: 'Deployment', apiVersion: 'apps/v1', metadata: objectMetadata('web', 'apps/v1'), spec: deploymentSpec('web', false), status: {} },
  { kind: 'Deployment', apiVersion: 'apps/v1', metadata: objectMetadata('legacy', 'apps/v1'), spec: deploymentSpec('legacy', true), status: {} },
  {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: objectMetadata('job-runner', 'v1'),
    spec: {
      ...podSpec('job-runner', false),
      // Added by the API server's admission plugins and defaults for a Pod created directly.
      tolerations: ['not-ready', 'unreachable'].map((condition) => ({ key: `node.kubernetes.io/${condition}`, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 })),
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    },
    status: { phase: 'Pending', qosClass: 'Burstable' },
  },
];

function objectMetadata(name: string, apiVersion: string): Record<string, unknown> {
  const time = '2026-01-01T00:00:00Z';
  return {
    name,
    namespace: WARM_UP_NAMESPACE,
    uid: '00000000-0000-4000-8000-000000000000',
    generation: 1,
    creationTimestamp: time,
    labels: { app: name, 'app.kubernetes.io/name': name },
    annotations: { 'deployment.kubernetes.io/revision': '1' },
    // The field set itself is left out: no rule reads it, and its shape is the same either way.
    managedFields: [{ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion, time, fieldsType: 'FieldsV1', fieldsV1: {} }],
  };
}

function deploymentSpec(name: string, careless: boolean): Record<string, unknown> {
  return {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: podSpec(name, careless) },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
  };
}

function podSpec(name: string, careless: boolean): Record<string, unknown> {
  return {
    volumes: [{ name: 'tmp', emptyDir: {} }],
    containers: [container(name, careless), container('log-shipper', careless)],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: name,
    serviceAccount: name,
    automountServiceAccountToken: careless,
    ...(careless ? { hostNetwork: true, securityContext: {} } : { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } }),
    schedulerName: 'default-scheduler',
  };
}

function container(name: string, careless: boolean): Record<string, unknown> {
  const probe = (path: string, failureThreshold: number) => ({ httpGet: { path, port: 'http', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold });
  return {
    name,
    image: careless ? `registry.example/${name}:latest` : `registry.example/${name}@sha256:${'0f'.repeat(32)}`,
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: `${name}-db`, key: 'password' } } }],
    resources: careless ? {} : { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    livenessProbe: probe('/livez', 6),
    readinessProbe: probe('/readyz', 3),
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: careless ? 'Always' : 'IfNotPresent',
    securityContext: careless
      ? { privileged: true }
      : { capabilities: { drop: ['ALL'] }, runAsUser: 10001, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' } },
  };
}
