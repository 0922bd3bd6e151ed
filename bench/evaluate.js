// Single-object evaluation, the admission webhook's path: one typical Deployment per call, every rule on.
// Reports the median and 99th percentile of many calls after a warm-up, for a compliant workload (the common case
// at admission) and for a careless one (findings located and turned into a JSON Patch).
import { createEvaluator } from '../dist/index.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 20_000);
const digest = 'sha256:' + 'a1b2c3d4'.repeat(8);

function deployment(careless, i) {
  const container = (name) => ({
    name,
    image: careless ? `registry.example.com/shop/${name}:latest` : `registry.example.com/shop/${name}@${digest}`,
    ports: [{ containerPort: 8080, name: 'http' }],
    env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'DB_HOST', value: 'db.shop.svc' }],
    resources: careless ? {} : { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
    readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
    securityContext: careless
      ? { privileged: true }
      : { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 10001, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `web-${i}`, namespace: 'shop', labels: { app: 'web', 'app.kubernetes.io/name': 'web' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          automountServiceAccountToken: false,
          serviceAccountName: 'web',
          ...(careless ? { hostNetwork: true } : { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } }),
          containers: [container('web'), container('sidecar')],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
}

function measure(evaluate, careless) {
  for (let i = 0; i < 2_000; i++) evaluate(deployment(careless, i));
  const samples = new Float64Array(CALLS);
  let findings = 0;
  for (let i = 0; i < CALLS; i++) {
    const object = deployment(careless, i);
    const started = performance.now();
    findings = evaluate(object).findings.length;
    samples[i] = performance.now() - started;
  }
  samples.sort();
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return { median: at(0.5), p99: at(0.99), findings };
}

const evaluate = createEvaluator({ settings: { pss: { level: 'restricted', version: { major: 1, minor: 99 } }, allowedRegistries: [] } });
console.log(`single-object evaluation, ${CALLS} calls each after warm-up (node ${process.version})`);
for (const careless of [false, true]) {
  const { median, p99, findings } = measure(evaluate, careless);
  console.log(`${careless ? 'careless ' : 'compliant'} Deployment (${findings} findings): median ${median.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms`);
}
