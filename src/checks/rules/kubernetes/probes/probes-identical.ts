import { isDeepStrictEqual } from 'node:util';
import { asRecord } from '../../../../parsers/kubernetes/values.js';
import { defineWorkloadRule } from '../rule.js';
import { probedContainers } from './probe-scope.js';

/** Fields that tune when a probe runs and gives up, as opposed to what it checks. */
const TIMING_FIELDS = new Set(['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'successThreshold', 'failureThreshold', 'terminationGracePeriodSeconds']);

export const probesIdentical = defineWorkloadRule({
  meta: {
    id: 'k8s/probes-identical',
    title: 'Liveness probe duplicates the readiness probe',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'When liveness runs the same check as readiness and gives up no later, any condition that should only take the pod ' +
      'out of rotation (a slow dependency, a load spike) restarts it instead, and restarts under load cascade into an ' +
      'outage. Reported when both probes perform the same check (same handler) and the liveness failure window ' +
      '(periodSeconds x failureThreshold, defaults 10 x 3) is not longer than the readiness one. Unlike kube-score, a ' +
      'shared endpoint with a more tolerant liveness probe is accepted: readiness then reacts first, as intended.',
    remediation:
      'Give liveness its own, dependency-free check, or at least a longer failure window:\n\n```yaml\nreadinessProbe:\n' +
      '  httpGet: {path: /readyz, port: 8080}\n  periodSeconds: 5\nlivenessProbe:\n  httpGet: {path: /livez, port: 8080}\n  periodSeconds: 10\n  failureThreshold: 6\n```',
    references: { urls: ['https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/'] },
    aliases: { kubeScore: ['pod-probes-identical'] },
  },
  check(pod, context) {
    for (const ref of probedContainers(pod)) {
      const liveness = asRecord(ref.container.livenessProbe);
      const readiness = asRecord(ref.container.readinessProbe);
      if (!liveness || !readiness || !isDeepStrictEqual(handler(liveness), handler(readiness))) continue;
      const livenessWindow = failureWindow(liveness);
      const readinessWindow = failureWindow(readiness);
      if (livenessWindow > readinessWindow) continue;
      context.report({
        path: [...ref.path, 'livenessProbe'],
        message: `container "${ref.name}" liveness probe runs the same check as its readiness probe and gives up no later (${livenessWindow}s vs ${readinessWindow}s)`,
      });
    }
  },
});

function handler(probe: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(probe).filter(([key]) => !TIMING_FIELDS.has(key)));
}

function failureWindow(probe: Record<string, unknown>): number {
  const period = typeof probe.periodSeconds === 'number' ? probe.periodSeconds : 10;
  const threshold = typeof probe.failureThreshold === 'number' ? probe.failureThreshold : 3;
  return period * threshold;
}

