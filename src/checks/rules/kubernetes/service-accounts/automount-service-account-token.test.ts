import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { automountServiceAccountToken } from './automount-service-account-token.js';

describe('k8s/automount-service-account-token', () => {
  it('fires when the field is unset, with a fix that adds it to the pod template spec', () => {
    const [hit, ...rest] = runRule(automountServiceAccountToken, deployment(`
      containers:
        - name: app
    `));
    expect(rest).toEqual([]);
    expect(hit!.fieldPath).toBe('spec.template.spec.automountServiceAccountToken');
    expect(hit!.message).toBe('pod does not set automountServiceAccountToken: false, so an API token is mounted into every container');
    expect(hit!.fix).toEqual({
      kind: 'object-patch',
      description: 'set automountServiceAccountToken to false',
      ops: [{ op: 'add', path: ['spec', 'template', 'spec', 'automountServiceAccountToken'], value: false }],
    });
  });

  it('fires when the field is true, with a replace fix', () => {
    const [hit] = runRule(automountServiceAccountToken, pod(`
      automountServiceAccountToken: true
      containers:
        - name: app
    `));
    expect(hit!.message).toBe('pod sets automountServiceAccountToken to true, mounting an API token into every container');
    expect(hit!.fix).toMatchObject({ ops: [{ op: 'replace', path: ['spec', 'automountServiceAccountToken'], value: false }] });
  });

  it('stays quiet when the pod opts out, and for objects without a pod spec', () => {
    expect(runRule(automountServiceAccountToken, pod(`
      automountServiceAccountToken: false
      containers:
        - name: app
    `))).toEqual([]);
    expect(runRule(automountServiceAccountToken, 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web}\n')).toEqual([]);
  });
});
