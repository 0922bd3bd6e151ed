import { describe, expect, it } from 'vitest';
import type { BackupObject } from '../types.js';
import { MappingError, parseNameMap, type RestoreMappings } from './mappings.js';
import { restoreWaves } from './order.js';
import { planRestore, type RestoreFilter } from './plan.js';

const ALL: RestoreFilter = { namespaces: [], excludeNamespaces: [], types: { include: [], exclude: [] } };
const NONE: RestoreMappings = { namespaces: new Map(), storageClasses: new Map() };
const SHOP_TO_DR: RestoreMappings = { namespaces: new Map([['shop', 'shop-dr']]), storageClasses: new Map([['fast', 'standard']]) };

function item(apiVersion: string, kind: string, resource: string, name: string, namespace: string | undefined, rest: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): BackupObject {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  return {
    apiVersion, kind, group, resource, name, ...(namespace ? { namespace } : {}),
    object: { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}), ...metadata }, ...rest },
  };
}

const crd = (group: string, kind: string, plural: string) => item('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'customresourcedefinitions', `${plural}.${group}`, undefined, { spec: { group, names: { kind, plural }, versions: [{ name: 'v1', served: true, storage: true }] } });
const deployment = item('apps/v1', 'Deployment', 'deployments', 'web', 'shop', { spec: { replicas: 2 }, status: { readyReplicas: 2 } }, { uid: 'u-1', resourceVersion: '42', managedFields: [{}], creationTimestamp: 'x', generation: 3 });
const replicaSet = item('apps/v1', 'ReplicaSet', 'replicasets', 'web-5d9', 'shop', {}, { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'u-1', controller: true }] });
const BACKUP: BackupObject[] = [
  item('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', 'hook', undefined, { webhooks: [{ name: 'a.example.com', clientConfig: { service: { name: 'hook', namespace: 'shop' } } }] }),
  deployment,
  replicaSet,
  item('example.com/v1', 'Widget', 'widgets', 'big', 'shop', { spec: { size: 1 } }),
  item('v1', 'ConfigMap', 'configmaps', 'parts', 'shop', { data: {} }, { ownerReferences: [{ apiVersion: 'example.com/v1', kind: 'Widget', name: 'big', uid: 'w-1' }, { apiVersion: 'v1', kind: 'Pod', name: 'gone', uid: 'p-1' }] }),
  item('v1', 'ConfigMap', 'configmaps', 'kube-root-ca.crt', 'shop', { data: { 'ca.crt': 'pem' } }),
  item('v1', 'Secret', 'secrets', 'web-token', 'shop', { type: 'kubernetes.io/service-account-token' }),
  item('v1', 'Secret', 'secrets', 'db', 'shop', { type: 'Opaque', data: { password: 'cA==' } }),
  item('v1', 'Service', 'services', 'web', 'shop', { spec: { clusterIP: '10.0.0.7', clusterIPs: ['10.0.0.7'], ports: [{ port: 80 }] } }),
  item('v1', 'Service', 'services', 'db', 'shop', { spec: { clusterIP: 'None', clusterIPs: ['None'] } }),
  item('v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', 'data', 'shop', { spec: { storageClassName: 'fast', volumeName: 'pv-data' } }, { annotations: { 'pv.kubernetes.io/bind-completed': 'yes', keep: 'me' } }),
  item('v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', 'cache', 'shop', { spec: { storageClassName: 'fast', volumeName: 'pv-elsewhere' } }),
  item('v1', 'PersistentVolume', 'persistentvolumes', 'pv-data', undefined, { spec: { storageClassName: 'fast', claimRef: { namespace: 'shop', name: 'data', uid: 'c-1', resourceVersion: '9' } } }),
  item('v1', 'PersistentVolume', 'persistentvolumes', 'pv-other', undefined, { spec: { claimRef: { namespace: 'other', name: 'x' } } }),
  item('rbac.authorization.k8s.io/v1', 'RoleBinding', 'rolebindings', 'web', 'shop', { subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'shop' }, { kind: 'ServiceAccount', name: 'ci', namespace: 'ci' }, { kind: 'User', name: 'alice' }] }),
  item('rbac.authorization.k8s.io/v1', 'Role', 'roles', 'web', 'shop', { rules: [] }),
  item('rbac.authorization.k8s.io/v1', 'ClusterRole', 'clusterroles', 'view', undefined, { rules: [] }, { labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } }),
  item('v1', 'ServiceAccount', 'serviceaccounts', 'web', 'shop'),
  item('batch/v1', 'Job', 'jobs', 'migrate', 'shop', { spec: { selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'j-1' } }, template: { metadata: { labels: { 'batch.kubernetes.io/controller-uid': 'j-1', 'controller-uid': 'j-1', app: 'migrate' } } } } }),
  item('v1', 'Namespace', 'namespaces', 'shop', undefined, { spec: { finalizers: ['kubernetes'] } }, { labels: { 'kubernetes.io/metadata.name': 'shop', team: 'a' } }),
  item('v1', 'Namespace', 'namespaces', 'other', undefined),
  item('v1', 'ConfigMap', 'configmaps', 'settings', 'other', { data: {} }),
  item('networking.k8s.io/v1', 'IPAddress', 'ipaddresses', '10.0.0.7', undefined),
  crd('example.com', 'Widget', 'widgets'),
  crd('example.org', 'Gadget', 'gadgets'),
];

