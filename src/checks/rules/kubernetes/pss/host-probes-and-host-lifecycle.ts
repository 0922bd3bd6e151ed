import { asRecord } from '../../../../parsers/kubernetes/values.js';
import { containersOf } from '../../../../parsers/kubernetes/workloads.js';
import { definePssRule } from '../rule.js';

/**
 * Mirrors pod-security-admission policy/check_hostProbesAndhostLifecycle.go (check ID
 * `hostProbesAndHostLifecycle`, baseline, v1.34).
 *
 * Restricted fields, on spec.{containers,initContainers,ephemeralContainers}[*]:
 *   {livenessProbe,readinessProbe,startupProbe}.{httpGet,tcpSocket}.host
 *   lifecycle.{postStart,preStop}.{httpGet,tcpSocket}.host
 * Allowed values: undefined, ""
 */
const HANDLERS: ReadonlyArray<readonly string[]> = [
  ['livenessProbe'],
  ['readinessProbe'],
  ['startupProbe'],
  ['lifecycle', 'postStart'],
  ['lifecycle', 'preStop'],
];
const ACTIONS = ['httpGet', 'tcpSocket'] as const;

export const hostProbesAndHostLifecycle = definePssRule({
  level: 'baseline',
  meta: {
    id: 'k8s/pss-host-probes-and-host-lifecycle',
    title: 'Probe or lifecycle hook targets another host',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'The kubelet performs httpGet and tcpSocket probes and hooks from the node; a `host` field lets a pod make the kubelet connect to arbitrary addresses, such as node-local services or cloud metadata endpoints (server-side request forgery).',
    remediation:
      'Remove the `host` field so the probe targets the pod IP:\n\n```yaml\nlivenessProbe:\n  httpGet:\n    path: /healthz\n    port: 8080\n```',
    references: { pss: 'Host Probes / Lifecycle Hooks' },
    aliases: {},
    controls: ['pss:baseline:hostProbesAndHostLifecycle'],
  },
  versions: [
    {
      minimumMinor: 34,
      check(pod, context) {
        for (const ref of containersOf(pod)) {
          for (const handlerPath of HANDLERS) {
            let handler: Record<string, unknown> | undefined = ref.container;
            for (const segment of handlerPath) handler = asRecord(handler?.[segment]);
            for (const action of ACTIONS) {
              const host = asRecord(handler?.[action])?.host;
              if (typeof host !== 'string' || host === '') continue;
              context.report({
                path: [...ref.path, ...handlerPath, action, 'host'],
                message: `container "${ref.name}" must not set ${[...handlerPath, action].join('.')}.host (${JSON.stringify(host)})`,
              });
            }
          }
        }
      },
    },
  ],
});
