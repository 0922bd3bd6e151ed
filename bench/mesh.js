// Mesh mTLS posture at scale: 5,000 workloads in 100 namespaces (Istio and Linkerd), 1,100
// PeerAuthentications, 500 DestinationRules, 5,000 Services. Prints the median wall time of
// meshPosture() and of running every mesh rule through the engine (parsing excluded). Run after
// `npm run build`:
//   node bench/mesh.js [runs]
import { parseYamlFile } from '../dist/parsers/kubernetes/documents.js';
import { extractObjects } from '../dist/parsers/kubernetes/objects.js';
import { meshPosture } from '../dist/checks/analysis/mesh/index.js';
import { runSetRules } from '../dist/pipeline/kubernetes.js';
import { meshRules } from '../dist/checks/rules/kubernetes/mesh/index.js';
import { median } from './support.js';

const NAMESPACES = 100;
const PER_NAMESPACE = 50;
const RUNS = Number(process.argv[2] ?? 7);
const SETTINGS = { pss: { level: 'restricted', version: { major: 1, minor: 99 } }, allowedRegistries: [] };

function generate() {
  const docs = [{ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: 'STRICT' } } }];
  for (let n = 0; n < NAMESPACES; n++) {
    const ns = `ns${n}`;
    const linkerd = n % 4 === 3;
    docs.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: linkerd ? { name: ns, annotations: { 'linkerd.io/inject': 'enabled' } } : { name: ns, labels: n % 5 === 0 ? {} : { 'istio-injection': 'enabled' } },
    });
    if (!linkerd) docs.push({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: ns }, spec: { mtls: { mode: n % 2 ? 'STRICT' : 'PERMISSIVE' } } });
    for (let w = 0; w < PER_NAMESPACE; w++) {
      const labels = { app: `w${w}`, ...(w % 17 === 0 ? { 'sidecar.istio.io/inject': 'false' } : {}) };
      const annotations = w % 23 === 0 ? { 'config.linkerd.io/skip-inbound-ports': '25', 'traffic.sidecar.istio.io/excludeInboundPorts': '25' } : {};
      docs.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `w${w}`, namespace: ns },
        spec: { template: { metadata: { labels, annotations }, spec: { containers: [{ name: 'main', image: 'example' }] } } },
      });
      docs.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: `w${w}`, namespace: ns }, spec: { selector: { app: `w${w}` }, ports: [{ port: 80 }] } });
      if (w % 5 === 0 && !linkerd) {
        docs.push({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: `w${w}`, namespace: ns }, spec: { host: `w${w}`, trafficPolicy: { tls: { mode: w % 10 ? 'ISTIO_MUTUAL' : 'DISABLE' } } } });
      }
      if (w % 5 === 1 && !linkerd) {
        docs.push({
          apiVersion: 'security.istio.io/v1',
          kind: 'PeerAuthentication',
          metadata: { name: `w${w}`, namespace: ns },
          spec: { selector: { matchLabels: { app: `w${w}` } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'DISABLE' } } },
        });
      }
    }
  }
  return docs.map((d) => JSON.stringify(d)).join('\n---\n');
}

const objects = extractObjects(parseYamlFile('mesh-bench.yaml', generate()));
const posture = [];
const rules = [];
let findings = 0;
for (let i = 0; i < RUNS; i++) {
  let started = performance.now();
  meshPosture(objects);
  posture.push(performance.now() - started);
  // A fresh array defeats the per-scan analysis cache, as a new scan would.
  const copy = [...objects];
  started = performance.now();
  findings = runSetRules(copy, meshRules, SETTINGS).hits.length;
  rules.push(performance.now() - started);
}
console.log(`objects: ${objects.length}, findings: ${findings}, runs: ${RUNS}`);
console.log(`meshPosture: median ${median(posture).toFixed(1)} ms`);
console.log(`all mesh rules (engine, locations included): median ${median(rules).toFixed(1)} ms`);
