import { setField } from '../fixes.js';
import { defineKubernetesRule } from '../rule.js';

export const defaultServiceAccountAutomount = defineKubernetesRule({
  meta: {
    id: 'k8s/default-service-account-automount',
    title: 'Default ServiceAccount mounts its token automatically',
    severity: 'low',
    target: 'kubernetes',
    rationale:
      'Every pod that names no service account runs as `default`. When a manifest manages the `default` ServiceAccount, ' +
      'setting automountServiceAccountToken: false on it keeps its token out of those pods unless they opt in. Only the ' +
      '`default` ServiceAccount is checked: dedicated accounts often exist precisely to carry a token.',
    remediation: '```yaml\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\nautomountServiceAccountToken: false\n```',
    references: { cis: ['CIS Kubernetes 5.1.5'] },
    aliases: { checkov: ['CKV_K8S_41'] },
    fixable: true,
  },
  check(context) {
    const { object } = context;
    if (object.kind !== 'ServiceAccount' || object.name !== 'default') return;
    const value = object.raw.automountServiceAccountToken;
    if (value === false) return;
    const path = ['automountServiceAccountToken'];
    context.report({
      path,
      message:
        value === true
          ? 'ServiceAccount "default" sets automountServiceAccountToken to true'
          : 'ServiceAccount "default" does not set automountServiceAccountToken: false',
      fix: setField(object, path, false, 'set automountServiceAccountToken to false'),
    });
  },
});
