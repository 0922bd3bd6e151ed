import { ALL } from '../../../analysis/rbac/matcher.js';
import { describeRole } from '../../../analysis/rbac/model.js';
import { defineSetRule } from '../rule.js';
import { describeHolders } from './holders.js';
import { rbacModelFor } from './model-cache.js';
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
  checkAll({ objects, settings, report }) {
    const model = rbacModelFor(objects, settings);
    for (const role of model.roles) {
      // Built-in roles are the API server's to define; their bindings are judged instead.
      if (role.builtIn || !role.object) continue;
      for (const ref of role.rules) {
        if (ref.source !== role) continue;
        for (const field of ['verbs', 'resources'] as const) {
          if (!ref.rule[field].includes(ALL)) continue;
          report({
            object: role.object,
            path: [...ref.path, field],
            message: `${describeRole(role)} rules[${String(ref.path[1])}] grants ${field === 'verbs' ? 'every verb' : 'every resource'} ("*" in ${field}); ${describeHolders(model, role)}`,
          });
        }
      }
    }
  },
});
