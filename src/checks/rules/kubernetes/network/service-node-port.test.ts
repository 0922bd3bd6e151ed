import { describe, expect, it } from 'vitest';
import { runRule } from '../../../../testing/kubernetes.js';
import { serviceNodePort } from './service-node-port.js';

const service = (spec: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: app}\nspec:\n${spec}`;

describe('k8s/service-node-port', () => {
  it('fires on NodePort Services at spec.type', () => {
    const hits = runRule(serviceNodePort, service('  type: NodePort\n  ports: [{port: 80, nodePort: 30080}]\n'));
    expect(hits.map((h) => [h.fieldPath, h.message, h.line])).toEqual([['spec.type', 'Service "web" is of type NodePort, exposed on every node', 5]]);
  });

  it('stays quiet for ClusterIP, LoadBalancer and defaulted types', () => {
    for (const spec of ['  type: ClusterIP\n', '  type: LoadBalancer\n', '  ports: [{port: 80}]\n']) {
      expect(runRule(serviceNodePort, service(spec))).toEqual([]);
    }
  });
});
