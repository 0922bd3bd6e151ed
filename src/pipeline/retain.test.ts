import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubernetesSetRules } from '../checks/rules/kubernetes/index.js';
import type { KubernetesSetRule } from '../checks/rules/kubernetes/rule.js';
import { parseYamlFile } from '../parsers/kubernetes/documents.js';
import { extractObjects, type KubernetesObject } from '../parsers/kubernetes/objects.js';
import { DEFAULT_TEST_SETTINGS } from '../testing/kubernetes.js';
import { runSetRules } from './kubernetes.js';
import { retainForSetRules } from './retain.js';

const repo = new URL('../../', import.meta.url).pathname;

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

function objectsOf(files: string[]): KubernetesObject[] {
  return files.flatMap((file) => extractObjects(parseYamlFile(file, readFileSync(file, 'utf8'))));
}

/**
 * Objects whose identity alone matters to a set rule: a StatefulSet whose controller is a custom
 * resource (mesh: no workload of its own), an operator's custom resource a policy selects (netpol),
 * and objects that no set rule reads (a dashboard ConfigMap, a CRD, an opaque Secret).
 */
const MIXED = `apiVersion: v1
kind: Namespace
metadata: {name: mon, labels: {istio-injection: enabled}}
---
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s, namespace: mon}
spec: {replicas: 2, podMetadata: {labels: {app: prometheus}}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: prometheus-k8s
  namespace: mon
  ownerReferences: [{apiVersion: monitoring.coreos.com/v1, kind: Prometheus, name: k8s, controller: true, uid: a}]
spec:
  template:
    metadata: {labels: {app: prometheus}}
    spec: {hostNetwork: true, containers: [{name: prometheus, image: prom}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: grafana, namespace: mon}
spec:
  template:
    metadata: {labels: {app: grafana}}
    spec: {hostNetwork: true, containers: [{name: grafana, image: grafana, ports: [{containerPort: 3000}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: prometheus, namespace: mon}
spec: {podSelector: {matchLabels: {app: prometheus}}, policyTypes: [Ingress]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: dashboards, namespace: mon}
data: {overview.json: '{"panels": []}'}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: prometheuses.monitoring.coreos.com}
spec: {group: monitoring.coreos.com, names: {kind: Prometheus, plural: prometheuses}, scope: Namespaced}
---
apiVersion: v1
kind: Secret
metadata: {name: opaque, namespace: tools}
type: Opaque
data: {token: c2VjcmV0}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: everyone-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: Group, name: 'system:serviceaccounts'}]
`;

const corpora: Array<[string, () => KubernetesObject[]]> = [
  ...readdirSync(join(repo, 'examples')).map((name): [string, () => KubernetesObject[]] => [`examples/${name}`, () => objectsOf(yamlFiles(join(repo, 'examples', name)))]),
  ...['src/checks/analysis/netpol/testdata', 'src/checks/analysis/rbac/testdata'].flatMap((dir) =>
    yamlFiles(join(repo, dir)).map((file): [string, () => KubernetesObject[]] => [file.slice(repo.length), () => objectsOf([file])]),
  ),
  ['mixed', () => extractObjects(parseYamlFile('mixed.yaml', MIXED))],
];

function findings(objects: readonly KubernetesObject[], rules: KubernetesSetRule[]) {
  const { hits, errors } = runSetRules(objects, rules, DEFAULT_TEST_SETTINGS);
  expect(errors).toEqual([]);
  return hits.map((h) => [h.meta.id, h.message, h.location, h.fieldPath, h.resource]);
}

describe('retainForSetRules', () => {
  it.each(corpora)('keeps every object a set rule reads: %s', (_name, load) => {
    const objects = load();
    // Each rule alone keeps only what it declares, so each declaration is checked by itself.
    for (const rule of kubernetesSetRules) {
      expect(findings(objects.map((o) => retainForSetRules(o, [rule])), [rule]), rule.meta.id).toEqual(findings(objects, [rule]));
    }
    expect(findings(objects.map((o) => retainForSetRules(o, kubernetesSetRules)), kubernetesSetRules)).toEqual(findings(objects, kubernetesSetRules));
  });

  it('the mixed corpus exercises the identity-only objects', () => {
    const ids = findings(extractObjects(parseYamlFile('mixed.yaml', MIXED)), kubernetesSetRules).map(([id]) => id);
    expect(ids).toContain('k8s/mesh-workload-not-injected');
    expect(ids).toContain('k8s/rbac-cluster-admin-binding');
  });

  it('keeps only the identity of objects no set rule reads', () => {
    const retained = extractObjects(parseYamlFile('mixed.yaml', MIXED)).map((o) => retainForSetRules(o, kubernetesSetRules));
    const byKind = new Map(retained.map((o) => [o.kind, o]));
    for (const kind of ['ConfigMap', 'CustomResourceDefinition', 'Secret']) {
      const object = byKind.get(kind)!;
      expect(object.document.text, kind).toBe('');
      expect(Object.keys(object.raw), kind).toEqual(['apiVersion', 'kind', 'metadata']);
    }
    expect(byKind.get('Secret')!.namespace).toBe('tools');
    expect(byKind.get('Deployment')!.document.text).toBe(MIXED);
    expect(byKind.get('Prometheus')!.raw.spec).toEqual({ replicas: 2, podMetadata: { labels: { app: 'prometheus' } } });
  });
});
