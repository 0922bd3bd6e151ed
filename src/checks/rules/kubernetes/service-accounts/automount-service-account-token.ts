import { setField } from '../fixes.js';
import { defineWorkloadRule } from '../rule.js';

export const automountServiceAccountToken = defineWorkloadRule({
  meta: {
    id: 'k8s/automount-service-account-token',
    title: 'Service account token mounted automatically',
    severity: 'low',
    target: 'kubernetes',
    rationale:
      'Unless the pod opts out, Kubernetes mounts a service account token into every container, so anyone who compromises ' +
      'the application can call the API server with the service account\'s permissions. Most applications never talk to ' +
      'the API. Reported when the pod spec leaves the field unset or sets it to true: a ServiceAccount-level false is ' +
      'overridden by the pod, and this scanner cannot see which ServiceAccount the cluster will bind. Low severity because ' +
      'the token is only as powerful as the RBAC behind it.',
    remediation:
      'Opt out on the pod spec, and mount a projected token explicitly in the rare workload that needs one:\n\n```yaml\nspec:\n  automountServiceAccountToken: false\n```',
    references: {
      cis: ['CIS Kubernetes 5.1.6'],
      nsa: 'Kubernetes Pod security: pod service account tokens',
      urls: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting'],
    },
    aliases: { trivy: ['KSV036', 'AVD-KSV-0036'], checkov: ['CKV_K8S_38'], polaris: ['automountServiceAccountToken'] },
    fixable: true,
  },
  check(pod, context) {
    const value = pod.spec.automountServiceAccountToken;
    if (value === false) return;
    const path = [...pod.specPath, 'automountServiceAccountToken'];
    context.report({
      path,
      message:
        value === true
          ? 'pod sets automountServiceAccountToken to true, mounting an API token into every container'
          : 'pod does not set automountServiceAccountToken: false, so an API token is mounted into every container',
      fix: setField(context.object, path, false, 'set automountServiceAccountToken to false'),
    });
  },
});
