import { asArray, asRecord, asString } from '../../../../parsers/kubernetes/values.js';
import { defineWorkloadRule } from '../rule.js';

export const hostAliases = defineWorkloadRule({
  meta: {
    id: 'k8s/host-aliases',
    title: 'Pod overrides name resolution with hostAliases',
    severity: 'low',
    target: 'kubernetes',
    rationale:
      'hostAliases write entries into the pod\'s /etc/hosts, silently overriding DNS for those names: a stale or malicious ' +
      'entry redirects traffic (including to services that rely on hostname verification being the only check) and the ' +
      'override is invisible to anyone debugging DNS. It is occasionally legitimate, hence low.',
    remediation: 'Remove `hostAliases` and publish the names in DNS (a Service, ExternalName Service or CoreDNS hosts entry) instead.',
    references: { urls: ['https://kubernetes.io/docs/tasks/network/customize-hosts-file-for-pods/'] },
    aliases: { trivy: ['KSV007', 'AVD-KSV-0007'] },
  },
  check(pod, context) {
    const aliases = asArray(pod.spec.hostAliases);
    if (aliases.length === 0) return;
    const entries = aliases.map((value) => {
      const alias = asRecord(value);
      const names = asArray(alias?.hostnames).map(asString).filter((n): n is string => n !== undefined);
      return `${names.join(', ') || '?'} -> ${asString(alias?.ip) ?? '?'}`;
    });
    context.report({ path: [...pod.specPath, 'hostAliases'], message: `pod overrides /etc/hosts with hostAliases: ${entries.join('; ')}` });
  },
});
