import { describe, expect, it } from 'vitest';
import type { ApiGetter } from '../../../sources/cluster/client.js';
import { ApiError } from '../../../sources/cluster/errors.js';
import type { BackupObject } from '../types.js';
import { planRestore } from './plan.js';
import { preflight } from './preflight.js';
import { TargetApi } from './target.js';

/** Answers GETs from a table; anything else is 404, a value that is an ApiError is thrown. */
function getter(answers: Record<string, unknown>): ApiGetter {
  return {
    async getJson(path) {
      const answer = answers[path];
      if (answer instanceof ApiError) throw answer;
      if (answer === undefined) throw new ApiError(404, 'NotFound', `${path} not found`);
      return answer;
    },
  };
}

const resources = (...list: Array<[name: string, kind: string]>) => ({ resources: list.map(([name, kind]) => ({ name, kind, namespaced: true, verbs: ['create', 'get', 'list'] })) });
const DISCOVERY = {
  '/api': { versions: ['v1'] },
  '/api/v1': resources(['configmaps', 'ConfigMap'], ['persistentvolumeclaims', 'PersistentVolumeClaim']),
  '/apis': {
    groups: [
      { name: 'apps', versions: [{ version: 'v1' }], preferredVersion: { version: 'v1' } },
      { name: 'apiextensions.k8s.io', versions: [{ version: 'v1' }], preferredVersion: { version: 'v1' } },
      { name: 'example.com', versions: [{ version: 'v2' }, { version: 'v1' }], preferredVersion: { version: 'v2' } },
    ],
  },
  '/apis/apps/v1': resources(['deployments', 'Deployment']),
  '/apis/apiextensions.k8s.io/v1': resources(['customresourcedefinitions', 'CustomResourceDefinition']),
  '/apis/example.com/v2': resources(['widgets', 'Widget']),
  '/apis/example.com/v1': resources(['sprockets', 'Sprocket']),
};

function object(apiVersion: string, kind: string, resource: string, name: string, rest: Record<string, unknown> = {}): BackupObject {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  return { apiVersion, kind, group, resource, name, namespace: 'shop', object: { apiVersion, kind, metadata: { name, namespace: 'shop' }, ...rest } };
}

const BACKUP = [
  object('v1', 'ConfigMap', 'configmaps', 'a'),
  object('v1', 'ConfigMap', 'configmaps', 'b'),
  object('apps/v1', 'Deployment', 'deployments', 'web'),
  object('example.com/v1', 'Widget', 'widgets', 'w'),
  object('example.net/v1', 'Gizmo', 'gizmos', 'g'),
  object('example.org/v1', 'Gadget', 'gadgets', 'defined-here'),
  { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', name: 'gadgets.example.org', object: { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gadgets.example.org' }, spec: { group: 'example.org', names: { kind: 'Gadget', plural: 'gadgets' } } } },
  object('v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', 'data', { spec: { storageClassName: 'fast' } }),
  object('v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', 'logs', { spec: { storageClassName: 'standard' } }),
];

const ADMISSION = '/apis/admissionregistration.k8s.io/v1';

async function check(answers: Record<string, unknown>) {
  const client = getter({ ...DISCOVERY, ...answers });
  const plan = planRestore(BACKUP, { namespaces: [], excludeNamespaces: [], types: { include: [], exclude: [] } }, { namespaces: new Map(), storageClasses: new Map() });
  return preflight(client, new TargetApi(client), plan.objects);
}

