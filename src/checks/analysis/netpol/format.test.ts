import { describe, expect, it } from 'vitest';
import { analyse } from './engine.js';
import { computeMatrix } from './matrix.js';
import { renderMatrix, type MatrixFormat } from './format.js';
import { buildModel } from './model.js';
import { fixture, objectsOf } from './testdata/load.js';

function render(yaml: string, format: MatrixFormat): string {
  return renderMatrix(computeMatrix(analyse(buildModel(objectsOf(yaml)))), format);
}

describe('matrix --format lines (np-guard netpol-analyzer txt output)', () => {
  for (const scenario of ['no-policies', 'ipblock-except', 'egress-ports', 'cluster-dump', 'ingress', 'anp-named-port', 'anp-nodes-networks']) {
    it(`prints ${scenario} exactly as expected`, () => {
      expect(render(fixture(`${scenario}.yaml`), 'lines')).toBe(fixture(`${scenario}.txt`));
    });
  }

  it('omits a workload talking to itself but keeps distinct workloads of one class', () => {
    const out = render(`
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
    const out = render(`
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
    const out = render(`
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
    const lines = render(yaml, 'table').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SOURCE\s+DESTINATION\s+CONNECTIONS$/);
    expect(lines).toHaveLength(6);
    expect(lines).toContainEqual(expect.stringMatching(/^apps\/client\[Deployment\]\s+apps\/server\[Deployment\]\s+TCP 8000-8010,8080,UDP 53$/));
  });

  it('json lists workloads, external blocks and port ranges per protocol', () => {
    const json = JSON.parse(render(yaml, 'json'));
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
    const dot = render(yaml, 'dot');
    expect(dot.startsWith('digraph netpol {')).toBe(true);
    expect(dot.match(/ -> /g)).toHaveLength(5);
    expect(dot).toContain('[label="TCP 8000-8010,8080,UDP 53"]');
    const mermaid = render(yaml, 'mermaid');
    expect(mermaid.startsWith('flowchart LR')).toBe(true);
    expect(mermaid.match(/-->/g)).toHaveLength(5);
  });
});
