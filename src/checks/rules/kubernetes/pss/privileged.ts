import { containersOf } from '../../../../parsers/kubernetes/workloads.js';
import { definePssRule } from '../rule.js';
import { setField } from '../fixes.js';
import { containerSecurityContext, containerSecurityContextPath } from './helpers.js';

/**
 * Mirrors pod-security-admission policy/check_privileged.go (check ID `privileged`, baseline, v1.0).
 *
 * Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].securityContext.privileged
 * Allowed values: undefined, false
 */
export const privileged = definePssRule({
  level: 'baseline',
  meta: {
    id: 'k8s/pss-privileged',
    title: 'Privileged container',
    severity: 'critical',
    target: 'kubernetes',
    rationale:
      'A privileged container runs with every capability and direct access to host devices; a compromise of it is a compromise of the node.',
    remediation:
      'Remove `privileged: true`, or set it to false, and grant only the specific capabilities needed:\n\n```yaml\nsecurityContext:\n  privileged: false\n  capabilities:\n    drop: ["ALL"]\n```',
    references: { pss: 'Privileged Containers', cis: ['CIS Kubernetes 5.2.2'], nsa: 'Pod security: non-root and unprivileged containers' },
    aliases: {
      trivy: ['KSV017', 'AVD-KSV-0017'],
      checkov: ['CKV_K8S_16'],
      kubeScore: ['container-security-context-privileged'],
      kubeLinter: ['privileged-container'],
      polaris: ['runAsPrivileged'],
    },
    controls: ['pss:baseline:privileged'],
    fixable: true,
  },
  versions: [
    {
      minimumMinor: 0,
      check(pod, context) {
        for (const ref of containersOf(pod)) {
          if (containerSecurityContext(ref)?.privileged !== true) continue;
          const path = containerSecurityContextPath(ref, 'privileged');
          context.report({
            path,
            message: `container "${ref.name}" runs privileged`,
            fix: setField(context.object, path, false, 'set privileged to false'),
          });
        }
      },
    },
  ],
});
