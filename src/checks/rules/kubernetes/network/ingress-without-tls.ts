import { asArray, asRecord, asString } from '../../../../parsers/kubernetes/values.js';
import { defineKubernetesRule } from '../rule.js';

/** Controllers that terminate TLS from their own configuration rather than from spec.tls. */
const CONTROLLER_TLS_ANNOTATIONS: readonly string[] = [
  'alb.ingress.kubernetes.io/certificate-arn',
  'ingress.gcp.kubernetes.io/pre-shared-cert',
  'networking.gke.io/managed-certificates',
  'appgw.ingress.kubernetes.io/appgw-ssl-certificate',
];
const TRAEFIK_TLS = 'traefik.ingress.kubernetes.io/router.tls';

export const ingressWithoutTls = defineKubernetesRule({
  meta: {
    id: 'k8s/ingress-without-tls',
    title: 'Ingress serves hosts without TLS',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'An Ingress without TLS serves its hosts over plain HTTP: credentials, session cookies and data cross the network ' +
      'readable and modifiable. Reported when `spec.tls` is missing, or per rule host that no TLS entry covers (a ' +
      '`*.example.com` entry covers exactly one label). Not reported when the controller terminates TLS from its own ' +
      'annotations (AWS ALB certificate-arn, GKE pre-shared or managed certificates, Azure Application Gateway, Traefik ' +
      'router.tls).',
    remediation:
      'Add a TLS entry covering every host, e.g. with a cert-manager issued certificate:\n\n```yaml\nspec:\n  tls:\n    - hosts: [shop.example.com]\n      secretName: shop-tls\n```',
    references: { urls: ['https://kubernetes.io/docs/concepts/services-networking/ingress/#tls'] },
    aliases: { polaris: ['tlsSettingsMissing'] },
  },
  check(context) {
    const { object } = context;
    if (object.kind !== 'Ingress') return;
    const spec = asRecord(object.raw.spec);
    if (!spec) return;
    const annotations = asRecord(asRecord(object.raw.metadata)?.annotations) ?? {};
    if (CONTROLLER_TLS_ANNOTATIONS.some((key) => annotations[key] !== undefined) || asString(annotations[TRAEFIK_TLS]) === 'true') return;
    const label = `Ingress "${object.name ?? '?'}"`;
    const tls = asArray(spec.tls).map(asRecord).filter((entry): entry is Record<string, unknown> => entry !== undefined);
    if (tls.length === 0) {
      context.report({ path: ['spec', 'tls'], message: `${label} has no TLS configuration, so it serves plain HTTP` });
      return;
    }
    const covered = tls.flatMap((entry) => asArray(entry.hosts).map((host) => asString(host)?.toLowerCase()).filter((h): h is string => !!h));
    asArray(spec.rules).forEach((rule, index) => {
      const host = asString(asRecord(rule)?.host);
      // A rule without host is the catch-all, served with the controller's default certificate once TLS is on.
      if (host === undefined || host === '' || covered.some((pattern) => hostMatches(pattern, host.toLowerCase()))) return;
      context.report({ path: ['spec', 'rules', index, 'host'], message: `${label} host ${host} is not covered by any spec.tls entry` });
    });
  },
});

function hostMatches(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (!pattern.startsWith('*.')) return false;
  const suffix = pattern.slice(1);
  return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes('.') && host.length > suffix.length;
}
