import { asArray, asRecord, asString } from '../../../../parsers/kubernetes/values.js';
import { defineKubernetesRule } from '../rule.js';

/** Cloud annotations that make a LoadBalancer private to the VPC/VNet, with the values that do so. */
const INTERNAL_ANNOTATIONS: ReadonlyArray<[string, RegExp]> = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', /^(true|0\.0\.0\.0\/0)$/i],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', /^internal$/i],
  ['networking.gke.io/load-balancer-type', /^internal$/i],
  ['cloud.google.com/load-balancer-type', /^internal$/i],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', /^true$/i],
  ['service.beta.kubernetes.io/oci-load-balancer-internal', /^true$/i],
  ['service.beta.kubernetes.io/openstack-internal-load-balancer', /^true$/i],
  ['service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type', /^private$/i],
];

/** Still honoured by cloud providers as an alternative to spec.loadBalancerSourceRanges. */
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

const OPEN_RANGE = /^(0\.0\.0\.0\/0|::\/0)$/;

export const serviceLoadBalancerOpen = defineKubernetesRule({
  meta: {
    id: 'k8s/service-load-balancer-open',
    title: 'LoadBalancer Service open to any source address',
    severity: 'low',
    target: 'kubernetes',
    rationale:
      'A public LoadBalancer without `loadBalancerSourceRanges` accepts connections from the whole internet. That is right ' +
      'for a public web front end, so this is low severity, but internal tools, databases and admin endpoints exposed this ' +
      'way are a common breach path. Not reported for internal load balancers (AWS, GCP, Azure, OCI, OpenStack, IBM ' +
      'annotations) or when the legacy source-ranges annotation restricts access; an explicit 0.0.0.0/0 or ::/0 range is ' +
      'reported as open.',
    remediation:
      'Restrict the allowed client ranges, or make the load balancer internal:\n\n```yaml\nspec:\n  type: LoadBalancer\n  loadBalancerSourceRanges:\n    - 203.0.113.0/24\n```',
    references: { urls: ['https://kubernetes.io/docs/tasks/access-application-cluster/configure-cloud-provider-firewall/'] },
    aliases: {},
  },
  check(context) {
    const { object } = context;
    if (object.kind !== 'Service') return;
    const spec = asRecord(object.raw.spec);
    if (spec?.type !== 'LoadBalancer') return;
    const annotations = asRecord(asRecord(object.raw.metadata)?.annotations) ?? {};
    if (INTERNAL_ANNOTATIONS.some(([key, value]) => value.test(asString(annotations[key])?.trim() ?? ''))) return;
    const label = `Service "${object.name ?? '?'}"`;
    const ranges = asArray(spec.loadBalancerSourceRanges).map((range) => asString(range)?.trim() ?? '');
    if (ranges.length > 0) {
      ranges.forEach((range, index) => {
        if (OPEN_RANGE.test(range)) {
          context.report({ path: ['spec', 'loadBalancerSourceRanges', index], message: `${label} allows load balancer traffic from ${range}` });
        }
      });
      return;
    }
    const annotated = (asString(annotations[SOURCE_RANGES_ANNOTATION]) ?? '').split(',').map((r) => r.trim()).filter((r) => r !== '');
    if (annotated.length > 0 && !annotated.some((range) => OPEN_RANGE.test(range))) return;
    context.report({
      path: annotated.length > 0 ? ['metadata', 'annotations', SOURCE_RANGES_ANNOTATION] : ['spec', 'loadBalancerSourceRanges'],
      message: annotated.length > 0 ? `${label} allows load balancer traffic from any address` : `${label} is a public LoadBalancer without loadBalancerSourceRanges`,
    });
  },
});
