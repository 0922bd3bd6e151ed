import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { parseYamlFile } from '../../../../parsers/kubernetes/documents.js';
import { extractObjects, type KubernetesObject } from '../../../../parsers/kubernetes/objects.js';
import { formatConnections } from '../connections.js';
import { analyse } from '../analysis.js';
import { computeMatrix } from '../matrix.js';
import { endpointName, matrixRows } from '../rows.js';
import { buildModel } from '../model.js';
import { parseAddressQuery, reach, type ReachEndpoint } from '../reach.js';

/** Objects from YAML text; fails the test on YAML the parser rejects. */
export function objectsOf(yaml: string, file = 'test.yaml'): KubernetesObject[] {
  const parsed = parseYamlFile(file, yaml);
  if (parsed.errors.length > 0) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return extractObjects(parsed);
}

export function fixture(name: string): string {
  return readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
}

/** A Deployment with the given pod labels and container ports, as YAML text. */
export function deploymentYaml(namespace: string, name: string, labels: Record<string, string>, ports: Array<{ name?: string; containerPort: number; protocol?: string }> = []): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    '  template:',
    '    metadata:',
    `      labels: ${JSON.stringify(labels)}`,
    '    spec:',
    '      containers:',
    '        - name: main',
    '          image: example',
    `          ports: ${JSON.stringify(ports)}`,
    '---',
    '',
  ].join('\n');
}

/** Allowed connections from one endpoint (`ns/name` or a CIDR) to another, via the reach query. */
export function conns(yaml: string, from: string, to: string): string {
  const analysis = analyse(buildModel(objectsOf(yaml)));
  const endpoint = (text: string): ReachEndpoint => {
    const workload = analysis.model.workloads.find((w) => `${w.namespace}/${w.name}` === text);
    if (workload) return { type: 'workload', workload };
    return { type: 'external', cidr: text, addresses: parseAddressQuery(text)! };
  };
  const result = reach(analysis, endpoint(from), endpoint(to));
  // The matrix must agree with reach for workload pairs.
  if (result.from.type === 'workload' && result.to.type === 'workload') {
    const rows = matrixRows(computeMatrix(analysis));
    const row = rows.find((r) => r.src === endpointName(result.from as never) && r.dst === endpointName(result.to as never));
    expect(row ? formatConnections(row.connections) : 'No Connections').toBe(formatConnections(result.connections));
  }
  return formatConnections(result.connections);
}
