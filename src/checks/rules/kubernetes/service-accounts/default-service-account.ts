import { asArray, asString, getPath } from '../../../../parsers/kubernetes/values.js';
import type { PodTemplate } from '../../../../parsers/kubernetes/workloads.js';
import { defineWorkloadRule } from '../rule.js';

export const defaultServiceAccount = defineWorkloadRule({
  meta: {
    id: 'k8s/default-service-account',
    title: 'Pod runs as the default service account',
    severity: 'low',
    target: 'kubernetes',
    rationale:
      'Every pod in a namespace that does not name a service account shares `default`, so any permission granted to it for ' +
      'one workload is granted to all of them, and audit logs cannot tell the workloads apart. Not reported when the pod ' +
      'holds no token of it (automountServiceAccountToken: false and no projected serviceAccountToken volume), because the ' +
      'identity is then unusable from the pod. The deprecated `serviceAccount` field is honoured when `serviceAccountName` ' +
      'is absent, as the API server does.',
    remediation:
      'Create a dedicated ServiceAccount per workload and reference it:\n\n```yaml\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\n' +
      'automountServiceAccountToken: false\n---\n# in the pod spec\nserviceAccountName: web\n```',
    references: {
      cis: ['CIS Kubernetes 5.1.5'],
      urls: ['https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts'],
    },
    aliases: { kubeLinter: ['default-service-account'] },
  },
  check(pod, context) {
    const field = nonEmpty(pod.spec.serviceAccountName) || !nonEmpty(pod.spec.serviceAccount) ? 'serviceAccountName' : 'serviceAccount';
    const name = nonEmpty(pod.spec[field]);
    if (name !== undefined && name !== 'default') return;
    if (pod.spec.automountServiceAccountToken === false && !projectsToken(pod)) return;
    context.report({
      path: [...pod.specPath, field],
      message: name ? `pod sets ${field} to "default"` : 'pod does not set serviceAccountName, so it runs as the namespace\'s "default" service account',
    });
  },
});

function nonEmpty(value: unknown): string | undefined {
  const text = asString(value);
  return text === '' ? undefined : text;
}

function projectsToken(pod: PodTemplate): boolean {
  return asArray(pod.spec.volumes).some((volume) =>
    asArray(getPath(volume, ['projected', 'sources'])).some((source) => getPath(source, ['serviceAccountToken']) !== undefined),
  );
}
