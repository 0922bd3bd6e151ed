import { describe, expect, it } from 'vitest';
import { deployment, runRule } from '../../../../testing/kubernetes.js';
import { defaultNamespace } from './default-namespace.js';
import { isNamespacedKind } from './scope.js';

const object = (kind: string, metadata: string) => `apiVersion: v1\nkind: ${kind}\nmetadata:\n${metadata}`;

describe('k8s/default-namespace', () => {
  it('fires on an explicit default namespace, at metadata.namespace', () => {
    const hits = runRule(defaultNamespace, object('ConfigMap', '  name: cfg\n  namespace: default\n'));
    expect(hits.map((h) => [h.fieldPath, h.message, h.line])).toEqual([
      ['metadata.namespace', 'ConfigMap "cfg" is in the default namespace', 5],
    ]);
  });

  it('fires on a missing namespace only when no namespace is assumed, or default is', () => {
    expect(runRule(defaultNamespace, object('Service', '  name: web\n')).map((h) => h.message)).toEqual([
      'Service "web" sets no namespace, so it lands in the default namespace unless one is given at apply time',
    ]);
    expect(runRule(defaultNamespace, object('Service', '  name: web\n'), { assumedNamespace: 'default' }).map((h) => h.message)).toEqual([
      'Service "web" sets no namespace and is applied to the default namespace',
    ]);
    expect(runRule(defaultNamespace, object('Service', '  name: web\n'), { assumedNamespace: 'shop' })).toEqual([]);
  });

  it('stays quiet for other namespaces and cluster-scoped kinds', () => {
    expect(runRule(defaultNamespace, deployment('containers: [{name: app}]'))).toEqual([]);
    expect(runRule(defaultNamespace, object('Namespace', '  name: shop\n'))).toEqual([]);
    expect(runRule(defaultNamespace, object('ClusterRole', '  name: reader\n'))).toEqual([]);
    expect(runRule(defaultNamespace, object('ValidatingWebhookConfiguration', '  name: hook\n'))).toEqual([]);
  });
});

describe('isNamespacedKind', () => {
  it('knows built-in cluster-scoped kinds and the Cluster* convention of custom resources', () => {
    expect(['Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'CustomResourceDefinition', 'PriorityClass', 'IngressClass',
      'MutatingWebhookConfiguration', 'APIService', 'RuntimeClass', 'CSIDriver', 'VolumeAttachment', 'ClusterIssuer'].filter(isNamespacedKind)).toEqual([]);
    expect(['Pod', 'Deployment', 'Secret', 'PersistentVolumeClaim', 'Role', 'Certificate', 'Clustered'].every(isNamespacedKind)).toBe(true);
  });
});
