import { asRecord } from '../../../../parsers/kubernetes/values.js';
import { defineKubernetesRule } from '../rule.js';

export const serviceNodePort = defineKubernetesRule({
  meta: {
    id: 'k8s/service-node-port',
    title: 'Service of type NodePort',
    severity: 'low',
    target: 'kubernetes',
    rationale:
      'A NodePort Service opens the same port on every node, bypassing the ingress layer (TLS, authentication, WAF, rate ' +
      'limits) and any firewalling that assumes traffic enters through load balancers; node IPs are rarely meant to be an ' +
      'entry point. LoadBalancer Services, which allocate node ports as an implementation detail, are not reported here.',
    remediation: 'Use a ClusterIP Service behind an Ingress or Gateway, or a LoadBalancer with source ranges:\n\n```yaml\nspec:\n  type: ClusterIP\n```',
    references: { urls: ['https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport'] },
    aliases: { kubeScore: ['service-type'] },
  },
  check(context) {
    const { object } = context;
    if (object.kind !== 'Service' || asRecord(object.raw.spec)?.type !== 'NodePort') return;
    context.report({ path: ['spec', 'type'], message: `Service "${object.name ?? '?'}" is of type NodePort, exposed on every node` });
  },
});
