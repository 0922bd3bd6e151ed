import type { RuleMeta } from '../../../../core/rule.js';
import { getPath } from '../../../../parsers/kubernetes/values.js';
import { containersOf, isWindowsPod } from '../../../../parsers/kubernetes/workloads.js';
import { defineWorkloadRule, type KubernetesRule } from '../rule.js';

/** IDs below this collide with host users and system accounts (kube-score, Checkov CKV_K8S_40). */
export const MIN_ID = 10000;

/**
 * A rule over `runAsUser` or `runAsGroup` set below 10000. A container value overrides the pod
 * value, so each explicit container value is judged on its own, and the pod value is reported once,
 * naming the containers that inherit it. Unset everywhere means the image decides: not reported,
 * because a manifest scanner cannot know the image's USER. Windows pods ignore these fields.
 */
export function defineLowIdRule(meta: RuleMeta, field: 'runAsUser' | 'runAsGroup', isExempt: (id: number) => boolean): KubernetesRule {
  const isLow = (value: unknown): value is number => Number.isInteger(value) && (value as number) < MIN_ID && !isExempt(value as number);
  return defineWorkloadRule({
    meta,
    check(pod, context) {
      if (isWindowsPod(pod)) return;
      const podValue = getPath(pod.spec, ['securityContext', field]);
      const inheritors: string[] = [];
      for (const ref of containersOf(pod)) {
        const value = getPath(ref.container, ['securityContext', field]);
        if (Number.isInteger(value)) {
          if (isLow(value)) {
            context.report({
              path: [...ref.path, 'securityContext', field],
              message: `container "${ref.name}" sets ${field} to ${value}, below ${MIN_ID}`,
            });
          }
        } else if (isLow(podValue)) {
          inheritors.push(`"${ref.name}"`);
        }
      }
      if (inheritors.length > 0) {
        context.report({
          path: [...pod.specPath, 'securityContext', field],
          message: `pod securityContext sets ${field} to ${String(podValue)}, below ${MIN_ID}, for container${inheritors.length > 1 ? 's' : ''} ${inheritors.join(', ')}`,
        });
      }
    },
  });
}
