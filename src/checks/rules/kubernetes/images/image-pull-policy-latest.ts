import { setField } from '../fixes.js';
import { defineWorkloadRule } from '../rule.js';
import { containerImages, isMutableLatest } from './image-ref.js';

export const imagePullPolicyLatest = defineWorkloadRule({
  meta: {
    id: 'k8s/image-pull-policy-latest',
    title: 'Mutable :latest image without imagePullPolicy: Always',
    severity: 'low',
    target: 'kubernetes',
    rationale:
      'Kubernetes defaults `imagePullPolicy` to Always for untagged and `:latest` images precisely because the tag moves. ' +
      'Setting IfNotPresent or Never on such an image makes each node keep whatever it pulled first, so replicas silently run ' +
      'different code, and skips the registry authorisation check of `imagePullSecrets` on nodes that have the image cached. ' +
      'Narrower than kube-score container-image-pull-policy and Checkov CKV_K8S_15, which require Always for every image: ' +
      'IfNotPresent is the right policy for immutable tags and digests, so those are not reported.',
    remediation:
      'Pin the image (preferred), or pull it every time:\n\n```yaml\ncontainers:\n  - name: app\n    image: nginx:latest\n    imagePullPolicy: Always\n```',
    references: { urls: ['https://kubernetes.io/docs/concepts/containers/images/#imagepullpolicy-defaulting'] },
    aliases: {},
    fixable: true,
  },
  check(pod, context) {
    for (const { ref, image, reference } of containerImages(pod)) {
      const policy = ref.container.imagePullPolicy;
      if (!reference || !isMutableLatest(reference) || (policy !== 'IfNotPresent' && policy !== 'Never')) continue;
      const path = [...ref.path, 'imagePullPolicy'];
      context.report({
        path,
        message: `container "${ref.name}" pulls mutable image "${image}" with imagePullPolicy ${policy}`,
        // Never usually means images are side-loaded (kind, air-gapped nodes): switching it to Always would break the pod.
        ...(policy === 'IfNotPresent' ? { fix: setField(context.object, path, 'Always', 'set imagePullPolicy to Always') } : {}),
      });
    }
  },
});
