import { describe, expect, it } from 'vitest';
import { runRule } from '../../../../testing/kubernetes.js';
import { serviceLoadBalancerOpen } from './service-load-balancer-open.js';

const service = (spec: string, annotations = '') =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: app\n${annotations ? `  annotations:\n${annotations}` : ''}spec:\n${spec}`;

describe('k8s/service-load-balancer-open', () => {
  it('fires on a public LoadBalancer without source ranges', () => {
    const hits = runRule(serviceLoadBalancerOpen, service('  type: LoadBalancer\n'));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.loadBalancerSourceRanges', 'Service "web" is a public LoadBalancer without loadBalancerSourceRanges'],
    ]);
  });

  it('fires on explicit any-address ranges, in the field or the annotation', () => {
    expect(runRule(serviceLoadBalancerOpen, service('  type: LoadBalancer\n  loadBalancerSourceRanges: [10.0.0.0/8, 0.0.0.0/0]\n')).map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.loadBalancerSourceRanges[1]', 'Service "web" allows load balancer traffic from 0.0.0.0/0'],
    ]);
    expect(runRule(serviceLoadBalancerOpen, service('  type: LoadBalancer\n', '    service.beta.kubernetes.io/load-balancer-source-ranges: "::/0"\n')).map((h) => h.fieldPath)).toEqual([
      'metadata.annotations["service.beta.kubernetes.io/load-balancer-source-ranges"]',
    ]);
  });

  it('stays quiet for restricted, internal and non-LoadBalancer Services', () => {
    expect(runRule(serviceLoadBalancerOpen, service('  type: LoadBalancer\n  loadBalancerSourceRanges: [203.0.113.0/24]\n'))).toEqual([]);
    expect(runRule(serviceLoadBalancerOpen, service('  type: LoadBalancer\n', '    service.beta.kubernetes.io/load-balancer-source-ranges: "10.0.0.0/8, 192.168.0.0/16"\n'))).toEqual([]);
    expect(runRule(serviceLoadBalancerOpen, service('  type: LoadBalancer\n', '    service.beta.kubernetes.io/aws-load-balancer-scheme: internal\n'))).toEqual([]);
    expect(runRule(serviceLoadBalancerOpen, service('  type: LoadBalancer\n', '    networking.gke.io/load-balancer-type: Internal\n'))).toEqual([]);
    expect(runRule(serviceLoadBalancerOpen, service('  type: LoadBalancer\n', '    service.beta.kubernetes.io/azure-load-balancer-internal: "true"\n'))).toEqual([]);
    expect(runRule(serviceLoadBalancerOpen, service('  type: NodePort\n'))).toEqual([]);
  });

  it('does not treat a false internal annotation as internal', () => {
    expect(runRule(serviceLoadBalancerOpen, service('  type: LoadBalancer\n', '    service.beta.kubernetes.io/azure-load-balancer-internal: "false"\n'))).toHaveLength(1);
  });
});
