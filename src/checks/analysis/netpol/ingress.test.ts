import { describe, expect, it } from 'vitest';
import { formatConnections } from './connections.js';
import { analyse } from './analysis.js';
import { computeMatrix } from './matrix.js';
import { matrixRows } from './rows.js';
import { buildModel } from './model.js';
import { deploymentYaml, objectsOf } from './testdata/load.js';

const WEB = deploymentYaml('shop', 'web', { app: 'web' }, [{ name: 'http', containerPort: 8080 }, { name: 'dns', containerPort: 5353, protocol: 'UDP' }]);
const SERVICE = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: web, port: 80, targetPort: http}, {name: dns, port: 53, targetPort: dns, protocol: UDP}, {name: admin, port: 9000}]
---
`;

/** The `{ingress-controller}` lines of the matrix. */
function controllerLines(yaml: string): string[] {
  return matrixRows(computeMatrix(analyse(buildModel(objectsOf(yaml)))))
    .filter((r) => r.src === '{ingress-controller}')
    .map((r) => `${r.dst} : ${formatConnections(r.connections)}`);
}

const ingress = (backend: string) => `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\nspec:\n  defaultBackend: ${backend}\n---\n`;

describe('ingress controller source', () => {
  it('resolves an Ingress backend port by number or name to the pod port the Service targets', () => {
    expect(controllerLines(WEB + SERVICE + ingress('{service: {name: web, port: {number: 80}}}'))).toEqual(['shop/web[Deployment] : TCP 8080']);
    expect(controllerLines(WEB + SERVICE + ingress('{service: {name: web, port: {name: admin}}}'))).toEqual(['shop/web[Deployment] : TCP 9000']);
  });

  it('reads the older serviceName/servicePort form and Routes (targetPort by Service port name; all ports without one)', () => {
    const old = 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: old, namespace: shop}\nspec:\n  backend: {serviceName: web, servicePort: 53}\n---\n';
    expect(controllerLines(WEB + SERVICE + old)).toEqual(['shop/web[Deployment] : UDP 5353']);
    const route = (port: string) => `apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: r, namespace: shop}\nspec:\n  to: {kind: Service, name: web}\n${port}---\n`;
    expect(controllerLines(WEB + SERVICE + route('  port: {targetPort: web}\n'))).toEqual(['shop/web[Deployment] : TCP 8080']);
    expect(controllerLines(WEB + SERVICE + route('  port: {targetPort: 8080}\n'))).toEqual(['shop/web[Deployment] : TCP 8080']);
    expect(controllerLines(WEB + SERVICE + route('  port: {targetPort: 80}\n'))).toEqual([]);
    expect(controllerLines(WEB + SERVICE + route(''))).toEqual(['shop/web[Deployment] : TCP 8080,9000,UDP 5353']);
  });

  it('ignores backends whose Service is missing, in another namespace, or selects nothing', () => {
    expect(controllerLines(WEB + ingress('{service: {name: web, port: {number: 80}}}'))).toEqual([]);
    expect(controllerLines(WEB + SERVICE.replace('namespace: shop', 'namespace: other') + ingress('{service: {name: web, port: {number: 80}}}'))).toEqual([]);
    expect(controllerLines(WEB + SERVICE.replace('selector: {app: web}', 'selector: {}') + ingress('{service: {name: web, port: {number: 80}}}'))).toEqual([]);
  });

  it('counts only rules that name every pod of every namespace, in NetworkPolicies and admin tiers', () => {
    const base = WEB + SERVICE + ingress('{service: {name: web, port: {number: 80}}}');
    const policy = (from: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  podSelector: {}\n  ingress: [{from: ${from}}]\n---\n`;
    expect(controllerLines(base + policy('[{namespaceSelector: {}}]'))).toEqual(['shop/web[Deployment] : TCP 8080']);
    expect(controllerLines(base + policy('[{namespaceSelector: {matchLabels: {name: ingress-nginx}}}]'))).toEqual([]);
    expect(controllerLines(base + policy('[{podSelector: {}}]'))).toEqual([]);
    const anp = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: deny}\nspec:\n  priority: 1\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}], ports: [{portNumber: {port: 8080}}]}]\n---\n';
    expect(controllerLines(base + anp)).toEqual([]);
  });
});
