import { defineKubernetesRule } from '../rule.js';
import { isNamespacedKind } from './scope.js';

export const defaultNamespace = defineKubernetesRule({
  meta: {
    id: 'k8s/default-namespace',
    title: 'Object in the default namespace',
    severity: 'low',
    target: 'kubernetes',
    rationale:
      'The `default` namespace is where everything lands when nobody decides: it shares RBAC, quotas, network policies and ' +
      'the default service account with unrelated workloads, so it is a poor administrative boundary. Reported for ' +
      'namespaced kinds only, when `metadata.namespace` is `default`, or when it is absent and no namespace was given with ' +
      '`--namespace` (which the object would inherit instead).',
    remediation:
      'Put the object in a dedicated namespace, in the manifest or with `kubectl apply -n`/Kustomize `namespace:`:\n\n```yaml\nmetadata:\n  name: web\n  namespace: shop\n```',
    references: { cis: ['CIS Kubernetes 5.7.4'] },
    aliases: { trivy: ['KSV110', 'AVD-KSV-0110'], checkov: ['CKV_K8S_21'], kubeLinter: ['use-namespace'] },
  },
  check(context) {
    const { object, settings } = context;
    if (!isNamespacedKind(object.kind)) return;
    const label = `${object.kind} "${object.name ?? '?'}"`;
    if (object.namespace === 'default') {
      context.report({ path: ['metadata', 'namespace'], message: `${label} is in the default namespace` });
    } else if (object.namespace === undefined || object.namespace === '') {
      if (settings.assumedNamespace === undefined) {
        context.report({
          path: ['metadata', 'namespace'],
          message: `${label} sets no namespace, so it lands in the default namespace unless one is given at apply time`,
        });
      } else if (settings.assumedNamespace === 'default') {
        context.report({ path: ['metadata', 'namespace'], message: `${label} sets no namespace and is applied to the default namespace` });
      }
    }
  },
});
