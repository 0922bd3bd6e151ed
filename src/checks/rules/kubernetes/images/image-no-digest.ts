import { defineWorkloadRule } from '../rule.js';
import { containerImages } from './image-ref.js';

export const imageNoDigest = defineWorkloadRule({
  meta: {
    id: 'k8s/image-no-digest',
    title: 'Image not pinned by digest',
    severity: 'low',
    target: 'kubernetes',
    rationale:
      'Tags are mutable even when they look like versions: whoever can push to the repository can repoint `1.27.3`. Only a ' +
      'digest guarantees that every node runs the bytes that were reviewed and scanned. Low severity because a versioned tag ' +
      'from a trusted registry is a common, reasonable trade-off; untagged and `:latest` images are reported by ' +
      'k8s/image-tag-latest as well.',
    remediation:
      'Append the digest the tag resolves to today (`crane digest nginx:1.27.3` or `docker buildx imagetools inspect`):\n\n' +
      '```yaml\nimage: nginx:1.27.3@sha256:<digest>\n```',
    references: { nsa: 'Building secure container images' },
    aliases: { checkov: ['CKV_K8S_43'] },
  },
  check(pod, context) {
    for (const { ref, image, reference } of containerImages(pod)) {
      if (!reference || reference.digest !== undefined) continue;
      context.report({ path: [...ref.path, 'image'], message: `container "${ref.name}" image "${image}" is not pinned by digest` });
    }
  },
});
