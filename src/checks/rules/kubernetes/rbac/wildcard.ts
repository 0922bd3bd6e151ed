import { ALL, isFullWildcard, type PolicyRule } from '../../../analysis/rbac/matcher.js';
import { describeRole } from '../../../analysis/rbac/model.js';
import { defineSetRule } from '../rule.js';
import { describeHolders } from './holders.js';
import { RBAC_READS, rbacModelFor } from './model-cache.js';
import { NSA_RBAC, RBAC_GOOD_PRACTICES } from './references.js';

export const wildcard = defineSetRule({
  meta: {
    id: 'k8s/rbac-wildcard',
    title: 'Role uses a wildcard verb or resource',
    severity: 'high',
    target: 'kubernetes',
    rationale:
      'A `*` verb or resource grants everything that exists now and everything added later: new subresources, new verbs, every CRD installed after the role was reviewed. `*` verbs include bind, escalate and impersonate; `*` resources include secrets and pods/exec.',
    remediation:
      'List the verbs and resources the subject uses (`kubectl auth can-i --list --as ...` and the audit log tell you which):\n\n```yaml\nrules:\n  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["get", "list", "watch", "update", "patch"]\n```',
    references: { cis: ['CIS Kubernetes 5.1.3'], nsa: NSA_RBAC, urls: [RBAC_GOOD_PRACTICES] },
    aliases: {
      trivy: ['KSV044', 'AVD-KSV-0044', 'KSV045', 'AVD-KSV-0045', 'KSV046', 'AVD-KSV-0046'],
      checkov: ['CKV_K8S_49'],
      kubeLinter: ['wildcard-in-rules'],
    },
    controls: ['cis:5.1.3'],
  },
  reads: RBAC_READS,
  checkAll({ objects, settings, report }) {
    const model = rbacModelFor(objects, settings);
    for (const role of model.roles) {
      // Built-in roles are the API server's to define; their bindings are judged instead.
      if (role.builtIn || !role.object) continue;
      for (const ref of role.rules) {
        if (ref.source !== role) continue;
        const verbs = ref.rule.verbs.includes(ALL);
        const resources = ref.rule.resources.includes(ALL);
        if (!verbs && !resources) continue;
        // One finding per role rule: what one `*` grants is one risk, however many fields spell it.
        report({
          object: role.object,
          path: [...ref.path, verbs ? 'verbs' : 'resources'],
          message: `${describeRole(role)} rules[${String(ref.path[1])}] grants ${wildcardGrant(ref.rule)}; ${describeHolders(model, role)}`,
        });
      }
    }
  },
});

/** Every permission rule matches a `*` on `*` in `*` rule; they stay quiet and this message names what it implies. */
const IMPLIED = 'reading every Secret, creating and exec-ing into pods, binding and escalating roles, impersonation, minting tokens, nodes/proxy, approving certificates and writing webhooks';

function wildcardGrant(rule: PolicyRule): string {
  const verbs = rule.verbs.includes(ALL) ? 'every verb' : rule.verbs.join(', ');
  const resources = rule.resources.includes(ALL) ? 'every resource' : rule.resources.join(', ');
  const groups = rule.apiGroups.includes(ALL) ? 'every API group' : `API group(s) ${rule.apiGroups.map((g) => (g === '' ? 'core' : g)).join(', ')}`;
  const names = rule.resourceNames.length > 0 ? ` (names ${rule.resourceNames.join(', ')})` : '';
  const fields = [rule.verbs.includes(ALL) ? 'verbs' : '', rule.resources.includes(ALL) ? 'resources' : ''].filter(Boolean).join(' and ');
  const implied = isFullWildcard(rule) ? `: cluster-admin through a ClusterRoleBinding (all of a namespace through a RoleBinding), including ${IMPLIED}` : '';
  return `${verbs} on ${resources} in ${groups}${names} ("*" in ${fields})${implied}`;
}
