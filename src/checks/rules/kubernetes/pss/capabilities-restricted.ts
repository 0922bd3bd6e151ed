import { asArray, asRecord } from '../../../../parsers/kubernetes/values.js';
import { containersOf, type PodTemplate } from '../../../../parsers/kubernetes/workloads.js';
import { definePssRule, type KubernetesRuleContext } from '../rule.js';
import { setField } from '../fixes.js';
import { capabilitiesBaseline } from './capabilities-baseline.js';
import { containerSecurityContext, containerSecurityContextPath, exemptingWindows } from './helpers.js';

/**
 * Mirrors pod-security-admission policy/check_capabilities_restricted.go (check ID
 * `capabilities_restricted`, restricted, v1.22; from v1.25 Windows pods are exempt; both versions
 * override `capabilities_baseline`).
 *
 * Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].securityContext.capabilities.drop
 * Allowed values: must include "ALL"
 *
 * Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].securityContext.capabilities.add
 * Allowed values: undefined/empty, "NET_BIND_SERVICE"
 */
function check(pod: PodTemplate, context: KubernetesRuleContext): void {
  for (const ref of containersOf(pod)) {
    const capabilities = asRecord(containerSecurityContext(ref)?.capabilities);
    const drop = capabilities?.drop;
    if (!asArray(drop).includes('ALL')) {
      const path = containerSecurityContextPath(ref, 'capabilities', 'drop');
      const isList = drop === undefined || drop === null || Array.isArray(drop);
      context.report({
        path,
        message: `container "${ref.name}" must set securityContext.capabilities.drop=["ALL"]`,
        // A malformed drop value is left for a human rather than overwritten.
        ...(isList ? { fix: setField(context.object, path, [...asArray(drop), 'ALL'], 'drop ALL capabilities') } : {}),
      });
    }
    asArray(capabilities?.add).forEach((capability, index) => {
      if (capability === 'NET_BIND_SERVICE') return;
      context.report({
        path: containerSecurityContextPath(ref, 'capabilities', 'add', index),
        message: `container "${ref.name}" must not include ${JSON.stringify(capability)} in securityContext.capabilities.add`,
      });
    });
  }
}

export const capabilitiesRestricted = definePssRule({
  level: 'restricted',
  meta: {
    id: 'k8s/pss-capabilities-restricted',
    title: 'Capabilities not dropped, or added beyond NET_BIND_SERVICE',
    severity: 'high',
    target: 'kubernetes',
    rationale:
      'Even the runtime default capability set (CHOWN, DAC_OVERRIDE, SETUID, NET_RAW on some runtimes...) is more than most workloads need; the restricted level requires dropping all of them and re-adding at most NET_BIND_SERVICE.',
    remediation:
      'Drop every capability and add back only NET_BIND_SERVICE when binding ports below 1024:\n\n```yaml\nsecurityContext:\n  capabilities:\n    drop: ["ALL"]\n    add: ["NET_BIND_SERVICE"]\n```',
    references: { pss: 'Capabilities', cis: ['CIS Kubernetes 5.2.9', 'CIS Kubernetes 5.2.10'], nsa: 'Pod security: non-root and unprivileged containers' },
    aliases: { trivy: ['KSV003', 'AVD-KSV-0003', 'KSV106', 'AVD-KSV-0106'], checkov: ['CKV_K8S_37'] },
    controls: ['pss:restricted:capabilities_restricted'],
    fixable: true,
  },
  versions: [
    { minimumMinor: 22, check, overrides: [capabilitiesBaseline.meta.id] },
    { minimumMinor: 25, check: exemptingWindows(check), overrides: [capabilitiesBaseline.meta.id] },
  ],
});
