import { describe, expect, it } from 'vitest';
import { dump, loadAll } from 'js-yaml';
import { binding, docs, modelOf, role, runRbacRules, testdata } from '../../../analysis/rbac/testing.js';
import { buildWhoCanIndex } from '../../../analysis/rbac/queries.js';
import { resolveResource } from '../../../analysis/rbac/resources.js';
import { clusterAdminBinding } from './cluster-admin-binding.js';
import { escalationPath } from './escalation-path.js';
import { rbacRules } from './index.js';
import { bindingMissingRole, invalidAggregationRule } from './input-rules.js';
import {
  bindEscalate, createPods, csrApproval, impersonate, nodesProxy, persistentVolumeCreate, podExec,
  secretsRead, serviceAccountTokenCreate, webhookConfig,
} from './permissions.js';
import { defaultServiceAccountPermissions, publicSubjectBinding } from './subject-rules.js';
import { wildcard } from './wildcard.js';

const bound = (rules: string[], subject = '{kind: User, name: alice}') =>
  docs(role('ClusterRole', 'r', rules), binding('alice-r', 'kind: ClusterRole\n  name: r', [subject]));

describe('RBAC rule set', () => {
  it('registers every rule once with complete metadata', () => {
    const ids = rbacRules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(17);
    for (const { meta } of rbacRules) {
      expect(meta.id).toMatch(/^k8s\/rbac-[a-z0-9-]+$/);
      expect(meta.rationale.length).toBeGreaterThan(100);
      expect(meta.remediation).toContain('```yaml');
      for (const alias of (meta.aliases.trivy ?? []).filter((a) => a.startsWith('KSV'))) {
        expect(meta.aliases.trivy).toContain(`AVD-KSV-${alias.slice(3).padStart(4, '0')}`);
      }
    }
  });
});

