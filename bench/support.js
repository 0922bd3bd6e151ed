// Shared by the benchmarks: deterministic inputs and the statistic we report.
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** mulberry32: deterministic, and without the short low-bit cycles of a power-of-two LCG. */
export function seededRandom(seed) {
  let state = seed;
  const random = (n) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  return { random, pick: (list) => list[random(list.length)] };
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * `node` arguments that run the CLI with `args`: bin/rampart.js, or with RAMPART_DIST set, that build's module tree
 * (e.g. from `npx tsc -p tsconfig.build.json --outDir /tmp/x-dist`), to compare two builds without touching dist/.
 */
export function rampartArgs(args) {
  const dist = process.env.RAMPART_DIST;
  if (!dist) return [fileURLToPath(new URL('../bin/rampart.js', import.meta.url)), ...args];
  const main = pathToFileURL(join(resolve(dist), 'cli', 'main.js')).href;
  return ['--input-type=module', '-e', `const { main } = await import(${JSON.stringify(main)}); process.exitCode = await main(${JSON.stringify(args)});`];
}

// Workloads shaped like what CI ships, for the single-object and admission benchmarks: two containers, probes,
// resources; careless ones are privileged, host-networked and unpinned.
const digest = 'sha256:' + 'a1b2c3d4'.repeat(8);

export function container(name, careless) {
  return {
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
  };
}

export function podSpec(careless, names) {
  return {
    automountServiceAccountToken: false,
    serviceAccountName: 'web',
    ...(careless ? { hostNetwork: true } : { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } }),
    containers: names.map((name) => container(name, careless)),
    volumes: [{ name: 'tmp', emptyDir: {} }],
  };
}

export const metadata = (name, i) => ({ name: `${name}-${i}`, namespace: 'shop', labels: { app: name, 'app.kubernetes.io/name': name } });

export function deployment(careless, i) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata('web', i),
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: podSpec(careless, ['web', 'sidecar']) } },
  };
}
