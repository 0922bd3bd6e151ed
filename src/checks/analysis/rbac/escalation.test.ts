import { describe, expect, it } from 'vitest';
import { buildEscalationGraph, formatPath } from './escalation.js';
import { buildRbacModel } from './model.js';
import { parseSubject } from './subjects.js';
import { binding, docs, modelOf, objectsOf, role, testdata } from './testing.js';

const ADMIN_SA = docs(
  'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: deployer\n  namespace: ci\n',
  binding('deployer-admin', 'kind: ClusterRole\n  name: cluster-admin', ['{kind: ServiceAccount, name: deployer, namespace: ci}']),
);

const pathOf = (yaml: string, subject: string) => {
  const graph = buildEscalationGraph(modelOf(yaml), [parseSubject(subject)!]);
  const path = graph.pathFrom(parseSubject(subject)!);
  return path ? formatPath(path) : undefined;
};

const grant = (rules: string[], subject = '{kind: User, name: alice}', namespace?: string) =>
  docs(role(namespace ? 'Role' : 'ClusterRole', 'r', rules).replace('namespace: app', `namespace: ${namespace}`), binding('alice-r', `kind: ${namespace ? 'Role' : 'ClusterRole'}\n  name: r`, [subject], namespace));

describe('escalation paths', () => {
  it('goes through pod creation to a privileged ServiceAccount of the namespace', () => {
    const yaml = docs(ADMIN_SA, grant(['{apiGroups: [""], resources: [pods], verbs: [create]}'], undefined, 'ci'));
    expect(pathOf(yaml, 'alice')).toBe('user:alice -(create pods in ci)-> sa:ci/deployer -(ClusterRoleBinding deployer-admin)-> cluster-admin');
  });

  it('counts workload controllers as pod creation', () => {
    const yaml = docs(ADMIN_SA, grant(['{apiGroups: [batch], resources: [cronjobs], verbs: [create]}'], undefined, 'ci'));
    expect(pathOf(yaml, 'alice')).toBe('user:alice -(create cronjobs in ci)-> sa:ci/deployer -(ClusterRoleBinding deployer-admin)-> cluster-admin');
  });

  it('does not cross namespaces with a RoleBinding', () => {
    const yaml = docs(ADMIN_SA, grant(['{apiGroups: [""], resources: [pods], verbs: [create]}'], undefined, 'other'));
    expect(pathOf(yaml, 'alice')).toBeUndefined();
  });

  it('uses the default ServiceAccount of a namespace the input only mentions', () => {
    const yaml = docs(
      binding('default-admin', 'kind: ClusterRole\n  name: cluster-admin', ['{kind: ServiceAccount, name: default, namespace: web}']),
      grant(['{apiGroups: [apps], resources: [deployments], verbs: [create]}']),
    );
    expect(pathOf(yaml, 'alice')).toBe('user:alice -(create deployments in web)-> sa:web/default -(ClusterRoleBinding default-admin)-> cluster-admin');
  });

  it('reads a token Secret by name, or creates one', () => {
    const token = 'apiVersion: v1\nkind: Secret\ntype: kubernetes.io/service-account-token\nmetadata:\n  name: deployer-token\n  namespace: ci\n  annotations: {kubernetes.io/service-account.name: deployer}\n';
    expect(pathOf(docs(ADMIN_SA, token, grant(['{apiGroups: [""], resources: [secrets], resourceNames: [deployer-token], verbs: [get]}'], undefined, 'ci')), 'alice'))
      .toBe('user:alice -(read Secret ci/deployer-token)-> sa:ci/deployer -(ClusterRoleBinding deployer-admin)-> cluster-admin');
    expect(pathOf(docs(ADMIN_SA, grant(['{apiGroups: [""], resources: [secrets], resourceNames: [other], verbs: [get]}'], undefined, 'ci')), 'alice')).toBeUndefined();
    expect(pathOf(docs(ADMIN_SA, grant(['{apiGroups: [""], resources: [secrets], verbs: [create, get]}'], undefined, 'ci')), 'alice'))
      .toBe('user:alice -(create a token Secret in ci)-> sa:ci/deployer -(ClusterRoleBinding deployer-admin)-> cluster-admin');
  });

  it('mints tokens with serviceaccounts/token for the named ServiceAccount only', () => {
    expect(pathOf(docs(ADMIN_SA, grant(['{apiGroups: [""], resources: [serviceaccounts/token], resourceNames: [deployer], verbs: [create]}'], undefined, 'ci')), 'alice'))
      .toBe('user:alice -(create serviceaccounts/token in ci)-> sa:ci/deployer -(ClusterRoleBinding deployer-admin)-> cluster-admin');
    expect(pathOf(docs(ADMIN_SA, grant(['{apiGroups: [""], resources: [serviceaccounts/token], resourceNames: [builder], verbs: [create]}'], undefined, 'ci')), 'alice')).toBeUndefined();
  });

  it('impersonates users, groups and ServiceAccounts, and system:masters is cluster-admin', () => {
    expect(pathOf(docs(ADMIN_SA, grant(['{apiGroups: [""], resources: [serviceaccounts], verbs: [impersonate]}'])), 'alice'))
      .toBe('user:alice -(impersonate serviceaccount ci/deployer)-> sa:ci/deployer -(ClusterRoleBinding deployer-admin)-> cluster-admin');
    expect(pathOf(grant(['{apiGroups: [""], resources: [groups], verbs: [impersonate]}']), 'alice')).toBe('user:alice -(impersonate group system:masters)-> cluster-admin');
    const admins = binding('bob-admin', 'kind: ClusterRole\n  name: cluster-admin', ['{kind: User, name: bob}']);
    expect(pathOf(docs(admins, grant(['{apiGroups: [""], resources: [users], resourceNames: [bob], verbs: [impersonate]}'])), 'alice'))
      .toBe('user:alice -(impersonate user bob)-> user:bob -(ClusterRoleBinding bob-admin)-> cluster-admin');
  });

  it('binds cluster-admin with create clusterrolebindings + bind, and escalates its own ClusterRole', () => {
    expect(pathOf(grant([
      '{apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings], verbs: [create]}',
      '{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], resourceNames: [cluster-admin], verbs: [bind]}',
    ]), 'alice')).toBe('user:alice -(write clusterrolebindings + bind cluster-admin)-> cluster-admin');
    expect(pathOf(grant(['{apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings], verbs: [create]}']), 'alice')).toBeUndefined();
    expect(pathOf(grant(['{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], resourceNames: [r], verbs: [escalate, patch]}']), 'alice'))
      .toBe('user:alice -(escalate ClusterRole r)-> cluster-admin');
  });

  it('finds the shortest of several chains, and direct bindings as one step', () => {
    const yaml = docs(ADMIN_SA, grant([
      '{apiGroups: [""], resources: [pods], verbs: [create]}',
      '{apiGroups: [""], resources: [groups], resourceNames: ["system:masters"], verbs: [impersonate]}',
    ]));
    expect(pathOf(yaml, 'alice')).toBe('user:alice -(impersonate group system:masters)-> cluster-admin');
    expect(pathOf(ADMIN_SA, 'sa:ci/deployer')).toBe('sa:ci/deployer -(ClusterRoleBinding deployer-admin)-> cluster-admin');
    expect(pathOf(ADMIN_SA, 'group:system:masters')).toBe('group:system:masters -(member of system:masters)-> cluster-admin');
  });

  it('traces the realistic platform: a release manager deploys as the GitOps controller', () => {
    const graph = buildEscalationGraph(buildRbacModel(objectsOf(testdata('platform.yaml'))));
    const path = graph.pathFrom(parseSubject('alice')!)!;
    expect(formatPath(path)).toBe(
      'user:alice -(create deployments in argocd)-> sa:argocd/argocd-application-controller -(ClusterRoleBinding argocd-application-controller)-> cluster-admin',
    );
    expect(path[0]!.grant!.binding.name).toBe('alice-release-manager');
    expect(formatPath(graph.pathFrom(parseSubject('sa:monitoring/prometheus-operator')!)!)).toBe(
      'sa:monitoring/prometheus-operator -(create statefulsets in argocd)-> sa:argocd/argocd-application-controller -(ClusterRoleBinding argocd-application-controller)-> cluster-admin',
    );
    expect(graph.pathFrom(parseSubject('sa:monitoring/prometheus-k8s')!)).toBeUndefined();
    expect(graph.pathFrom(parseSubject('group:sre')!)).toBeUndefined();
  });
});
