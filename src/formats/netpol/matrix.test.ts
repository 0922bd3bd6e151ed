import { describe, expect, it } from 'vitest';
import { analyse } from '../../checks/analysis/netpol/analysis.js';
import { computeMatrix } from '../../checks/analysis/netpol/matrix.js';
import { buildModel } from '../../checks/analysis/netpol/model.js';
import { fixture, objectsOf } from '../../checks/analysis/netpol/testdata/load.js';
import { formatMatrix, MATRIX_FORMATTERS, type MatrixFormat } from './index.js';

function matrixOf(yaml: string, format: MatrixFormat): string {
  return formatMatrix(computeMatrix(analyse(buildModel(objectsOf(yaml)))), format);
}

describe('matrix --format lines (np-guard netpol-analyzer txt output)', () => {
  for (const scenario of ['no-policies', 'ipblock-except', 'egress-ports', 'cluster-dump', 'ingress', 'anp-named-port', 'anp-nodes-networks']) {
    it(`prints ${scenario} exactly as expected`, () => {
      expect(matrixOf(fixture(`${scenario}.yaml`), 'lines')).toBe(fixture(`${scenario}.txt`));
    });
  }

  it('omits a workload talking to itself but keeps distinct workloads of one class', () => {
    const out = matrixOf(`
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: ns, labels: {app: same}}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: ns, labels: {app: same}}
spec: {containers: [{name: c, image: i}]}
`, 'lines');
    expect(out).toContain('ns/a[Pod] => ns/b[Pod] : All Connections\n');
    expect(out).toContain('ns/b[Pod] => ns/a[Pod] : All Connections\n');
    expect(out).not.toMatch(/ns\/a\[Pod\] => ns\/a\[Pod\]/);
  });

  it('keeps a Deployment and a Pod of the same name apart by kind', () => {
    const out = matrixOf(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: ns}
spec: {template: {metadata: {labels: {app: api}}, spec: {containers: [{name: c, image: i}]}}}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: ns, labels: {app: api-debug}}
spec: {containers: [{name: c, image: i}]}
`, 'lines');
    expect(out).toContain('ns/api[Deployment] => ns/api[Pod] : All Connections\n');
    expect(out).toContain('ns/api[Pod] => ns/api[Deployment] : All Connections\n');
  });

  it('folds pods and replica sets into the Deployment that controls them', () => {
    const out = matrixOf(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ns}
spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: i}]}}}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-5c9
  namespace: ns
  ownerReferences: [{kind: Deployment, name: web, controller: true}]
spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: i}]}}}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-5c9-x
  namespace: ns
  labels: {app: web}
  ownerReferences: [{kind: ReplicaSet, name: web-5c9, controller: true}]
spec: {containers: [{name: c, image: i}]}
`, 'lines');
    expect(out).toBe('0.0.0.0-255.255.255.255 => ns/web[Deployment] : All Connections\nns/web[Deployment] => 0.0.0.0-255.255.255.255 : All Connections\n');
  });
});

describe('other matrix formats', () => {
  const yaml = fixture('egress-ports.yaml');

  it('table has a header and one row per connection', () => {
    const lines = matrixOf(yaml, 'table').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SOURCE\s+DESTINATION\s+CONNECTIONS$/);
    expect(lines).toHaveLength(6);
    expect(lines).toContainEqual(expect.stringMatching(/^apps\/client\[Deployment\]\s+apps\/server\[Deployment\]\s+TCP 8000-8010,8080,UDP 53$/));
  });

  it('json lists workloads, external blocks and port ranges per protocol', () => {
    const json = JSON.parse(matrixOf(yaml, 'json'));
    expect(json.schemaVersion).toBe('1');
    expect(json.workloads).toEqual([
      { namespace: 'apps', name: 'client', kind: 'Deployment' },
      { namespace: 'apps', name: 'server', kind: 'Deployment' },
    ]);
    expect(json.external).toEqual(['0.0.0.0-255.255.255.255']);
    expect(json.connections).toContainEqual({
      src: 'apps/client[Deployment]',
      dst: 'apps/server[Deployment]',
      connections: 'TCP 8000-8010,8080,UDP 53',
      ports: { TCP: [[8000, 8010], [8080, 8080]], UDP: [[53, 53]] },
    });
  });

  it('dot and mermaid draw one labelled edge per connection', () => {
    const dot = matrixOf(yaml, 'dot');
    expect(dot.startsWith('digraph netpol {')).toBe(true);
    expect(dot.match(/ -> /g)).toHaveLength(5);
    expect(dot).toContain('[label="TCP 8000-8010,8080,UDP 53"]');
    const mermaid = matrixOf(yaml, 'mermaid');
    expect(mermaid.startsWith('flowchart LR')).toBe(true);
    expect(mermaid.match(/-->/g)).toHaveLength(5);
  });
});

describe('matrix format registry', () => {
  it('offers the analyzer formats in a fixed order and rejects others', () => {
    expect(MATRIX_FORMATTERS.names).toEqual(['table', 'json', 'dot', 'mermaid', 'lines']);
    expect(MATRIX_FORMATTERS.has('yaml')).toBe(false);
    expect(() => MATRIX_FORMATTERS.get('yaml')).toThrow('unknown matrix format "yaml"; expected one of: table, json, dot, mermaid, lines');
  });

  it('puts the input problems and scan errors in JSON only, leaving them to the command otherwise', () => {
    const matrix = computeMatrix(analyse(buildModel(objectsOf(fixture('egress-ports.yaml')))));
    const context = { problems: [{ file: 'a.yaml', line: 3, message: 'policy left out' }], errors: [{ file: 'b.yaml', message: 'unreadable' }] };
    const json = JSON.parse(MATRIX_FORMATTERS.get('json').format(matrix, context));
    expect(json.problems).toEqual(context.problems);
    expect(json.errors).toEqual(context.errors);
    for (const format of MATRIX_FORMATTERS.names.filter((name) => name !== 'json')) {
      expect(MATRIX_FORMATTERS.get(format).format(matrix, context)).toBe(formatMatrix(matrix, format));
    }
  });
});

