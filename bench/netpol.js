// NetworkPolicy matrix at scale: 5,000 workloads in 100 namespaces, 2,000 policies. Prints the
// median wall time of building the model and computing the full matrix (parsing excluded), and of
// expanding it to every workload-level connection; then the same with three admin policies added
// (two AdminNetworkPolicies and a deny-all BaselineAdminNetworkPolicy over every namespace).
// Run after `npm run build`:
//   node bench/netpol.js [runs]
import { parseYamlFile } from '../dist/parsers/kubernetes/documents.js';
import { extractObjects } from '../dist/parsers/kubernetes/objects.js';
import { analyse, buildModel, computeMatrix } from '../dist/checks/analysis/netpol/index.js';

const NAMESPACES = 100;
const PER_NAMESPACE = 50;
const TIERS = ['web', 'api', 'db', 'cache', 'queue'];
const CIDRS = Array.from({ length: 20 }, (_, i) => `10.${i * 8}.0.0/13`);

function generate() {
  const docs = [];
  let policies = 0;
  const policy = (ns, name, spec) => {
    policies++;
    docs.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec });
  };
  for (let n = 0; n < NAMESPACES; n++) {
    const ns = `ns${n}`;
    docs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { team: `t${n % 10}`, env: n % 3 === 0 ? 'prod' : 'dev' } } });
    for (let w = 0; w < PER_NAMESPACE; w++) {
      const tier = TIERS[w % TIERS.length];
      const ports = [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }];
      if (tier === 'db') ports.push({ name: 'pg', containerPort: 5432 });
      docs.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `w${w}`, namespace: ns },
        spec: { template: { metadata: { labels: { app: `w${w}`, tier } }, spec: { containers: [{ name: 'main', image: 'example', ports }] } } },
      });
    }
    // Nine namespaces in ten deny ingress by default; half deny egress and allow DNS.
    if (n % 10 !== 9) policy(ns, 'default-deny', { podSelector: {} });
    if (n % 2 === 0) {
      policy(ns, 'default-deny-egress', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ns0' } } }], ports: [{ port: 53, protocol: 'UDP' }] }],
      });
    }
  }
  for (let i = 0; policies < 2000; i++) {
    const n = i % NAMESPACES;
    const w = (i * 7) % PER_NAMESPACE;
    const tier = TIERS[w % TIERS.length];
    const from = [
      { podSelector: { matchLabels: { tier: TIERS[(w + 4) % TIERS.length] } } },
      { namespaceSelector: { matchLabels: { team: `t${(n + 1) % 10}` } }, podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['api', 'web'] }] } },
    ];
    if (i % 5 === 0) from.push({ ipBlock: { cidr: CIDRS[i % CIDRS.length], except: [CIDRS[i % CIDRS.length].replace('/13', '/16')] } });
    policy(`ns${n}`, `allow-${i}`, {
      podSelector: { matchLabels: { app: `w${w}` } },
      ingress: [{ from, ports: [{ port: 'http' }, { port: tier === 'db' ? 5432 : 9000, endPort: tier === 'db' ? undefined : 9100 }] }],
      ...(i % 4 === 0 ? { egress: [{ to: [{ podSelector: {} }] }] } : {}),
    });
  }
  return docs.map((d) => JSON.stringify(d)).join('\n---\n');
}

const ADMIN = [
  {
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'AdminNetworkPolicy',
    metadata: { name: 'prod-isolation' },
    spec: {
      priority: 10,
      subject: { namespaces: { matchLabels: { env: 'prod' } } },
      ingress: [{ name: 'deny-dev', action: 'Deny', from: [{ namespaces: { matchLabels: { env: 'dev' } } }] }],
      egress: [{ name: 'no-metadata', action: 'Deny', to: [{ networks: ['169.254.169.254/32'] }] }],
    },
  },
  {
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'AdminNetworkPolicy',
    metadata: { name: 'monitoring' },
    spec: { priority: 5, subject: { namespaces: {} }, ingress: [{ name: 'scrape', action: 'Allow', from: [{ namespaces: { matchLabels: { team: 't0' } } }], ports: [{ namedPort: 'metrics' }] }] },
  },
  {
    apiVersion: 'policy.networking.k8s.io/v1alpha1',
    kind: 'BaselineAdminNetworkPolicy',
    metadata: { name: 'default' },
    spec: { subject: { namespaces: {} }, ingress: [{ name: 'deny-all', action: 'Deny', from: [{ namespaces: {} }] }] },
  },
];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(objects, runs) {
  const computeTimes = [];
  const expandTimes = [];
  let connections = 0;
  let info;
  for (let r = 0; r < runs; r++) {
    let started = performance.now();
    const model = buildModel(objects);
    const analysis = analyse(model);
    const matrix = computeMatrix(analysis);
    computeTimes.push(performance.now() - started);
    started = performance.now();
    connections = 0;
    for (const _ of matrix.connections()) connections++;
    expandTimes.push(performance.now() - started);
    info = { workloads: model.workloads.length, policies: model.enforced.length, adminPolicies: model.admin.length + (model.baseline ? 1 : 0), classes: analysis.classes.length, externalBlocks: analysis.blocks.length };
  }
  return { ...info, runs, matrixMedianMs: Math.round(median(computeTimes)), expandMedianMs: Math.round(median(expandTimes)), connections };
}

const runs = Number(process.argv[2] ?? 5);
const text = generate();
const started = performance.now();
const objects = extractObjects(parseYamlFile('bench.yaml', text));
const parseMs = Math.round(performance.now() - started);
const admin = extractObjects(parseYamlFile('admin.yaml', ADMIN.map((d) => JSON.stringify(d)).join('\n---\n')));
process.stdout.write(JSON.stringify({ scenario: 'networkpolicy', parseMs, ...measure(objects, runs) }) + '\n');
process.stdout.write(JSON.stringify({ scenario: 'with-admin-tiers', ...measure([...objects, ...admin], runs) }) + '\n');
