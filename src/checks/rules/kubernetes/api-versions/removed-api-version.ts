import { defineKubernetesRule } from '../rule.js';
import { removedApi } from './removed-apis.js';

export const removedApiVersion = defineKubernetesRule({
  meta: {
    id: 'k8s/removed-api-version',
    title: 'apiVersion removed from Kubernetes',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'The API server no longer serves this apiVersion for this kind, so applying the manifest fails on any cluster at or ' +
      'past the removal release, typically in the middle of an upgrade. Matched on the apiVersion and kind pair (apps/v1beta1 ' +
      'Deployment, policy/v1beta1 PodDisruptionBudget...) from the Kubernetes deprecation guide, so custom resources that ' +
      'reuse a version name are not affected. Not a security issue in itself: PodSecurityPolicy objects, for instance, ' +
      'silently stop enforcing anything.',
    remediation:
      'Migrate to the replacement apiVersion named in the message (`kubectl convert` handles most kinds) and check the ' +
      'field changes listed in the migration guide:\n\n```yaml\napiVersion: apps/v1\nkind: Deployment\n```',
    references: { urls: ['https://kubernetes.io/docs/reference/using-api/deprecation-guide/'] },
    aliases: { kubeScore: ['stable-version'] },
  },
  check(context) {
    const { object } = context;
    if (!object.apiVersion) return;
    const removed = removedApi(object.apiVersion, object.kind);
    if (!removed) return;
    context.report({
      path: ['apiVersion'],
      message: `${object.apiVersion} ${object.kind} was removed in Kubernetes ${removed.removedIn}; use ${removed.replacement}`,
    });
  },
});