describe('k8s/rbac-wildcard', () => {
  it('fires on * verbs and * resources at the exact field, naming the holders', () => {
    const hits = runRbacRules([wildcard], bound(['{apiGroups: [""], resources: [pods], verbs: [get]}', '{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}']));
    expect(hits.map((h) => [h.fieldPath, h.line])).toEqual([['rules[1].verbs', 7]]);
    expect(hits[0]!.message).toBe(
      'ClusterRole "r" rules[1] grants every verb on every resource in every API group ("*" in verbs and resources): cluster-admin through a ClusterRoleBinding (all of a namespace through a RoleBinding), including reading every Secret, creating and exec-ing into pods, binding and escalating roles, impersonation, minting tokens, nodes/proxy, approving certificates and writing webhooks; bound cluster-wide to user:alice via ClusterRoleBinding "alice-r"',
    );
    const partial = runRbacRules([wildcard], bound(['{apiGroups: [""], resources: ["*"], verbs: [get, list]}', '{apiGroups: [apps], resources: [deployments], verbs: ["*"]}']));
    expect(partial.map((h) => [h.fieldPath, h.message.split(';')[0]])).toEqual([
      ['rules[0].resources', 'ClusterRole "r" rules[0] grants get, list on every resource in API group(s) core ("*" in resources)'],
      ['rules[1].verbs', 'ClusterRole "r" rules[1] grants every verb on deployments in API group(s) apps ("*" in verbs)'],
    ]);
  });

  it('groups a * on * in * role into one finding on the role and one per binding subject, not one per implied permission', () => {
    const hits = runRbacRules(rbacRules, bound(['{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}']));
    expect(hits.map((h) => `${h.ruleId} ${h.resource} ${h.fieldPath}`)).toEqual([
      'k8s/rbac-cluster-admin-binding ClusterRoleBinding/alice-r subjects[0]',
      'k8s/rbac-wildcard ClusterRole/r rules[0].verbs',
    ]);
    // The built-in cluster-admin, which the input may omit, likewise: its binding is the one finding.
    expect(runRbacRules(rbacRules, binding('ops', 'kind: ClusterRole\n  name: cluster-admin', ['{kind: Group, name: ops}'])).map((h) => h.ruleId)).toEqual([
      'k8s/rbac-cluster-admin-binding',
    ]);
  });

  it('stays quiet for explicit lists, */subresource, and built-in roles', () => {
    expect(runRbacRules([wildcard], bound(['{apiGroups: ["*"], resources: ["*/scale"], verbs: [get]}']))).toEqual([]);
    expect(runRbacRules([wildcard], role('ClusterRole', 'system:controller:x', ['{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}']))).toEqual([]);
  });

  it('reports rules of aggregated roles once, on the role that declares them', () => {
    const yaml = docs(
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: agg\naggregationRule:\n  clusterRoleSelectors: [{matchLabels: {agg: "1"}}]\nrules:\n  - {apiGroups: ["*"], resources: ["*"], verbs: ["get"]}\n`,
      role('ClusterRole', 'part', ['{apiGroups: [""], resources: ["*"], verbs: [get]}'], '\n  labels: {agg: "1"}'),
      binding('alice-agg', 'kind: ClusterRole\n  name: agg', ['{kind: User, name: alice}']),
    );
    const hits = runRbacRules([wildcard], yaml);
    expect(hits.map((h) => h.resource)).toEqual(['ClusterRole/part']);
    expect(hits[0]!.message).toContain('bound cluster-wide to user:alice via ClusterRoleBinding "alice-agg"');
  });
});

describe('k8s/rbac-cluster-admin-binding', () => {
  it('fires on cluster-admin by name and on * / * / * roles, per subject', () => {
    const yaml = docs(
      binding('ops', 'kind: ClusterRole\n  name: cluster-admin', ['{kind: Group, name: ops}', '{kind: Group, name: "system:masters"}']),
      bound(['{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}'], '{kind: ServiceAccount, name: ci, namespace: ci}'),
      binding('ns-admin', 'kind: ClusterRole\n  name: cluster-admin', ['{kind: User, name: bob}'], 'team'),
    );
    const hits = runRbacRules([clusterAdminBinding], yaml);
    expect(hits.map((h) => [h.resource, h.fieldPath])).toEqual([
      ['ClusterRoleBinding/ops', 'subjects[0]'],
      ['ClusterRoleBinding/alice-r', 'subjects[0]'],
      ['RoleBinding/team/ns-admin', 'subjects[0]'],
    ]);
    expect(hits[0]!.message).toBe('ClusterRoleBinding "ops" gives group:ops cluster-admin power cluster-wide through ClusterRole "cluster-admin" (cluster-wide)');
    expect(hits[2]!.message).toContain('full control of namespace team');
  });

  it('fires on the broad groups and stays quiet for control-plane subjects and scoped roles', () => {
    expect(runRbacRules([clusterAdminBinding], binding('all', 'kind: ClusterRole\n  name: cluster-admin', ['{kind: Group, name: "system:authenticated"}']))).toHaveLength(1);
    expect(runRbacRules([clusterAdminBinding], binding('kcm', 'kind: ClusterRole\n  name: cluster-admin', ['{kind: User, name: "system:kube-controller-manager"}', '{kind: ServiceAccount, name: x, namespace: kube-system}']))).toEqual([]);
    expect(runRbacRules([clusterAdminBinding], bound(['{apiGroups: ["*"], resources: ["*"], verbs: ["*"], resourceNames: [one]}']))).toEqual([]);
  });
});

describe('dangerous permission rules', () => {
  const cases = [
    { rule: secretsRead, fires: '{apiGroups: [""], resources: [secrets], verbs: [list]}', quiet: '{apiGroups: [""], resources: [secrets], resourceNames: [db], verbs: [get]}', text: 'list on secrets' },
    { rule: createPods, fires: '{apiGroups: [""], resources: ["*"], verbs: [create]}', quiet: '{apiGroups: [""], resources: [pods], verbs: [get, list, delete]}', text: 'create on pods' },
    { rule: podExec, fires: '{apiGroups: [""], resources: [pods/exec, pods/portforward], verbs: [create]}', quiet: '{apiGroups: [""], resources: [pods, pods/log], verbs: [get]}', text: 'create on pods/exec, pods/portforward' },
    { rule: bindEscalate, fires: '{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind]}', quiet: '{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [get, list]}', text: 'bind on clusterroles' },
    { rule: impersonate, fires: '{apiGroups: [""], resources: [users], resourceNames: [bob], verbs: [impersonate]}', quiet: '{apiGroups: [""], resources: [users], verbs: [get]}', text: 'impersonate on users (names bob)' },
    { rule: serviceAccountTokenCreate, fires: '{apiGroups: [""], resources: [serviceaccounts/token], verbs: [create]}', quiet: '{apiGroups: [""], resources: [serviceaccounts], verbs: [create]}', text: 'create on serviceaccounts/token' },
    { rule: nodesProxy, fires: '{apiGroups: [""], resources: [nodes/proxy], verbs: [get]}', quiet: '{apiGroups: [""], resources: [nodes/metrics, nodes/stats], verbs: [get]}', text: 'get on nodes/proxy' },
    { rule: webhookConfig, fires: '{apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [patch]}', quiet: '{apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [get, list, watch]}', text: 'patch on mutatingwebhookconfigurations' },
    { rule: persistentVolumeCreate, fires: '{apiGroups: [""], resources: [persistentvolumes], verbs: [create]}', quiet: '{apiGroups: [""], resources: [persistentvolumeclaims], verbs: [create]}', text: 'create on persistentvolumes' },
  ];
  for (const { rule, fires, quiet, text } of cases) {
    it(`${rule.meta.id} fires on the granting rule and stays quiet otherwise`, () => {
      const hits = runRbacRules([rule], bound([quiet, fires]));
      expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
        ['rules[1].verbs', `ClusterRole "r" rules[1] grants ${text}; bound cluster-wide to user:alice via ClusterRoleBinding "alice-r"`],
      ]);
      expect(runRbacRules([rule], bound([quiet]))).toEqual([]);
    });
  }

  it('k8s/rbac-csr-approval needs both the approval subresource and approve on a signer', () => {
    const approval = '{apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}';
    const signer = '{apiGroups: [certificates.k8s.io], resources: [signers], resourceNames: ["kubernetes.io/kube-apiserver-client"], verbs: [approve]}';
    const hits = runRbacRules([csrApproval], bound([signer, approval]));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['rules[1].verbs', 'ClusterRole "r" rules[1] grants update on certificatesigningrequests/approval and approve on signers (names kubernetes.io/kube-apiserver-client); bound cluster-wide to user:alice via ClusterRoleBinding "alice-r"'],
    ]);
    expect(runRbacRules([csrApproval], bound([approval]))).toEqual([]);
  });

  it('says when a role is bound to nobody in the input, and scopes RoleBindings to their namespace', () => {
    expect(runRbacRules([createPods], role('Role', 'r', ['{apiGroups: [""], resources: [pods], verbs: [create]}']))[0]!.message)
      .toBe('Role "app/r" rules[0] grants create on pods; not bound to any subject in the input');
    const yaml = docs(role('Role', 'r', ['{apiGroups: [""], resources: [pods], verbs: [create]}']), binding('b', 'kind: Role\n  name: r', ['{kind: ServiceAccount, name: ci}'], 'app'));
    expect(runRbacRules([createPods], yaml)[0]!.message).toContain('bound in namespace app to sa:app/ci via RoleBinding "app/b"');
  });

  it('moves findings about built-in roles to the bindings that hand them out', () => {
    const yaml = docs(
      role('ClusterRole', 'edit', ['{apiGroups: [""], resources: [pods], verbs: [create]}'], '\n  labels: {kubernetes.io/bootstrapping: rbac-defaults}'),
      binding('devs-edit', 'kind: ClusterRole\n  name: edit', ['{kind: Group, name: devs}', '{kind: User, name: "system:kube-scheduler"}'], 'team'),
    );
    expect(runRbacRules([createPods], yaml).map((h) => [h.resource, h.fieldPath, h.message])).toEqual([
      ['RoleBinding/team/devs-edit', 'subjects[0]', 'RoleBinding "team/devs-edit" grants group:devs create on pods in namespace team through the built-in ClusterRole "edit"'],
    ]);
    const view = role('ClusterRole', 'system:node-reader', ['{apiGroups: [""], resources: [secrets, nodes/proxy], verbs: [get, list]}']);
    const yaml2 = docs(view, binding('ops', 'kind: ClusterRole\n  name: system:node-reader', ['{kind: Group, name: ops}']), binding('team', 'kind: ClusterRole\n  name: system:node-reader', ['{kind: Group, name: team}'], 'team'));
    expect(runRbacRules([secretsRead, nodesProxy], yaml2).map((h) => [h.ruleId, h.message])).toEqual([
      ['k8s/rbac-secrets-read', 'ClusterRoleBinding "ops" grants group:ops get, list on secrets cluster-wide through the built-in ClusterRole "system:node-reader"'],
      ['k8s/rbac-secrets-read', 'RoleBinding "team/team" grants group:team get, list on secrets in namespace team through the built-in ClusterRole "system:node-reader"'],
      // A RoleBinding cannot hand out nodes/proxy: only the ClusterRoleBinding is reported.
      ['k8s/rbac-nodes-proxy', 'ClusterRoleBinding "ops" grants group:ops get on nodes/proxy cluster-wide through the built-in ClusterRole "system:node-reader"'],
    ]);
  });

  it('never reports what a Role, or a RoleBinding, cannot grant: the same answer as rbac who-can', () => {
    const clusterScoped = [
      { rule: nodesProxy, grant: '{apiGroups: [""], resources: [nodes/proxy], verbs: [get]}', query: ['get', 'nodes', 'proxy'] },
      { rule: persistentVolumeCreate, grant: '{apiGroups: [""], resources: [persistentvolumes], verbs: [create]}', query: ['create', 'persistentvolumes'] },
      { rule: webhookConfig, grant: '{apiGroups: [admissionregistration.k8s.io], resources: [validatingwebhookconfigurations], verbs: [create]}', query: ['create', 'validatingwebhookconfigurations.admissionregistration.k8s.io'] },
      { rule: bindEscalate, grant: '{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate]}', query: ['escalate', 'clusterroles.rbac.authorization.k8s.io'] },
      { rule: impersonate, grant: '{apiGroups: [""], resources: [users, groups], verbs: [impersonate]}', query: ['impersonate', 'users'] },
    ];
    for (const { rule, grant, query } of clusterScoped) {
      const namespaced = docs(role('Role', 'r', [grant]), binding('b', 'kind: Role\n  name: r', ['{kind: User, name: alice}'], 'app'));
      expect(runRbacRules([rule], namespaced), rule.meta.id).toEqual([]);
      const [verb, resource, subresource] = query as [string, string, string | undefined];
      const resolved = resolveResource(resource);
      const whoCan = buildWhoCanIndex(modelOf(namespaced)).query({
        kind: 'resource', verb, resource: resolved.resource, namespaced: resolved.namespaced, namespace: 'app',
        ...(resolved.group !== undefined ? { apiGroup: resolved.group } : {}), ...(subresource ? { subresource } : {}),
      });
      expect(whoCan, rule.meta.id).toEqual([]);
      // The same rule in a ClusterRole is reported, naming only cluster-wide holders.
      const viaRoleBinding = docs(role('ClusterRole', 'r', [grant]), binding('b', 'kind: ClusterRole\n  name: r', ['{kind: User, name: alice}'], 'app'));
      expect(runRbacRules([rule], viaRoleBinding).map((h) => h.message.split('; ')[1]), rule.meta.id).toEqual([
        'not bound cluster-wide in the input (its RoleBindings cannot grant a cluster-scoped permission)',
      ]);
    }
    // What is checked in a namespace stays reported on a Role: bind (for RoleBindings to ClusterRoles), impersonating ServiceAccounts.
    const inNamespace = docs(role('Role', 'r', ['{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind, escalate]}', '{apiGroups: [""], resources: [serviceaccounts, users], verbs: [impersonate]}']));
    expect(runRbacRules([bindEscalate, impersonate], inNamespace).map((h) => h.message.split(';')[0])).toEqual([
      'Role "app/r" rules[0] grants bind on clusterroles',
      'Role "app/r" rules[1] grants impersonate on serviceaccounts',
    ]);
  });
});

describe('k8s/rbac-default-sa-permissions', () => {
  it('fires on a binding to a default ServiceAccount and stays quiet for named ones', () => {
    const yaml = docs(role('Role', 'r', ['{apiGroups: [""], resources: [configmaps], verbs: [get]}']), binding('b', 'kind: Role\n  name: r', ['{kind: ServiceAccount, name: default}', '{kind: ServiceAccount, name: app}'], 'app'));
    expect(runRbacRules([defaultServiceAccountPermissions], yaml).map((h) => [h.fieldPath, h.message])).toEqual([
      ['subjects[0]', 'RoleBinding "app/b" grants the default ServiceAccount sa:app/default Role "app/r" (in namespace app): get on configmaps in core'],
    ]);
  });
});

describe('RBAC subject rules through RoleBindings', () => {
  it('do not report a RoleBinding whose role grants only what a RoleBinding cannot: cluster-scoped resources, URLs', () => {
    const clusterOnly = role('ClusterRole', 'nodes-and-urls', ['{apiGroups: [""], resources: [nodes, persistentvolumes], verbs: [get, list]}', '{nonResourceURLs: [/metrics], verbs: [get]}']);
    const yaml = docs(clusterOnly, binding('b', 'kind: ClusterRole\n  name: nodes-and-urls', ['{kind: ServiceAccount, name: default}', '{kind: Group, name: "system:authenticated"}'], 'app'));
    expect(runRbacRules([defaultServiceAccountPermissions, publicSubjectBinding], yaml)).toEqual([]);
    // The same role bound cluster-wide grants them, and a Namespace's own object is granted in that namespace.
    const clusterWide = docs(clusterOnly, binding('b', 'kind: ClusterRole\n  name: nodes-and-urls', ['{kind: ServiceAccount, name: default, namespace: app}', '{kind: Group, name: "system:authenticated"}']));
    expect(runRbacRules([defaultServiceAccountPermissions, publicSubjectBinding], clusterWide).map((h) => h.ruleId)).toEqual(['k8s/rbac-default-sa-permissions', 'k8s/rbac-public-subject-binding']);
    const ownNamespace = docs(role('ClusterRole', 'ns', ['{apiGroups: [""], resources: [namespaces], verbs: [get]}']), binding('b', 'kind: ClusterRole\n  name: ns', ['{kind: ServiceAccount, name: default}'], 'app'));
    expect(runRbacRules([defaultServiceAccountPermissions], ownNamespace)).toHaveLength(1);
  });
});

describe('k8s/rbac-public-subject-binding', () => {
  it('fires on anonymous, unauthenticated and authenticated beyond discovery', () => {
    const yaml = bound(['{apiGroups: [""], resources: [pods], verbs: [list]}'], '{kind: User, name: "system:anonymous"}')
      .replace('  - {kind: User, name: "system:anonymous"}', '  - {kind: User, name: "system:anonymous"}\n  - {kind: Group, name: "system:unauthenticated"}\n  - {kind: Group, name: "system:authenticated"}');
    const hits = runRbacRules([publicSubjectBinding], yaml);
    expect(hits.map((h) => h.fieldPath)).toEqual(['subjects[0]', 'subjects[1]', 'subjects[2]']);
    expect(hits[2]!.message).toBe('ClusterRoleBinding "alice-r" grants group:system:authenticated (every authenticated user and ServiceAccount) ClusterRole "r" cluster-wide, including list on pods in core');
  });

  it('allows health checks to everyone and discovery and self-reviews to authenticated users only', () => {
    const health = bound(['{nonResourceURLs: [/healthz, /version], verbs: [get]}'], '{kind: Group, name: "system:unauthenticated"}');
    expect(runRbacRules([publicSubjectBinding], health)).toEqual([]);
    const discovery = ['{nonResourceURLs: [/api, "/apis/*"], verbs: [get]}', '{apiGroups: [authorization.k8s.io], resources: [selfsubjectaccessreviews], verbs: [create]}'];
    expect(runRbacRules([publicSubjectBinding], bound(discovery, '{kind: Group, name: "system:authenticated"}'))).toEqual([]);
    expect(runRbacRules([publicSubjectBinding], bound(discovery, '{kind: Group, name: "system:unauthenticated"}'))).toHaveLength(1);
  });
});

describe('k8s/rbac-binding-missing-role and k8s/rbac-invalid-aggregation-rule', () => {
  it('report bad references at roleRef with file and line', () => {
    const hits = runRbacRules([bindingMissingRole], docs(binding('x', 'kind: ClusterRole\n  name: gone', ['{kind: User, name: a}']), binding('y', 'kind: ClusterRole\n  name: view', ['{kind: User, name: a}'])));
    expect(hits.map((h) => [h.fieldPath, h.line])).toEqual([['roleRef.name', 8]]);
    expect(hits[0]!.message).toContain('ClusterRoleBinding "x" refers to ClusterRole "gone", which is not in the input');
  });

  it('assume the Roles every cluster bootstraps in kube-system and kube-public, and only there', () => {
    const yaml = docs(
      binding('metrics-server-auth-reader', 'kind: Role\n  name: extension-apiserver-authentication-reader', ['{kind: ServiceAccount, name: metrics-server, namespace: kube-system}'], 'kube-system'),
      binding('my-scheduler', 'kind: Role\n  name: system::leader-locking-kube-scheduler', ['{kind: ServiceAccount, name: my-scheduler, namespace: kube-system}'], 'kube-system'),
      binding('copied', 'kind: Role\n  name: extension-apiserver-authentication-reader', ['{kind: User, name: a}'], 'app'),
    );
    expect(runRbacRules([bindingMissingRole], yaml).map((h) => h.resource)).toEqual(['RoleBinding/app/copied']);
  });

  it('report an unknown selector operator', () => {
    const yaml = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: agg\naggregationRule:\n  clusterRoleSelectors:\n    - matchExpressions:\n        - {key: a, operator: Equal, values: [x]}\n';
    const hits = runRbacRules([invalidAggregationRule], yaml);
    expect(hits.map((h) => [h.fieldPath, h.line])).toEqual([['aggregationRule.clusterRoleSelectors[0].matchExpressions[0].operator', 8]]);
    expect(runRbacRules([invalidAggregationRule], yaml.replace('Equal', 'In'))).toEqual([]);
  });
});

describe('k8s/rbac-escalation-path', () => {
  it('reports multi-step paths on the binding of the first step, not direct admins', () => {
    const hits = runRbacRules([escalationPath], testdata('platform.yaml'));
    expect(hits.map((h) => [h.resource, h.fieldPath, h.message])).toEqual([
      ['ClusterRoleBinding/prometheus-operator', 'subjects[0]', 'sa:monitoring/prometheus-operator can reach cluster-admin in 2 steps: sa:monitoring/prometheus-operator -(create statefulsets in argocd)-> sa:argocd/argocd-application-controller -(ClusterRoleBinding argocd-application-controller)-> cluster-admin'],
      ['RoleBinding/argocd/argocd-server', 'subjects[0]', 'sa:argocd/argocd-server can reach cluster-admin in 2 steps: sa:argocd/argocd-server -(create a token Secret in argocd)-> sa:argocd/argocd-application-controller -(ClusterRoleBinding argocd-application-controller)-> cluster-admin'],
      ['RoleBinding/argocd/alice-release-manager', 'subjects[0]', 'user:alice can reach cluster-admin in 2 steps: user:alice -(create deployments in argocd)-> sa:argocd/argocd-application-controller -(ClusterRoleBinding argocd-application-controller)-> cluster-admin'],
    ]);
  });
});

describe('the realistic platform fixture', () => {
  it('gets the findings its roles deserve and no others', () => {
    const hits = runRbacRules(rbacRules, testdata('platform.yaml'));
    const summary = [...new Set(hits.map((h) => `${h.ruleId} ${h.resource} ${h.fieldPath}`))];
    expect(summary).toEqual([
      'k8s/rbac-cluster-admin-binding ClusterRoleBinding/argocd-application-controller subjects[0]',
      'k8s/rbac-wildcard ClusterRole/prometheus-operator rules[0].verbs',
      'k8s/rbac-wildcard ClusterRole/prometheus-operator rules[1].verbs',
      'k8s/rbac-wildcard ClusterRole/prometheus-operator rules[2].verbs',
      // argocd-application-controller's `*` on `*` in `*` rule: one finding, not one per permission it implies.
      'k8s/rbac-wildcard ClusterRole/argocd-application-controller rules[0].verbs',
      'k8s/rbac-wildcard ClusterRole/argocd-application-controller rules[1].verbs',
      'k8s/rbac-wildcard ClusterRole/argocd-server rules[0].resources',
      'k8s/rbac-secrets-read ClusterRole/prometheus-operator rules[2].verbs',
      'k8s/rbac-secrets-read ClusterRole/argocd-server rules[0].verbs',
      'k8s/rbac-secrets-read Role/argocd/argocd-server rules[0].verbs',
      'k8s/rbac-pod-exec ClusterRole/argocd-server rules[0].verbs',
      'k8s/rbac-nodes-proxy ClusterRole/argocd-server rules[0].verbs',
      'k8s/rbac-webhook-config ClusterRole/argocd-server rules[0].verbs',
      'k8s/rbac-escalation-path ClusterRoleBinding/prometheus-operator subjects[0]',
      'k8s/rbac-escalation-path RoleBinding/argocd/argocd-server subjects[0]',
      'k8s/rbac-escalation-path RoleBinding/argocd/alice-release-manager subjects[0]',
    ]);
  });
});

describe('RBAC rules on type-confused input', () => {
  it('never throw, whatever type each field holds', () => {
    const base = docs(
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: agg\n  labels: {a: "1"}\naggregationRule:\n  clusterRoleSelectors: [{matchLabels: {b: "1"}, matchExpressions: [{key: c, operator: In, values: [x]}]}]\n`,
      role('ClusterRole', 'r', ['{apiGroups: [""], resources: [pods], verbs: [create], resourceNames: [x], nonResourceURLs: [/x]}'], '\n  labels: {b: "1"}'),
      binding('b', 'kind: ClusterRole\n  name: r', ['{kind: ServiceAccount, name: s, namespace: n}']),
    );
    const confused: unknown[] = [null, 42, true, 'text', [], {}, ['x'], { a: 1 }, [{}], [null]];
    const paths: Array<[number, Array<string | number>]> = [
      [0, ['aggregationRule']], [0, ['aggregationRule', 'clusterRoleSelectors']], [0, ['aggregationRule', 'clusterRoleSelectors', 0, 'matchExpressions']],
      [0, ['aggregationRule', 'clusterRoleSelectors', 0, 'matchExpressions', 0, 'values']], [1, ['metadata', 'labels']], [1, ['rules']],
      [1, ['rules', 0]], [1, ['rules', 0, 'verbs']], [1, ['rules', 0, 'resources']], [1, ['rules', 0, 'resourceNames']], [1, ['rules', 0, 'nonResourceURLs']],
      [2, ['roleRef']], [2, ['roleRef', 'name']], [2, ['subjects']], [2, ['subjects', 0]], [2, ['subjects', 0, 'namespace']],
    ];
    let variants = 0;
    for (const [index, path] of paths) {
      for (const value of confused) {
        const documents = loadAll(base) as Array<Record<string | number, unknown>>;
        let node = documents[index]!;
        for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
        node[path.at(-1)!] = value;
        const mutated = documents.map((d) => dump(d)).join('---\n');
        expect(() => runRbacRules(rbacRules, mutated), `${path.join('.')} = ${JSON.stringify(value)}`).not.toThrow();
        variants++;
      }
    }
    expect(variants).toBe(160);
  });
});
