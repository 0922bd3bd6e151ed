import { describe, expect, it } from 'vitest';
import { runSetRules } from '../../../pipeline/kubernetes.js';
import { parseYamlFile } from '../../../parsers/kubernetes/documents.js';
import { extractObjects } from '../../../parsers/kubernetes/objects.js';
import { netpolRules } from '../../rules/kubernetes/netpol/index.js';
import { DEFAULT_TEST_SETTINGS } from '../../../testing/kubernetes.js';
import { analyse } from './analysis.js';
import { computeMatrix } from './matrix.js';
import { formatMatrix } from '../../../formats/netpol/index.js';
import { buildModel } from './model.js';

const POLICY = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'p', namespace: 'ns', labels: { a: 'b' } },
  spec: {
    podSelector: { matchLabels: { app: 'x' }, matchExpressions: [{ key: 'k', operator: 'In', values: ['v'] }] },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { t: 'u' } }, podSelector: {} }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ protocol: 'TCP', port: 80, endPort: 90 }, { port: 'http' }] }],
    egress: [{ to: [{ podSelector: { matchLabels: { app: 'y' } } }], ports: [{ port: 53, protocol: 'UDP' }] }],
  },
};
const WORKLOAD = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'w', namespace: 'ns' },
  spec: { template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] }] } } },
};
const SERVICE = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'ns' }, spec: { selector: { app: 'x' }, ports: [{ name: 'web', port: 80, targetPort: 'http' }] } };
const INGRESS = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'i', namespace: 'ns' },
  spec: { defaultBackend: { service: { name: 's', port: { name: 'web' } } }, rules: [{ http: { paths: [{ backend: { service: { name: 's', port: { number: 80 } } } }] } }] },
};
const ROUTE = { apiVersion: 'route.openshift.io/v1', kind: 'Route', metadata: { name: 'r', namespace: 'ns' }, spec: { to: { kind: 'Service', name: 's' }, port: { targetPort: 8080 }, alternateBackends: [{ name: 's' }] } };
const NODE = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', labels: { role: 'infra' } }, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.5' }] } };
const ADMIN = {
  apiVersion: 'policy.networking.k8s.io/v1alpha1',
  kind: 'AdminNetworkPolicy',
  metadata: { name: 'a' },
  spec: { priority: 1, subject: { namespaces: {} }, egress: [{ action: 'Deny', to: [{ nodes: { matchLabels: { role: 'infra' } } }, { networks: ['10.0.0.0/8'] }], ports: [{ namedPort: 'http' }] }] },
};
const OPERATOR = { apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', metadata: { name: 'k8s', namespace: 'ns' }, spec: { replicas: 2, podMetadata: { labels: { app: 'prom' } } } };
const JUNK: unknown[] = [null, 'text', 42, true, [], {}, [null], [[1]], { x: [] }];

/** Every variant of `root` with one node replaced by one junk value. */
function* variants(root: unknown, path: Array<string | number> = []): Generator<unknown> {
  for (const junk of JUNK) yield replaceAt(root, path, junk);
  if (root && typeof root === 'object') {
    for (const [key, child] of Object.entries(root)) yield* (function* () {
      for (const variant of variants(child, [])) yield replaceAt(root, [Array.isArray(root) ? Number(key) : key], variant);
    })();
  }
}

function replaceAt(root: unknown, path: Array<string | number>, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>;
  copy[path[0]!] = replaceAt(copy[path[0]!], path.slice(1), value);
  return copy;
}

describe('type-confused input', () => {
  it('never throws, in the model, the matrix or the rules', () => {
    let count = 0;
    const seeds = [POLICY, WORKLOAD, SERVICE, INGRESS, ROUTE, NODE, ADMIN, OPERATOR];
    for (const [target, seed] of seeds.entries()) {
      for (const variant of variants(seed)) {
        const docs = seeds.map((d, i) => (i === target ? variant : d));
        const text = docs.map((d) => JSON.stringify(d)).join('\n---\n');
        const objects = extractObjects(parseYamlFile('fuzz.yaml', text));
        expect(() => formatMatrix(computeMatrix(analyse(buildModel(objects))), 'lines')).not.toThrow();
        expect(runSetRules(objects, netpolRules, DEFAULT_TEST_SETTINGS).errors).toEqual([]);
        count++;
      }
    }
    expect(count).toBeGreaterThan(1500);
  });
});
