import { defineWorkloadRule } from '../rule.js';
import { containerImages, isMutableLatest } from './image-ref.js';

export const imageTagLatest = defineWorkloadRule({
  meta: {
    id: 'k8s/image-tag-latest',
    title: 'Image uses the latest tag or no tag',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'An untagged image means `:latest`, and `:latest` moves: two nodes can run different code under the same manifest, a ' +
      'rollback redeploys whatever is current, and a compromised upstream push reaches the cluster on the next pull. An image ' +
      'pinned by digest is not reported, even if it also carries `:latest`, because the runtime ignores the tag then.',
    remediation:
      'Pin a versioned tag, or better a digest:\n\n```yaml\ncontainers:\n  - name: app\n    image: nginx:1.27.3@sha256:<digest>\n```',
    references: {
      nsa: 'Building secure container images',
      urls: ['https://kubernetes.io/docs/concepts/containers/images/#image-names'],
    },
    aliases: {
      trivy: ['KSV013', 'AVD-KSV-0013'],
      checkov: ['CKV_K8S_14'],
      kubeScore: ['container-image-tag'],
      kubeLinter: ['latest-tag'],
      polaris: ['tagNotSpecified'],
    },
  },
  check(pod, context) {
    for (const { ref, image, reference } of containerImages(pod)) {
      if (!reference || !isMutableLatest(reference)) continue;
      const problem = reference.tag === undefined ? 'has no tag, so it resolves to :latest' : 'uses the mutable :latest tag';
      context.report({ path: [...ref.path, 'image'], message: `container "${ref.name}" image "${image}" ${problem}` });
    }
  },
});
