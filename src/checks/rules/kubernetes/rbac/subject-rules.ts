import { ALL, type PolicyRule } from '../../../analysis/rbac/matcher.js';
import { describeBinding, describeRole, describeRule, type BindingDef } from '../../../analysis/rbac/model.js';
import { grantsInNamespace } from '../../../analysis/rbac/grants.js';
import { ANONYMOUS, AUTHENTICATED, formatSubject, UNAUTHENTICATED } from '../../../analysis/rbac/subjects.js';
import { defineSetRule } from '../rule.js';
import { scopeOf } from './holders.js';
import { RBAC_READS, rbacModelFor } from './model-cache.js';
import { NSA_RBAC, RBAC_GOOD_PRACTICES } from './references.js';

export const defaultServiceAccountPermissions = defineSetRule({
  meta: {
    id: 'k8s/rbac-default-sa-permissions',
    title: 'Permissions are granted to a default ServiceAccount',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'Every pod that does not name a ServiceAccount runs as the namespace\'s `default` one, so a permission bound to it is held by every such pod, including ones added later for unrelated purposes.',
    remediation:
      'Create a ServiceAccount for the workload, bind the role to it, and set `serviceAccountName` in its pod template:\n\n```yaml\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: team-a\n---\n# in the RoleBinding\nsubjects:\n  - kind: ServiceAccount\n    name: app\n    namespace: team-a\n```',
    references: { cis: ['CIS Kubernetes 5.1.5'], nsa: NSA_RBAC, urls: [RBAC_GOOD_PRACTICES] },
    aliases: {},
    controls: ['cis:5.1.5'],
  },
  reads: RBAC_READS,
  checkAll({ objects, settings, report }) {
    const model = rbacModelFor(objects, settings);
    for (const binding of model.bindings) {
      const rules = effectiveRules(binding);
      if (!binding.role || rules.length === 0) continue;
      for (const { subject, index } of binding.subjects) {
        if (subject.kind !== 'ServiceAccount' || subject.name !== 'default' || subject.namespace === 'kube-system') continue;
        report({
          object: binding.object,
          path: ['subjects', index],
          message: `${describeBinding(binding)} grants the default ServiceAccount ${formatSubject(subject)} ${describeRole(binding.role)} (${scopeOf(binding)}): ${describeRule(rules[0]!)}${rules.length > 1 ? ` and ${rules.length - 1} more rule(s)` : ''}`,
        });
      }
    }
  },
});

const PUBLIC_INFO = ['/healthz', '/livez', '/readyz', '/version', '/version/'];
const DISCOVERY = [...PUBLIC_INFO, '/api', '/api/*', '/apis', '/apis/*', '/openapi', '/openapi/*', '/.well-known/openid-configuration', '/openid/v1/jwks'];
const SELF_REVIEWS: Record<string, string[]> = {
  'authorization.k8s.io': ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
  'authentication.k8s.io': ['selfsubjectreviews'],
};

/** What the default system:public-info-viewer role grants everyone, signed in or not. */
function isPublicInfo(rule: PolicyRule): boolean {
  return rule.resources.length === 0 && onlyVerbs(rule, ['get']) && rule.nonResourceURLs.every((u) => PUBLIC_INFO.includes(u));
}

/** What system:discovery, system:basic-user and the issuer-discovery roles grant every authenticated user. */
function isDiscovery(rule: PolicyRule): boolean {
  if (rule.resources.length === 0) return onlyVerbs(rule, ['get']) && rule.nonResourceURLs.every((u) => DISCOVERY.includes(u));
  return (
    rule.nonResourceURLs.length === 0 &&
    onlyVerbs(rule, ['create']) &&
    rule.apiGroups.length > 0 &&
    rule.apiGroups.every((g) => g in SELF_REVIEWS) &&
    rule.resources.every((r) => rule.apiGroups.some((g) => SELF_REVIEWS[g]!.includes(r)))
  );
}

function onlyVerbs(rule: PolicyRule, allowed: string[]): boolean {
  return rule.verbs.length > 0 && rule.verbs.every((v) => v !== ALL && allowed.includes(v));
}

const AUDIENCE: Record<string, { who: string; harmless: (rule: PolicyRule) => boolean }> = {
  [`User:${ANONYMOUS}`]: { who: 'anonymous requests', harmless: isPublicInfo },
  [`Group:${UNAUTHENTICATED}`]: { who: 'every unauthenticated request', harmless: isPublicInfo },
  [`Group:${AUTHENTICATED}`]: { who: 'every authenticated user and ServiceAccount', harmless: isDiscovery },
};

export const publicSubjectBinding = defineSetRule({
  meta: {
    id: 'k8s/rbac-public-subject-binding',
    title: 'Permissions are granted to anonymous or to every authenticated user',
    severity: 'high',
    target: 'kubernetes',
    rationale:
      'system:anonymous and system:unauthenticated are whoever reaches the API server without credentials; system:authenticated is every user and every ServiceAccount of every namespace, so one compromised pod holds it. Beyond health checks (and, for authenticated users, API discovery and self-reviews), nothing should be granted to them.',
    remediation:
      'Bind the role to the group that needs it instead:\n\n```yaml\nsubjects:\n  - kind: Group\n    name: platform-readers\n    apiGroup: rbac.authorization.k8s.io\n```\n\nand keep `--anonymous-auth=false` on the API server where possible.',
    references: { nsa: NSA_RBAC, urls: [RBAC_GOOD_PRACTICES, 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles'] },
    aliases: {},
    controls: [],
  },
  reads: RBAC_READS,
  checkAll({ objects, settings, report }) {
    const model = rbacModelFor(objects, settings);
    for (const binding of model.bindings) {
      if (!binding.role) continue;
      for (const { subject, index } of binding.subjects) {
        const audience = AUDIENCE[`${subject.kind}:${subject.name}`];
        const excess = audience && effectiveRules(binding).find((rule) => !audience.harmless(rule));
        if (!audience || !excess) continue;
        report({
          object: binding.object,
          path: ['subjects', index],
          message: `${describeBinding(binding)} grants ${formatSubject(subject)} (${audience.who}) ${describeRole(binding.role)} ${scopeOf(binding)}, including ${describeRule(excess)}`,
        });
      }
    }
  },
});

/** The role's rules that authorize anything through this binding: a RoleBinding grants nothing cluster-scoped. */
function effectiveRules(binding: BindingDef): PolicyRule[] {
  const rules = (binding.role?.rules ?? []).map((r) => r.rule);
  return binding.kind === 'RoleBinding' ? rules.filter(grantsInNamespace) : rules;
}