describe('preflight', () => {
  it('lists missing kinds, converted versions, missing StorageClasses and the admission that judges the restore', async () => {
    const issues = await check({
      '/apis/storage.k8s.io/v1/storageclasses': { items: [{ metadata: { name: 'standard' } }] },
      [`${ADMISSION}/validatingwebhookconfigurations`]: {
        items: [{
          metadata: { name: 'policy' },
          webhooks: [
            { name: 'cm.policy.example', failurePolicy: 'Fail', rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['configmaps'] }] },
            { name: 'delete-only.policy.example', rules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['DELETE'], resources: ['*'] }] },
          ],
        }],
      },
      [`${ADMISSION}/mutatingwebhookconfigurations`]: {
        items: [{ metadata: { name: 'inject' }, webhooks: [{ name: 'all.inject.example', failurePolicy: 'Ignore', rules: [{ apiGroups: ['apps'], apiVersions: ['*'], operations: ['*'], resources: ['*/*'] }] }] }],
      },
      [`${ADMISSION}/validatingadmissionpolicies`]: {
        items: [
          { metadata: { name: 'bound' }, spec: { matchConstraints: { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'] }] } } },
          { metadata: { name: 'unbound' }, spec: { matchConstraints: { resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['*'], resources: ['*'] }] } } },
        ],
      },
      [`${ADMISSION}/validatingadmissionpolicybindings`]: { items: [{ metadata: { name: 'b' }, spec: { policyName: 'bound' } }] },
    });
    expect(issues.map((i) => [i.kind, i.message, i.objects])).toEqual([
      ['version-conversion', 'example.com/v1 Widget: the target does not serve example.com/v1; 1 object(s) will be written as example.com/v2 (the server validates them; what it refuses is reported)', 1],
      ['missing-type', 'example.net/v1 Gizmo: the target serves no API group example.net (a CustomResourceDefinition or aggregated API is missing); 1 object(s) cannot be restored', 1],
      ['missing-storage-class', 'StorageClass fast does not exist in the target (named by PersistentVolumeClaim shop/data); map it with --storage-class-map fast=NAME', 1],
      ['admission', 'validating webhook cm.policy.example (policy, failurePolicy Fail) judges 2 restored object(s): configmaps (2); its service must be up and may reject them', 2],
      ['admission', 'mutating webhook all.inject.example (inject, failurePolicy Ignore) judges 1 restored object(s): deployments.apps (1); its service must be up and may reject them', 1],
      ['admission', 'ValidatingAdmissionPolicy bound judges 1 restored object(s): deployments.apps (1) and may reject them', 1],
    ]);
  });

  it('says what it could not check instead of reporting nothing', async () => {
    const forbidden = new ApiError(403, 'Forbidden', 'storageclasses is forbidden');
    const issues = await check({
      '/apis/storage.k8s.io/v1/storageclasses': forbidden,
      [`${ADMISSION}/validatingwebhookconfigurations`]: new ApiError(403, 'Forbidden', 'webhooks are forbidden'),
      [`${ADMISSION}/mutatingwebhookconfigurations`]: { items: 'not a list' },
      [`${ADMISSION}/validatingadmissionpolicies`]: { items: [null, 7, { spec: 'x' }] },
      [`${ADMISSION}/validatingadmissionpolicybindings`]: { items: [] },
    });
    expect(issues.filter((i) => i.kind === 'unchecked').map((i) => i.message)).toEqual([
      'StorageClasses not checked: storageclasses is forbidden',
      'validating webhooks not checked: webhooks are forbidden',
    ]);
  });

  it('a kind served at a sibling version of its group, and a garbled discovery answer', async () => {
    const target = new TargetApi(getter({ ...DISCOVERY, '/apis': { groups: [{ name: 'example.com', versions: 'v1', preferredVersion: 7 }, 'junk'] } }));
    expect(await target.resolve('example.com/v1', 'Widget')).toMatchObject({ state: 'missing' });
    const good = new TargetApi(getter(DISCOVERY));
    expect(await good.resolve('example.com/v1', 'Sprocket')).toMatchObject({ state: 'served', type: { resource: 'sprockets' } });
    expect(await good.resolve('example.com/v3', 'Sprocket')).toMatchObject({ state: 'converted', from: 'example.com/v3', type: { apiVersion: 'example.com/v1' } });
    expect(await good.resolve('apps/v1', 'Nothing')).toEqual({ state: 'missing', reason: 'the target serves apps at v1 without kind Nothing' });
  });
});
