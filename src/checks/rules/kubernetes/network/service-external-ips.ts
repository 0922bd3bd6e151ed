import { asArray, asRecord, asString } from '../../../../parsers/kubernetes/values.js';
import { defineKubernetesRule } from '../rule.js';

export const serviceExternalIps = defineKubernetesRule({
  meta: {
    id: 'k8s/service-external-ips',
    title: 'Service sets externalIPs',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'kube-proxy routes traffic for any IP listed in `spec.externalIPs` to the Service, without checking that the IP ' +
      'belongs to it: whoever can create such a Service can intercept cluster traffic to arbitrary addresses ' +
      '(CVE-2020-8554, unfixed by design). Clusters should block the field with the DenyServiceExternalIPs admission ' +
      'plugin; manifests relying on it break there and are a red flag elsewhere.',
    remediation: 'Remove `externalIPs` and expose the Service through a LoadBalancer, Ingress or Gateway instead:\n\n```yaml\nspec:\n  type: LoadBalancer\n```',
    references: {
      urls: ['https://github.com/kubernetes/kubernetes/issues/97076', 'https://kubernetes.io/docs/concepts/services-networking/service/#external-ips'],
    },
    aliases: {},
  },
  check(context) {
    const { object } = context;
    if (object.kind !== 'Service') return;
    const ips = asArray(asRecord(object.raw.spec)?.externalIPs).map((ip) => asString(ip) ?? String(ip));
    if (ips.length === 0) return;
    context.report({ path: ['spec', 'externalIPs'], message: `Service "${object.name ?? '?'}" sets externalIPs ${ips.join(', ')} (CVE-2020-8554)` });
  },
});
