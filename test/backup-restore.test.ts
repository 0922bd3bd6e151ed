import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup } from '../src/services/backup/create.js';
import { generateKeys, loadSigningKey, type GeneratedKeys } from '../src/services/backup/keys.js';
import { openTarget } from '../src/services/backup/targets/target.js';
import type { RestoreReport } from '../src/services/backup/restore/report.js';
import { ClusterClient } from '../src/sources/cluster/client.js';
import { loadKubeConfig } from '../src/sources/cluster/kubeconfig.js';
import { runCli } from './helpers/cli.js';
import { findKubeBinaries, startKubeEnv, type KubeEnv } from './helpers/kube-env.js';

/**
 * Two real kube-apiservers: workloads, a CRD with instances, Secrets, RBAC and volumes are created in the first, backed
 * up with `createBackup`, and restored with `rampart backup restore` into the second under another namespace name
 * and StorageClass; every restored object is then compared with its source field by field.
 */
const missing = findKubeBinaries();
if (typeof missing === 'string' && process.env.RAMPART_REQUIRE_TESTENV === '1') throw new Error(missing);

type Obj = Record<string, any>;

const SOURCE_OBJECTS = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: {type: object, properties: {size: {type: integer}, color: {type: string}}}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.example.org}
spec:
  group: example.org
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget}
  versions:
    - name: v1beta1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: {type: object, properties: {speed: {type: integer}, legacyMode: {type: boolean}}}
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast}
provisioner: example.com/fast
---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: shop}}
`;

const SHOP_OBJECTS = `
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: shop}
---
apiVersion: v1
kind: Secret
metadata: {name: db, namespace: shop}
type: Opaque
stringData: {password: s3cr3t-value, user: shop}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop, labels: {tier: web}}
data: {mode: production}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: shop}
rules: [{apiGroups: [""], resources: [configmaps], verbs: [get, list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: web-reader, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects: [{kind: ServiceAccount, name: web, namespace: shop}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: web
      containers:
        - name: web
          image: nginx:1.27
          env: [{name: PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}]
          volumeMounts: [{name: data, mountPath: /data}]
      volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: shop-data}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: fast
  csi: {driver: fast.example.com, volumeHandle: vol-1}
  claimRef: {namespace: shop, name: data}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: shop}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: fast
  volumeName: shop-data
  resources: {requests: {storage: 1Gi}}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: big, namespace: shop}
spec: {size: 10, color: red}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: small, namespace: shop}
spec: {size: 1, color: blue}
---
apiVersion: example.org/v1beta1
kind: Gadget
metadata: {name: fast-one, namespace: shop}
spec: {speed: 3}
---
apiVersion: example.org/v1beta1
kind: Gadget
metadata: {name: old-one, namespace: shop}
spec: {speed: 1, legacyMode: true}
`;

/** In the target: a newer Gadget CRD that serves only v1 (legacyMode was removed), and StorageClass standard. */
const TARGET_OBJECTS = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.example.org}
spec:
  group: example.org
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: {type: object, properties: {speed: {type: integer}}}
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: standard}
provisioner: example.com/standard
`;

/** Denies ConfigMaps labelled tier=web: the restore reports that one object and restores the rest. */
const TARGET_POLICY = `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: no-web-configmaps}
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [configmaps]}]
  validations:
    - expression: "!has(object.metadata.labels) || !('tier' in object.metadata.labels) || object.metadata.labels['tier'] != 'web'"
      message: web ConfigMaps are managed elsewhere
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: no-web-configmaps}
spec:
  policyName: no-web-configmaps
  validationActions: [Deny]
`;

