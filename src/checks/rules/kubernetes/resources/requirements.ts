import type { RuleMeta } from '../../../../core/rule.js';
import { asRecord, getPath } from '../../../../parsers/kubernetes/values.js';
import { containersOf } from '../../../../parsers/kubernetes/workloads.js';
import { defineWorkloadRule, type KubernetesRule } from '../rule.js';

export type ResourceName = 'cpu' | 'memory' | 'ephemeral-storage';
export type RequirementKind = 'requests' | 'limits';

const LABEL: Record<ResourceName, string> = { cpu: 'CPU', memory: 'memory', 'ephemeral-storage': 'ephemeral-storage' };

type Quantity = 'unset' | 'zero' | 'set';

/** Kubernetes treats an absent and a zero quantity alike (kube-score's IsZero): neither reserves nor bounds anything. */
function quantity(value: unknown): Quantity {
  if (typeof value === 'number') return value === 0 ? 'zero' : 'set';
  if (typeof value !== 'string' || value.trim() === '') return 'unset';
  const numeric = /^[+-]?(\d+\.?\d*|\.\d+)/.exec(value.trim());
  return numeric && Number(numeric[0]) === 0 ? 'zero' : 'set';
}

function isSet(requirements: unknown, kind: RequirementKind, resource: ResourceName): boolean {
  return quantity(getPath(requirements, [kind, resource])) === 'set';
}

/**
 * A rule for one missing requirement on regular and init containers. Ephemeral containers are never
 * checked: the API forbids resources on them. A request defaults to the limit when only the limit is
 * set, so a request counts as missing only when both are; pod-level `spec.resources` (PodLevelResources)
 * bounds containers that declare nothing, so it satisfies the rule for the whole pod.
 */
export function defineResourceRule(meta: RuleMeta, kind: RequirementKind, resource: ResourceName): KubernetesRule {
  const satisfiedBy = (requirements: unknown): boolean =>
    isSet(requirements, kind, resource) || (kind === 'requests' && isSet(requirements, 'limits', resource));
  return defineWorkloadRule({
    meta,
    check(pod, context) {
      if (satisfiedBy(pod.spec.resources)) return;
      for (const ref of containersOf(pod, ['containers', 'initContainers'])) {
        const requirements = asRecord(ref.container.resources);
        if (satisfiedBy(requirements)) continue;
        const path = [...ref.path, 'resources', kind, resource];
        const noun = `${LABEL[resource]} ${kind === 'requests' ? 'request' : 'limit'}`;
        const zero = quantity(getPath(requirements, [kind, resource])) === 'zero';
        context.report({ path, message: `container "${ref.name}" ${zero ? `sets its ${noun} to 0` : `has no ${noun}`}` });
      }
    },
  });
}
