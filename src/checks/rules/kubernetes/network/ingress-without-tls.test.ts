import { describe, expect, it } from 'vitest';
import { runRule } from '../../../../testing/kubernetes.js';
import { ingressWithoutTls } from './ingress-without-tls.js';

const ingress = (spec: string, annotations = '', apiVersion = 'networking.k8s.io/v1') =>
  `apiVersion: ${apiVersion}\nkind: Ingress\nmetadata:\n  name: shop\n  namespace: app\n${annotations ? `  annotations:\n${annotations}` : ''}spec:\n${spec}`;

const rules = `  rules:
    - host: shop.example.com
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
    - host: api.example.com
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}]}
    - host: deep.api.example.com
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}]}
`;

describe('k8s/ingress-without-tls', () => {
  it('fires at spec.tls when there is no TLS at all, in every Ingress API version', () => {
    for (const apiVersion of ['networking.k8s.io/v1', 'extensions/v1beta1']) {
      expect(runRule(ingressWithoutTls, ingress(rules, '', apiVersion)).map((h) => [h.fieldPath, h.message])).toEqual([
        ['spec.tls', 'Ingress "shop" has no TLS configuration, so it serves plain HTTP'],
      ]);
    }
  });

  it('fires per rule host not covered, with single-label wildcards', () => {
    const hits = runRule(ingressWithoutTls, ingress(`  tls:\n    - hosts: [SHOP.example.com, "*.api.example.com"]\n      secretName: shop-tls\n${rules}`));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.rules[1].host', 'Ingress "shop" host api.example.com is not covered by any spec.tls entry'],
    ]);
  });

  it('stays quiet when every host is covered or the controller terminates TLS itself', () => {
    expect(runRule(ingressWithoutTls, ingress(`  tls:\n    - hosts: ["*.example.com", api.example.com, deep.api.example.com]\n${rules}`))).toEqual([]);
    expect(runRule(ingressWithoutTls, ingress(rules, '    alb.ingress.kubernetes.io/certificate-arn: arn:aws:acm:eu-west-1:1:certificate/x\n'))).toEqual([]);
    expect(runRule(ingressWithoutTls, ingress(rules, '    traefik.ingress.kubernetes.io/router.tls: "true"\n'))).toEqual([]);
  });
});
