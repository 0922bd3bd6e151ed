import { lit, msg, stringList } from './cel.js';
import type { CelRule, ResourceRule } from './types.js';

/**
 * The network exposure rules over Services and Ingresses (checks/rules/kubernetes/network/) as CEL, mirroring their
 * checks field for field and message for message.
 */

const SERVICES: ResourceRule[] = [{ apiGroups: [''], apiVersions: ['v1'], resources: ['services'] }];
const INGRESSES: ResourceRule[] = [{ apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], resources: ['ingresses'] }];
const ANNOTATIONS = 'object.metadata.?annotations.orValue({})';
/** An annotation's value, '' when absent. */
const annotation = (key: string) => `(${lit(key)} in ${ANNOTATIONS} ? ${ANNOTATIONS}[${lit(key)}] : '')`;
const NAME = "object.metadata.?name.orValue('?')";

/** service-load-balancer-open.ts' INTERNAL_ANNOTATIONS, as RE2 (`(?i)` for the `i` flag). */
const INTERNAL_ANNOTATIONS: ReadonlyArray<[string, string]> = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', '(?i)^(true|0\\.0\\.0\\.0/0)$'],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', '(?i)^internal$'],
  ['networking.gke.io/load-balancer-type', '(?i)^internal$'],
  ['cloud.google.com/load-balancer-type', '(?i)^internal$'],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', '(?i)^true$'],
  ['service.beta.kubernetes.io/oci-load-balancer-internal', '(?i)^true$'],
  ['service.beta.kubernetes.io/openstack-internal-load-balancer', '(?i)^true$'],
  ['service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type', '(?i)^private$'],
];
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const OPEN_RANGE = "r.matches('^(0\\\\.0\\\\.0\\\\.0/0|::/0)$')";

const serviceLoadBalancerOpen: CelRule = {
  id: 'k8s/service-load-balancer-open',
  cel: () => {
    const service = msg`Service "${NAME}"`;
    const internal = INTERNAL_ANNOTATIONS.map(([key, pattern]) => `${annotation(key)}.trim().matches(${lit(pattern)})`).join(' || ');
    const ranges = "object.spec.?loadBalancerSourceRanges.orValue([]).map(r, r.trim())";
    const annotated = `${annotation(SOURCE_RANGES_ANNOTATION)}.split(',').map(r, r.trim()).filter(r, r != '')`;
    const messages =
      `size(${ranges}) > 0 ? ${ranges}.map(r, ${OPEN_RANGE}, ${service} + ${lit(' allows load balancer traffic from ')} + r) : ` +
      `size(${annotated}) > 0 ? (${annotated}.exists(r, ${OPEN_RANGE}) ? [${service} + ${lit(' allows load balancer traffic from any address')}] : []) : ` +
      `[${service} + ${lit(' is a public LoadBalancer without loadBalancerSourceRanges')}]`;
    return { match: SERVICES, messages: `(object.spec.?type.orValue('') != 'LoadBalancer' || ${internal} ? [] : ${messages})` };
  },
};

/** ingress-without-tls.ts' controller annotations, and its host matching (one-label wildcards). */
const CONTROLLER_TLS_ANNOTATIONS = [
  'alb.ingress.kubernetes.io/certificate-arn',
  'ingress.gcp.kubernetes.io/pre-shared-cert',
  'networking.gke.io/managed-certificates',
  'appgw.ingress.kubernetes.io/appgw-ssl-certificate',
];
const TRAEFIK_TLS = 'traefik.ingress.kubernetes.io/router.tls';
function hostMatches(pattern: string, host: string): string {
  return (
    `(${pattern} == ${host} || (${pattern}.startsWith('*.') && ${host}.endsWith(${pattern}.substring(1)) && ` +
    `size(${host}) > size(${pattern}) - 1 && !${host}.substring(0, size(${host}) - size(${pattern}) + 1).contains('.')))`
  );
}

const ingressWithoutTls: CelRule = {
  id: 'k8s/ingress-without-tls',
  cel: () => {
    const ingress = msg`Ingress "${NAME}"`;
    const tls = 'object.spec.?tls.orValue([])';
    const controllerTls = `${ANNOTATIONS}.exists(k, k in ${stringList(CONTROLLER_TLS_ANNOTATIONS)}) || ${annotation(TRAEFIK_TLS)} == 'true'`;
    const covered = `${tls}.exists(t, t.?hosts.orValue([]).exists(p, p != '' && ${hostMatches('p.lowerAscii()', 'x.host.lowerAscii()')}))`;
    const uncovered = `object.spec.?rules.orValue([]).map(x, x.?host.orValue('') != '' && !${covered}, ${ingress} + ${lit(' host ')} + x.host + ${lit(' is not covered by any spec.tls entry')})`;
    return {
      match: INGRESSES,
      messages: `(!has(object.spec) || ${controllerTls} ? [] : size(${tls}) == 0 ? [${ingress} + ${lit(' has no TLS configuration, so it serves plain HTTP')}] : ${uncovered})`,
    };
  },
};

export const NETWORK_CEL_RULES: readonly CelRule[] = [serviceLoadBalancerOpen, ingressWithoutTls];
