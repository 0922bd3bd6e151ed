import { describe, expect, it } from 'vitest';
import { makeObject } from '../parsers/kubernetes/objects.js';
import { valueDocument } from '../parsers/kubernetes/value-document.js';
import { unknownKindWarnings } from './unknown-kinds.js';

const object = (apiVersion: string, kind: string) => {
  const raw = { apiVersion, kind, metadata: { name: 'x' } };
  return makeObject(raw, valueDocument('in.yaml', raw), []);
};

describe('unknownKindWarnings', () => {
  it('warns once per custom kind and file that no analysis reads', () => {
    const warnings = unknownKindWarnings([object('example.com/v1', 'Widget'), object('example.com/v1', 'Widget'), object('notistio.io/v1', 'Gadget')]);
    expect(warnings.map((w) => w.message)).toEqual([
      'example.com/v1 Widget is not a built-in Kubernetes kind (custom resource?): only generic rules apply to it',
      'notistio.io/v1 Gadget is not a built-in Kubernetes kind (custom resource?): only generic rules apply to it',
    ]);
    expect(warnings.every((w) => w.level === 'warning')).toBe(true);
  });

  it('stays quiet on built-in kinds and the custom kinds an analysis reads', () => {
    const analysed = [
      object('v1', 'Pod'),
      object('security.istio.io/v1', 'PeerAuthentication'),
      object('networking.istio.io/v1', 'DestinationRule'),
      object('networking.istio.io/v1', 'VirtualService'),
      object('networking.istio.io/v1beta1', 'ServiceEntry'),
      object('policy.linkerd.io/v1beta3', 'Server'),
      object('route.openshift.io/v1', 'Route'),
      object('policy.networking.k8s.io/v1alpha1', 'AdminNetworkPolicy'),
      object('templates.gatekeeper.sh/v1', 'ConstraintTemplate'),
      object('constraints.gatekeeper.sh/v1beta1', 'K8sRequiredLabels'),
    ];
    expect(unknownKindWarnings(analysed)).toEqual([]);
  });
});
