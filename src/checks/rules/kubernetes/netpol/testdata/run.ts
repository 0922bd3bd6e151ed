import { runSetRules } from '../../../../../pipeline/kubernetes.js';
import { retainForSetRules } from '../../../../../pipeline/retain.js';
import { parseYamlFile } from '../../../../../parsers/kubernetes/documents.js';
import { extractObjects } from '../../../../../parsers/kubernetes/objects.js';
import { DEFAULT_TEST_SETTINGS } from '../../../../../testing/kubernetes.js';
import type { KubernetesSetRule } from '../../rule.js';

export interface SetHit {
  message: string;
  fieldPath: string | undefined;
  line: number;
  kind: string | undefined;
}

/** Runs one set rule over YAML text, the way a scan does. */
export function runSetRule(rule: KubernetesSetRule, yaml: string): SetHit[] {
  const parsed = parseYamlFile('test.yaml', yaml);
  if (parsed.errors.length > 0) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  const { hits, errors } = runSetRules(extractObjects(parsed).map((object) => retainForSetRules(object, [rule])), [rule], DEFAULT_TEST_SETTINGS);
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('; '));
  return hits.map((h) => ({ message: h.message, fieldPath: h.fieldPath, line: h.location.startLine, kind: h.resource?.kind }));
}

export function deployment(namespace: string, name: string, labels: string, ports = '[]'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  template:
    metadata:
      labels: ${labels}
    spec:
      containers:
        - name: main
          image: example
          ports: ${ports}
---
`;
}

export function netpol(namespace: string, name: string, spec: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${spec.replace(/^\n+/, '').replace(/^/gm, '  ')}
---
`;
}