/** Fields a restore changes by design (new uids, a new ClusterIP, the target's binding) or the server keeps. */
function comparable(object: Obj): Obj {
  const copy = structuredClone(object);
  delete copy.status;
  for (const field of ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'namespace']) delete copy.metadata[field];
  if (copy.metadata.annotations) delete copy.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'];
  if (copy.metadata.annotations && Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
  for (const ref of copy.metadata.ownerReferences ?? []) delete ref.uid;
  if (copy.kind === 'Service') {
    delete copy.spec.clusterIP;
    delete copy.spec.clusterIPs;
  }
  if (copy.kind === 'PersistentVolume') delete copy.spec.claimRef;
  if (copy.kind === 'PersistentVolume' || copy.kind === 'PersistentVolumeClaim') delete copy.spec.storageClassName;
  if (copy.kind === 'RoleBinding') for (const subject of copy.subjects) delete subject.namespace;
  return copy;
}

describe.skipIf(typeof missing === 'string')('backup restore between two real API servers', () => {
  let source: KubeEnv;
  let target: KubeEnv;
  let work: string;
  let keys: GeneratedKeys;
  let repository: string;

  const apply = async (env: KubeEnv, yaml: string) => {
    const run = await env.kubectl(['apply', '--server-side', '-f', '-'], { input: yaml });
    expect(run.code, run.stderr).toBe(0);
  };
  const get = async (env: KubeEnv, args: string[]): Promise<Obj> => {
    const run = await env.kubectl(['get', ...args, '-o', 'json']);
    expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
    return JSON.parse(run.stdout) as Obj;
  };
  const waitEstablished = async (env: KubeEnv, crds: string[]) => {
    const run = await env.kubectl(['wait', '--for=condition=Established', '--timeout=60s', ...crds.map((crd) => `crd/${crd}`)]);
    expect(run.code, run.stderr).toBe(0);
  };
  const restore = async (extra: string[]): Promise<{ code: number; report: RestoreReport; stderr: string }> => {
    const run = await runCli(['backup', 'restore', '--from', repository, '--identity', keys.identityFile, '--public-key', keys.publicKeyFile, '--kubeconfig', target.kubeconfig, '--format', 'json', ...extra], { cwd: work });
    if (run.code === 3 || run.code === 2) throw new Error(`restore exit ${run.code}: ${run.stderr}`);
    return { code: run.code, report: JSON.parse(run.stdout) as RestoreReport, stderr: run.stderr };
  };
  const entry = (report: RestoreReport, kind: string, name: string) => report.entries.find((e) => e.kind === kind && e.name === name);

  beforeAll(async () => {
    [source, target] = await Promise.all([startKubeEnv(), startKubeEnv()]);
    work = await mkdtemp(join(tmpdir(), 'rampart-restore-'));
    keys = await generateKeys(work);
    repository = join(work, 'repo');

    await apply(source, SOURCE_OBJECTS);
    await waitEstablished(source, ['widgets.example.com', 'gadgets.example.org']);
    await apply(source, SHOP_OBJECTS);
    // A ConfigMap owned by a Widget: its owner reference must follow the Widget's new uid.
    const big = await get(source, ['-n', 'shop', 'widget', 'big']);
    await apply(source, JSON.stringify({
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'big-parts', namespace: 'shop', ownerReferences: [{ apiVersion: 'example.com/v1', kind: 'Widget', name: 'big', uid: big.metadata.uid }] },
      data: { parts: '12' },
    }));

    await apply(target, TARGET_OBJECTS);
    await waitEstablished(target, ['gadgets.example.org']);

    const loaded = await loadKubeConfig({ kubeconfig: source.kubeconfig, env: {} });
    const result = await createBackup({
      target: await openTarget(repository),
      signing: await loadSigningKey(keys.signingKeyFile),
      owners: [{ type: 'x25519', recipient: keys.recipient }],
      client: new ClusterClient(loaded.config, loaded.server),
      cluster: 'cluster://source',
      selection: { namespaces: [], excludeNamespaces: [], types: { include: [], exclude: [] } },
    });
    expect(result.gaps).toEqual([]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([source?.stop(), target?.stop()]);
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('dry run: pre-flight and per-object verdicts, nothing written', async () => {
    const { code, report } = await restore(['-n', 'shop', '--namespace-map', 'shop=shop-restored', '--dry-run']);
    expect(report.dryRun).toBe(true);
    expect(report.preflight.map((issue) => issue.kind).sort()).toEqual(['missing-storage-class', 'version-conversion']);
    expect(report.preflight.find((i) => i.kind === 'missing-storage-class')?.message).toContain('StorageClass fast does not exist');
    expect(entry(report, 'Namespace', 'shop-restored')?.action).toBe('create');
    expect(entry(report, 'Deployment', 'web')).toMatchObject({ action: 'create', namespace: 'shop-restored', sourceNamespace: 'shop', note: 'not checked: namespace shop-restored is created by this restore' });
    expect(entry(report, 'Widget', 'big')).toMatchObject({ action: 'create', note: 'not checked: its CustomResourceDefinition is created by this restore' });
    expect(entry(report, 'CustomResourceDefinition', 'gadgets.example.org')?.action).toBe('conflict');
    // The server's dry run already refuses the Gadget whose field the served version removed.
    expect(report.entries.filter((e) => e.action === 'failed').map((e) => `${e.kind} ${e.name}`)).toEqual(['Gadget old-one']);
    expect(code).toBe(1);
    const namespaces = await target.kubectl(['get', 'namespace', 'shop-restored']);
    expect(namespaces.code).not.toBe(0);
  });

  it('restores into another namespace and StorageClass; objects match their source field by field', async () => {
    const { code, report } = await restore(['-n', 'shop', '--namespace-map', 'shop=shop-restored', '--storage-class-map', 'fast=standard']);
    const failed = report.entries.filter((e) => e.action === 'failed');
    // The Gadget with a field the served version removed is refused and named; everything else is restored.
    expect(failed.map((e) => `${e.kind} ${e.name}`)).toEqual(['Gadget old-one']);
    expect(failed[0]!.note).toMatch(/converted from example.org\/v1beta1; refused by the target .*legacyMode/);
    expect(code).toBe(1);
    expect(entry(report, 'Gadget', 'fast-one')).toMatchObject({ action: 'create', apiVersion: 'example.org/v1', note: 'converted from example.org/v1beta1' });
    expect(report.preflight.map((issue) => issue.kind)).toEqual(['version-conversion']);

    const order = report.entries.filter((e) => e.action === 'create').map((e) => e.kind);
    expect(order.indexOf('CustomResourceDefinition')).toBeLessThan(order.indexOf('Namespace'));
    for (const [before, after] of [['Namespace', 'Role'], ['Role', 'RoleBinding'], ['RoleBinding', 'ServiceAccount'], ['ServiceAccount', 'Secret'], ['Secret', 'ConfigMap'], ['ConfigMap', 'PersistentVolume'], ['PersistentVolume', 'PersistentVolumeClaim'], ['PersistentVolumeClaim', 'Deployment'], ['Deployment', 'Widget']] as const) {
      expect(order.indexOf(before), `${before} before ${after}`).toBeLessThan(order.indexOf(after));
    }

    const sourceObjects = [
      ['namespace', 'shop', undefined], ['serviceaccount', 'web', 'shop'], ['secret', 'db', 'shop'], ['configmap', 'settings', 'shop'], ['configmap', 'big-parts', 'shop'],
      ['role', 'reader', 'shop'], ['rolebinding', 'web-reader', 'shop'], ['deployment', 'web', 'shop'], ['service', 'web', 'shop'],
      ['persistentvolume', 'shop-data', undefined], ['persistentvolumeclaim', 'data', 'shop'], ['widget', 'big', 'shop'], ['widget', 'small', 'shop'],
      ['crd', 'widgets.example.com', undefined],
    ] as const;
    for (const [type, name, namespace] of sourceObjects) {
      const original = await get(source, [...(namespace ? ['-n', namespace] : []), type, name]);
      const restoredName = type === 'namespace' ? 'shop-restored' : name;
      const restored = await get(target, [...(namespace ? ['-n', 'shop-restored'] : []), type, restoredName]);
      if (type === 'namespace') {
        expect(restored.metadata.labels).toEqual({ team: 'shop', 'kubernetes.io/metadata.name': 'shop-restored' });
        continue;
      }
      expect(comparable(restored), `${type} ${name}`).toEqual(comparable(original));
    }

    // What the mappings and the new cluster changed, checked one by one.
    const binding = await get(target, ['-n', 'shop-restored', 'rolebinding', 'web-reader']);
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'web', namespace: 'shop-restored' }]);
    const claim = await get(target, ['-n', 'shop-restored', 'pvc', 'data']);
    expect(claim.spec).toMatchObject({ storageClassName: 'standard', volumeName: 'shop-data' });
    const volume = await get(target, ['pv', 'shop-data']);
    expect(volume.spec.storageClassName).toBe('standard');
    expect(volume.spec.claimRef).toMatchObject({ namespace: 'shop-restored', name: 'data' });
    expect(volume.spec.claimRef.uid).toBeUndefined();
    const parts = await get(target, ['-n', 'shop-restored', 'configmap', 'big-parts']);
    const big = await get(target, ['-n', 'shop-restored', 'widget', 'big']);
    expect(parts.metadata.ownerReferences[0].uid).toBe(big.metadata.uid);
    const secret = await get(target, ['-n', 'shop-restored', 'secret', 'db']);
    expect(Buffer.from(secret.data.password, 'base64').toString()).toBe('s3cr3t-value');
    const service = await get(target, ['-n', 'shop-restored', 'service', 'web']);
    expect(service.spec.clusterIP).toMatch(/^10\.0\.0\.\d+$/);

    // Run again: everything already there is unchanged, and nothing is written twice.
    const again = await restore(['-n', 'shop', '--namespace-map', 'shop=shop-restored', '--storage-class-map', 'fast=standard']);
    expect(again.report.totals.create).toBe(0);
    expect(again.report.entries.filter((e) => e.action === 'conflict').map((e) => `${e.kind} ${e.name}`)).toEqual(['CustomResourceDefinition gadgets.example.org']);

    // Changed in the target: a dry run with --existing update names it and writes nothing; the real run puts it back.
    const scaled = await target.kubectl(['-n', 'shop-restored', 'scale', 'deployment/web', '--replicas=5']);
    expect(scaled.code, scaled.stderr).toBe(0);
    const preview = await restore(['-n', 'shop', '--namespace-map', 'shop=shop-restored', '--storage-class-map', 'fast=standard', '--existing', 'update', '--dry-run', '--exclude-types', 'gadgets.example.org']);
    expect(preview.report.entries.filter((e) => e.action !== 'unchanged').map((e) => `${e.action} ${e.kind} ${e.name}`)).toEqual(['update Deployment web']);
    expect((await get(target, ['-n', 'shop-restored', 'deployment', 'web'])).spec.replicas).toBe(5);
    const updated = await restore(['-n', 'shop', '--namespace-map', 'shop=shop-restored', '--storage-class-map', 'fast=standard', '--existing', 'update', '--exclude-types', 'gadgets.example.org']);
    expect(updated.code).toBe(0);
    expect((await get(target, ['-n', 'shop-restored', 'deployment', 'web'])).spec.replicas).toBe(2);
  }, 120_000);

  it('an object the target rejects is reported with the reason; the rest is restored (exit 1)', async () => {
    await apply(target, TARGET_POLICY);
    // The policy takes effect once the apiserver has compiled it: until a dry run is refused.
    const probe = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'probe', namespace: 'default', labels: { tier: 'web' } } });
    for (let i = 0; i < 100; i++) {
      const run = await target.kubectl(['create', '--dry-run=server', '-f', '-'], { input: probe });
      if (run.code !== 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const { code, report } = await restore(['-n', 'shop', '--namespace-map', 'shop=shop-second', '--storage-class-map', 'fast=standard', '--exclude-types', 'gadgets.example.org,persistentvolumes']);
    expect(report.preflight.find((i) => i.kind === 'admission')?.message).toBe('ValidatingAdmissionPolicy no-web-configmaps judges 2 restored object(s): configmaps (2) and may reject them');
    const failed = report.entries.filter((e) => e.action === 'failed');
    expect(failed.map((e) => `${e.kind} ${e.name}`)).toEqual(['ConfigMap settings']);
    expect(failed[0]!.note).toContain('web ConfigMaps are managed elsewhere');
    expect(code).toBe(1);
    expect(entry(report, 'ConfigMap', 'big-parts')?.action).toBe('create');
    expect(entry(report, 'Deployment', 'web')?.action).toBe('create');
    expect((await get(target, ['-n', 'shop-second', 'deployment', 'web'])).spec.replicas).toBe(2);
  }, 120_000);

  it('the whole backup into a cluster that has its own system objects', async () => {
    const { code, report } = await restore(['--namespace-map', 'shop=shop-full', '--storage-class-map', 'fast=standard', '--exclude-types', 'gadgets.example.org,persistentvolumes']);
    // Only the object the policy of the previous test denies fails; the target's own system objects are left to it.
    expect(report.entries.filter((e) => e.action === 'failed').map((e) => `${e.namespace}/${e.name}`)).toEqual(['shop-full/settings']);
    expect(code).toBe(1);
    expect(report.entries.filter((e) => e.action === 'conflict').map((e) => e.name)).toEqual(['gadgets.example.org']);
    const created = report.entries.filter((e) => e.action === 'create' && e.namespace !== 'shop-full').map((e) => `${e.kind} ${e.name}`);
    expect(created).toEqual(['Namespace shop-full', 'StorageClass fast']);
    const skipped = new Map(report.entries.filter((e) => e.action === 'skipped').map((e) => [`${e.kind} ${e.namespace ?? ''}/${e.name}`, e.note]));
    expect(skipped.get('Service default/kubernetes')).toBe('kept by the target\'s API server');
    expect(skipped.get('ConfigMap kube-system/extension-apiserver-authentication')).toBe('kept by the target\'s API server');
    expect([...skipped.keys()].some((key) => key.startsWith('IPAddress '))).toBe(true);
    expect([...skipped.keys()].every((key) => !key.includes('shop-full'))).toBe(true);
    expect((await get(target, ['-n', 'shop-full', 'widget', 'small'])).spec).toEqual({ size: 1, color: 'blue' });
  }, 120_000);

  it('prints the pre-flight first, one line per object, and the totals as a table', async () => {
    const run = await runCli(['backup', 'restore', '--from', repository, '--identity', keys.identityFile, '--kubeconfig', target.kubeconfig, '-n', 'shop', '--include-types', 'Deployment,Namespace', '--namespace-map', 'shop=shop-table', '--dry-run'], { cwd: work });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      'pre-flight: nothing in the target stands in the way',
      '  create    v1 Namespace shop-table',
      '  create    apps/v1 Deployment shop-table/web (from shop): not checked: namespace shop-table is created by this restore',
      '2 objects: 2 would be created, 0 would be updated, 0 unchanged, 0 conflict (left as they are), 0 skipped, 0 failed (server-side dry run: nothing was written)',
      '',
    ]);
  });

  it('a wrong key is one clear message and exit 3; nothing is written', async () => {
    const other = await mkdtemp(join(tmpdir(), 'rampart-otherkey-'));
    try {
      const wrong = await generateKeys(other);
      const run = await runCli(['backup', 'restore', '--from', repository, '--identity', wrong.identityFile, '--kubeconfig', target.kubeconfig, '--namespace-map', 'shop=shop-wrong-key'], { cwd: work });
      expect(run.code).toBe(3);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect((await target.kubectl(['get', 'namespace', 'shop-wrong-key'])).code).not.toBe(0);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
