import { describe, expect, it } from 'vitest';
import { answerRbacQuestion, type RbacQuestion } from '../../checks/analysis/rbac/answer.js';
import { modelOf } from '../../checks/analysis/rbac/testing.js';
import type { AnswerContext } from '../answer.js';
import { RBAC_FORMATTERS } from './index.js';

// alice may create pods in ci, where the deployer ServiceAccount is bound to cluster-admin.
const YAML = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-maker, namespace: ci}
rules:
  - {apiGroups: [""], resources: [pods], verbs: [create]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: alice-pods, namespace: ci}
subjects: [{kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}]
roleRef: {kind: Role, name: pod-maker, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: deployer, namespace: ci}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: deployer-admin}
subjects: [{kind: ServiceAccount, name: deployer, namespace: ci}]
roleRef: {kind: ClusterRole, name: cluster-admin, apiGroup: rbac.authorization.k8s.io}
`;

const ALICE = { kind: 'User', name: 'alice' } as const;
const NO_CONTEXT: AnswerContext = { problems: [], errors: [] };

function formatted(format: string, question: RbacQuestion, context = NO_CONTEXT, yaml = YAML): string {
  return RBAC_FORMATTERS.get(format).format(answerRbacQuestion(modelOf(yaml), question), context);
}

describe('rbac formats', () => {
  it('offers table and json', () => {
    expect(RBAC_FORMATTERS.names).toEqual(['table', 'json']);
    expect(() => RBAC_FORMATTERS.get('yaml')).toThrow('unknown rbac format "yaml"; expected one of: table, json');
  });

  it('tables who-can answers with the binding, role and rule of each, located', () => {
    const query = { kind: 'resource', verb: 'create', resource: 'pods', apiGroup: '', namespace: 'ci', namespaced: true } as const;
    expect(formatted('table', { kind: 'who-can', query })).toBe(
      [
        'SUBJECT         SCOPE    BINDING                                           ROLE                             RULE',
        'sa:ci/deployer  cluster  ClusterRoleBinding deployer-admin (rbac.yaml:17)  ClusterRole cluster-admin        * on * in *',
        'user:alice      ci       RoleBinding ci/alice-pods (rbac.yaml:7)           Role ci/pod-maker (rbac.yaml:1)  create on pods in core',
        '',
      ].join('\n'),
    );
  });

  it('notes a resource of unknown group, and says so when nobody can', () => {
    const query = { kind: 'resource', verb: 'delete', resource: 'widgets', namespaced: true } as const;
    const onlyAlice = YAML.split('---\n').slice(0, 2).join('---\n');
    expect(formatted('table', { kind: 'who-can', query }, NO_CONTEXT, onlyAlice)).toBe(
      'note: the API group of "widgets" is unknown, so rules of every group match; name it as RESOURCE.GROUP to be exact\nNobody in the input can delete widgets.\n',
    );
    expect(formatted('table', { kind: 'who-can', query: { ...query, apiGroup: 'example.com', name: 'w1', namespace: 'ci' } }, NO_CONTEXT, onlyAlice)).toBe(
      'Nobody in the input can delete widgets (group "example.com") named w1 in namespace ci.\n',
    );
  });

  it('tables what a subject can do, and the escalation path step by step', () => {
    expect(formatted('table', { kind: 'can', subject: ALICE })).toBe(
      [
        'SCOPE  RULE                    VIA         BINDING                                  ROLE',
        'ci     create on pods in core  user:alice  RoleBinding ci/alice-pods (rbac.yaml:7)  Role ci/pod-maker (rbac.yaml:1)',
        '',
      ].join('\n'),
    );
    expect(formatted('table', { kind: 'path', subject: ALICE })).toBe(
      [
        'user:alice -(create pods in ci)-> sa:ci/deployer -(ClusterRoleBinding deployer-admin)-> cluster-admin',
        '',
        'STEP  FROM            ACTION                             TO              GRANTED BY',
        '1     user:alice      create pods in ci                  sa:ci/deployer  RoleBinding ci/alice-pods (rbac.yaml:7)',
        '2     sa:ci/deployer  ClusterRoleBinding deployer-admin  cluster-admin   ClusterRoleBinding deployer-admin (rbac.yaml:17)',
        '',
      ].join('\n'),
    );
    expect(formatted('table', { kind: 'path', subject: { kind: 'Group', name: 'sre' } })).toBe('No path from group:sre to cluster-admin in the input.\n');
  });

  it('writes JSON with the input problems and scan errors, which the table leaves to the command', () => {
    const context = { problems: [{ file: 'rbac.yaml', line: 9, message: 'RoleBinding ci/x refers to a missing Role' }], errors: [{ file: 'gone.yaml', message: 'unreadable' }] };
    const json = JSON.parse(formatted('json', { kind: 'path', subject: ALICE }, context));
    expect(Object.keys(json)).toEqual(['subject', 'reachesClusterAdmin', 'path', 'text', 'problems', 'errors']);
    expect(json.path[0]).toEqual({
      from: 'user:alice',
      to: 'sa:ci/deployer',
      action: 'create pods in ci',
      binding: { kind: 'RoleBinding', name: 'alice-pods', namespace: 'ci', file: 'rbac.yaml', line: 7 },
      role: { kind: 'Role', name: 'pod-maker', namespace: 'ci', builtIn: false, file: 'rbac.yaml', line: 1 },
      rule: { text: 'create on pods in core', role: 'Role/pod-maker', index: 0, file: 'rbac.yaml', line: 5 },
    });
    expect(json.problems).toEqual(context.problems);
    expect(json.errors).toEqual(context.errors);
    expect(formatted('table', { kind: 'path', subject: ALICE }, context)).toBe(formatted('table', { kind: 'path', subject: ALICE }));
  });
});
