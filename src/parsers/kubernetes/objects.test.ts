import { describe, expect, it } from 'vitest';
import { parseYamlFile } from './documents.js';
import { extractObjects, isBuiltInKind, resourceRef } from './objects.js';

const POD_LIST = `{
  "kind": "PodList",
  "apiVersion": "v1",
  "metadata": {"resourceVersion": "1"},
  "items": [
    {"metadata": {"name": "a", "namespace": "shop", "labels": {"app": "a"}}, "spec": {"containers": [{"name": "c", "image": "i"}]}},
    {"metadata": {"name": "b", "namespace": "shop"}, "spec": {"containers": []}}
  ]
}`;

describe('extractObjects on lists', () => {
  it('reads the items of an API list response, which carry no kind, as objects of the list kind', () => {
    const objects = extractObjects(parseYamlFile('pods.json', POD_LIST));
    expect(objects.map((o) => resourceRef(o))).toEqual([
      { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'a' },
      { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'b' },
    ]);
    expect(objects[0]!.basePath).toEqual(['items', 0]);
    expect(objects[0]!.locate(['spec', 'containers', 0, 'image']).location.startLine).toBe(6);
    expect(objects[1]!.editable).toEqual({ file: 'pods.json', documentIndex: 0, basePath: ['items', 1] });
  });

  it('takes the group version of a typed list for its items', () => {
    const yaml = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicyList\nitems:\n  - metadata: {name: deny, namespace: shop}\n    spec: {podSelector: {}}\n';
    expect(extractObjects(parseYamlFile('np.yaml', yaml)).map((o) => [o.apiVersion, o.kind, o.name])).toEqual([['networking.k8s.io/v1', 'NetworkPolicy', 'deny']]);
  });

  it('reads the kinds of a kubectl List from its items, and skips items it cannot type', () => {
    const yaml = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - {apiVersion: v1, kind: Namespace, metadata: {name: shop}}',
      '  - {apiVersion: apps/v1, kind: Deployment, metadata: {name: web, namespace: shop}}',
      '  - {metadata: {name: untyped}}',
      '  - just a string',
      '',
    ].join('\n');
    expect(extractObjects(parseYamlFile('list.yaml', yaml)).map((o) => `${o.apiVersion} ${o.kind}/${o.name}`)).toEqual(['v1 Namespace/shop', 'apps/v1 Deployment/web']);
  });

  it('keeps an item its own kind when it has one, and does not type a list item that carries only one of kind and apiVersion', () => {
    const yaml = 'apiVersion: v1\nkind: PodList\nitems:\n  - {apiVersion: v1, kind: Pod, metadata: {name: typed}}\n  - {kind: Pod, metadata: {name: half}}\n';
    expect(extractObjects(parseYamlFile('l.yaml', yaml)).map((o) => o.name)).toEqual(['typed']);
  });
});

describe('isBuiltInKind', () => {
  it('knows the stock kinds and nothing else', () => {
    expect(isBuiltInKind('Deployment')).toBe(true);
    expect(isBuiltInKind('NetworkPolicy')).toBe(true);
    expect(isBuiltInKind('Prometheus')).toBe(false);
  });
});
