import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { defaultServiceAccount } from './default-service-account.js';

describe('k8s/default-service-account', () => {
  it('fires when no service account is named', () => {
    const hits = runRule(defaultServiceAccount, deployment(`
      containers:
        - name: app
    `));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.template.spec.serviceAccountName', 'pod does not set serviceAccountName, so it runs as the namespace\'s "default" service account'],
    ]);
  });

  it('fires on an explicit default, in either field', () => {
    expect(runRule(defaultServiceAccount, pod(`
      serviceAccountName: default
      containers: [{name: app}]
    `)).map((h) => [h.fieldPath, h.message])).toEqual([['spec.serviceAccountName', 'pod sets serviceAccountName to "default"']]);
    expect(runRule(defaultServiceAccount, pod(`
      serviceAccount: default
      containers: [{name: app}]
    `)).map((h) => h.fieldPath)).toEqual(['spec.serviceAccount']);
  });

  it('fires when automount is off but a projected token still carries the default identity', () => {
    expect(runRule(defaultServiceAccount, pod(`
      automountServiceAccountToken: false
      containers: [{name: app}]
      volumes:
        - name: token
          projected:
            sources:
              - serviceAccountToken: {path: token}
    `))).toHaveLength(1);
  });

  it('stays quiet for dedicated accounts and for default without any token', () => {
    expect(runRule(defaultServiceAccount, pod(`
      serviceAccountName: web
      containers: [{name: app}]
    `))).toEqual([]);
    expect(runRule(defaultServiceAccount, pod(`
      serviceAccount: web
      containers: [{name: app}]
    `))).toEqual([]);
    expect(runRule(defaultServiceAccount, pod(`
      automountServiceAccountToken: false
      containers: [{name: app}]
    `))).toEqual([]);
  });
});