const byName = (plan: ReturnType<typeof planRestore>, kind: string, name: string) => plan.objects.find((o) => o.kind === kind && o.name === name);

describe('planRestore', () => {
  it('orders CRDs, namespaces, RBAC, accounts, secrets, config, volumes, claims, workloads, the rest, admission last', () => {
    const plan = planRestore(BACKUP, ALL, NONE);
    const kinds = plan.objects.map((o) => o.kind).filter((kind, i, all) => all.indexOf(kind) === i);
    expect(kinds).toEqual([
      'CustomResourceDefinition', 'Namespace', 'Role', 'RoleBinding', 'ServiceAccount', 'Secret', 'ConfigMap', 'PersistentVolume',
      'PersistentVolumeClaim', 'Deployment', 'Job', 'Service', 'Widget', 'ValidatingWebhookConfiguration',
    ]);
    // The ConfigMap owned by a Widget comes after it, so it can carry the Widget's new uid.
    const names = plan.objects.map((o) => `${o.kind}/${o.name}`);
    expect(names.indexOf('ConfigMap/parts')).toBeGreaterThan(names.indexOf('Widget/big'));
    expect(byName(plan, 'ConfigMap', 'parts')?.ownerRefKeys).toEqual(['example.com/widgets/shop/big', undefined]);
  });

  it('writes in waves of one rank, never an owner together with what it owns', () => {
    const plan = planRestore(BACKUP, ALL, NONE);
    const waves = restoreWaves(plan.objects).map((wave) => wave.map((o) => `${o.kind}/${o.name}`));
    expect(waves.flat()).toEqual(plan.objects.map((o) => `${o.kind}/${o.name}`));
    expect(waves.find((wave) => wave.includes('Secret/db'))).toEqual(['Secret/db']);
    expect(waves.find((wave) => wave.includes('Service/web'))).toEqual(['Service/db', 'Service/web', 'Widget/big']);
    // The Widget's ConfigMap waits for the wave that creates the Widget.
    expect(waves.find((wave) => wave.includes('ConfigMap/parts'))).toEqual(['ConfigMap/parts']);
  });

  it('skips what the target makes itself, each with its reason', () => {
    const plan = planRestore(BACKUP, ALL, NONE);
    expect(plan.skipped.map((s) => [s.kind, s.name, s.reason])).toEqual([
      ['ReplicaSet', 'web-5d9', 'made by its controller Deployment web, which is restored'],
      ['ConfigMap', 'kube-root-ca.crt', 'published by the target cluster (its own CA)'],
      ['Secret', 'web-token', 'a ServiceAccount token: the target cluster mints its own, signed with its own key'],
      ['ClusterRole', 'view', 'default RBAC, reconciled by the target\'s API server at start-up'],
      ['IPAddress', '10.0.0.7', 'service IP allocation of the source cluster; the target allocates its own'],
    ]);
    // A StatefulSet's claim is restored, before the StatefulSet (which would make an empty one), and its controller
    // sets the owner reference again.
    const claim = item('v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', 'data-db-0', 'shop', {}, { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 's-1', controller: true }] });
    const statefulSet = item('apps/v1', 'StatefulSet', 'statefulsets', 'db', 'shop');
    const withClaim = planRestore([statefulSet, claim], ALL, NONE).objects;
    expect(withClaim.map((o) => o.name)).toEqual(['data-db-0', 'db']);
    expect(withClaim[0]!.body.metadata).toEqual({ name: 'data-db-0', namespace: 'shop' });
    expect(withClaim[0]!.ownerRefKeys).toEqual([]);
    // A ReplicaSet whose Deployment is not restored is restored itself.
    const alone = planRestore(BACKUP, { ...ALL, types: { include: ['replicasets.apps'], exclude: [] } }, NONE);
    expect(alone.objects.map((o) => o.name)).toEqual(['web-5d9']);
  });

  it('strips what belongs to the source cluster and keeps the rest', () => {
    const plan = planRestore(BACKUP, ALL, NONE);
    expect(byName(plan, 'Deployment', 'web')?.body).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 2 } });
    expect(byName(plan, 'Service', 'web')?.body.spec).toEqual({ ports: [{ port: 80 }] });
    expect(byName(plan, 'Service', 'db')?.body.spec).toEqual({ clusterIP: 'None', clusterIPs: ['None'] });
    expect(byName(plan, 'PersistentVolume', 'pv-data')?.body.spec).toEqual({ storageClassName: 'fast', claimRef: { namespace: 'shop', name: 'data' } });
    const claim = byName(plan, 'PersistentVolumeClaim', 'data')!.body;
    expect(claim.spec).toEqual({ storageClassName: 'fast', volumeName: 'pv-data' });
    expect((claim.metadata as Record<string, unknown>).annotations).toEqual({ keep: 'me' });
    // Its volume is not in the backup: the claim is provisioned anew rather than pointing at a missing volume.
    expect(byName(plan, 'PersistentVolumeClaim', 'cache')?.body.spec).toEqual({ storageClassName: 'fast' });
    expect(byName(plan, 'Job', 'migrate')?.body.spec).toEqual({ template: { metadata: { labels: { app: 'migrate' } } } });
    expect(byName(plan, 'Secret', 'db')?.body.data).toEqual({ password: 'cA==' });
    // The backup itself is left as it was.
    expect((BACKUP[1]!.object.metadata as Record<string, unknown>).uid).toBe('u-1');
  });

  it('maps namespaces and StorageClasses everywhere they are named', () => {
    const plan = planRestore(BACKUP, ALL, SHOP_TO_DR);
    expect(byName(plan, 'Namespace', 'shop-dr')?.body.metadata).toEqual({ name: 'shop-dr', labels: { 'kubernetes.io/metadata.name': 'shop-dr', team: 'a' } });
    expect(byName(plan, 'Deployment', 'web')).toMatchObject({ namespace: 'shop-dr', sourceNamespace: 'shop', key: 'apps/deployments/shop-dr/web' });
    expect(byName(plan, 'RoleBinding', 'web')?.body.subjects).toEqual([{ kind: 'ServiceAccount', name: 'web', namespace: 'shop-dr' }, { kind: 'ServiceAccount', name: 'ci', namespace: 'ci' }, { kind: 'User', name: 'alice' }]);
    expect(byName(plan, 'PersistentVolume', 'pv-data')?.body.spec).toEqual({ storageClassName: 'standard', claimRef: { namespace: 'shop-dr', name: 'data' } });
    expect(byName(plan, 'PersistentVolumeClaim', 'data')?.body.spec).toMatchObject({ storageClassName: 'standard' });
    expect(byName(plan, 'ValidatingWebhookConfiguration', 'hook')?.body.webhooks).toEqual([{ name: 'a.example.com', clientConfig: { service: { name: 'hook', namespace: 'shop-dr' } } }]);
    expect(byName(plan, 'ConfigMap', 'settings')?.namespace).toBe('other');
  });

  it('a namespace selection brings the definitions and volumes it needs, and nothing else cluster-scoped', () => {
    const plan = planRestore(BACKUP, { ...ALL, namespaces: ['shop'] }, NONE);
    const clusterScoped = plan.objects.filter((o) => o.namespace === undefined).map((o) => `${o.kind} ${o.name}`);
    expect(clusterScoped).toEqual(['CustomResourceDefinition widgets.example.com', 'Namespace shop', 'PersistentVolume pv-data']);
    const excluded = planRestore(BACKUP, { ...ALL, excludeNamespaces: ['shop'], types: { include: [], exclude: ['customresourcedefinitions.apiextensions.k8s.io', 'Secret'] } }, NONE);
    expect(excluded.objects.filter((o) => o.namespace === 'shop' || o.name === 'shop' || o.kind === 'CustomResourceDefinition' || o.kind === 'Secret')).toEqual([]);
    expect(excluded.objects.map((o) => o.name)).toContain('settings');
  });
});

describe('parseNameMap', () => {
  it('reads FROM=TO pairs', () => {
    expect([...parseNameMap(['shop=shop-dr', 'a=b'], 'namespace-map', 'namespace')]).toEqual([['shop', 'shop-dr'], ['a', 'b']]);
    expect([...parseNameMap(['fast.ssd=standard'], 'storage-class-map', 'storage-class')]).toEqual([['fast.ssd', 'standard']]);
  });

  it.each([
    [['shop'], /FROM=TO/],
    [['shop=a=b'], /FROM=TO/],
    [['Shop=x'], /FROM=TO/],
    [['shop=../etc'], /FROM=TO/],
    [['a.b=c'], /FROM=TO/],
    [['shop=x', 'shop=y'], /mapped twice/],
    [['a=x', 'b=x'], /both mapped to x/],
  ])('refuses %j', (pairs, message) => {
    expect(() => parseNameMap(pairs, 'namespace-map', 'namespace')).toThrow(MappingError);
    expect(() => parseNameMap(pairs, 'namespace-map', 'namespace')).toThrow(message);
  });
});
