import { describe, expect, it } from 'vitest';
import { runRule } from '../../../../testing/kubernetes.js';
import { defaultServiceAccountAutomount } from './default-service-account-automount.js';

const serviceAccount = (name: string, extra = '') => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: app\n${extra}`;

describe('k8s/default-service-account-automount', () => {
  it('fires on the default ServiceAccount without automountServiceAccountToken: false, with a fix', () => {
    const [hit, ...rest] = runRule(defaultServiceAccountAutomount, serviceAccount('default'));
    expect(rest).toEqual([]);
    expect(hit!.fieldPath).toBe('automountServiceAccountToken');
    expect(hit!.message).toBe('ServiceAccount "default" does not set automountServiceAccountToken: false');
    expect(hit!.fix).toEqual({
      kind: 'object-patch',
      description: 'set automountServiceAccountToken to false',
      ops: [{ op: 'add', path: ['automountServiceAccountToken'], value: false }],
    });
    expect(runRule(defaultServiceAccountAutomount, serviceAccount('default', 'automountServiceAccountToken: true\n'))[0]!.message).toBe(
      'ServiceAccount "default" sets automountServiceAccountToken to true',
    );
  });

  it('stays quiet for an opted-out default and for other accounts', () => {
    expect(runRule(defaultServiceAccountAutomount, serviceAccount('default', 'automountServiceAccountToken: false\n'))).toEqual([]);
    expect(runRule(defaultServiceAccountAutomount, serviceAccount('operator'))).toEqual([]);
  });
});
