import type { RuleMeta } from '../../../../core/rule.js';
import { containersOf, type ContainerRef, type PodTemplate } from '../../../../parsers/kubernetes/workloads.js';
import { defineWorkloadRule, type KubernetesRule } from '../rule.js';

/**
 * Pods that run to completion: Jobs, CronJobs, and any pod whose restartPolicy is not Always (Argo
 * workflows, bare run-once pods). A readiness probe gates Service traffic and a liveness probe
 * restarts a hung server; neither means anything for a batch process, so probe rules skip them.
 */
export function isRunToCompletion(pod: PodTemplate): boolean {
  const kind = pod.object.kind;
  const restartPolicy = pod.spec.restartPolicy;
  return kind === 'Job' || kind === 'CronJob' || restartPolicy === 'Never' || restartPolicy === 'OnFailure';
}

/**
 * The containers probes are for: regular containers of long-running pods. Init containers must exit
 * (native sidecars, restartPolicy: Always, are left out too: they are infrastructure, not the
 * application) and ephemeral containers cannot have probes at all.
 */
export function probedContainers(pod: PodTemplate): ContainerRef[] {
  return isRunToCompletion(pod) ? [] : containersOf(pod, ['containers']);
}

export function defineMissingProbeRule(meta: RuleMeta, field: 'livenessProbe' | 'readinessProbe'): KubernetesRule {
  return defineWorkloadRule({
    meta,
    check(pod, context) {
      for (const ref of probedContainers(pod)) {
        const probe = ref.container[field];
        if (probe !== undefined && probe !== null) continue;
        context.report({ path: [...ref.path, field], message: `container "${ref.name}" has no ${field}` });
      }
    },
  });
}
