import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { hostAliases } from './host-aliases.js';

describe('k8s/host-aliases', () => {
  it('fires on hostAliases, listing the overridden names', () => {
    const hits = runRule(hostAliases, deployment(`
      hostAliases:
        - ip: 10.0.0.5
          hostnames: [db.internal, db]
        - ip: 10.0.0.6
          hostnames: [cache.internal]
      containers: [{name: app}]
    `));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.template.spec.hostAliases', 'pod overrides /etc/hosts with hostAliases: db.internal, db -> 10.0.0.5; cache.internal -> 10.0.0.6'],
    ]);
  });

  it('stays quiet without hostAliases or with an empty list', () => {
    expect(runRule(hostAliases, pod('containers: [{name: app}]'))).toEqual([]);
    expect(runRule(hostAliases, pod('hostAliases: []\ncontainers: [{name: app}]'))).toEqual([]);
  });
});
