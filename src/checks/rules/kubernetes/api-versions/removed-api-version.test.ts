import { describe, expect, it } from 'vitest';
import { runRule } from '../../../../testing/kubernetes.js';
import { removedApiVersion } from './removed-api-version.js';

const object = (apiVersion: string, kind: string) => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x, namespace: app}\n`;

describe('k8s/removed-api-version', () => {
  it.each([
    ['extensions/v1beta1', 'Deployment', 'extensions/v1beta1 Deployment was removed in Kubernetes v1.16; use apps/v1'],
    ['extensions/v1beta1', 'Ingress', 'extensions/v1beta1 Ingress was removed in Kubernetes v1.22; use networking.k8s.io/v1'],
    ['apps/v1beta2', 'StatefulSet', 'apps/v1beta2 StatefulSet was removed in Kubernetes v1.16; use apps/v1'],
    ['policy/v1beta1', 'PodDisruptionBudget', 'policy/v1beta1 PodDisruptionBudget was removed in Kubernetes v1.25; use policy/v1'],
    ['policy/v1beta1', 'PodSecurityPolicy', 'policy/v1beta1 PodSecurityPolicy was removed in Kubernetes v1.25; use Pod Security Admission (no successor API)'],
    ['batch/v1beta1', 'CronJob', 'batch/v1beta1 CronJob was removed in Kubernetes v1.25; use batch/v1'],
    ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', 'autoscaling/v2beta2 HorizontalPodAutoscaler was removed in Kubernetes v1.26; use autoscaling/v2'],
    ['storage.k8s.io/v1beta1', 'CSIStorageCapacity', 'storage.k8s.io/v1beta1 CSIStorageCapacity was removed in Kubernetes v1.27; use storage.k8s.io/v1'],
    ['flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', 'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema was removed in Kubernetes v1.32; use flowcontrol.apiserver.k8s.io/v1'],
  ])('fires on %s %s at apiVersion', (apiVersion, kind, message) => {
    const hits = runRule(removedApiVersion, object(apiVersion, kind));
    expect(hits.map((h) => [h.fieldPath, h.message, h.line])).toEqual([['apiVersion', message, 1]]);
  });

  it('stays quiet for served versions and for kinds the removal did not cover', () => {
    for (const [apiVersion, kind] of [
      ['apps/v1', 'Deployment'],
      ['policy/v1', 'PodDisruptionBudget'],
      ['storage.k8s.io/v1beta1', 'VolumeAttributesClass'],
      ['example.com/v1beta1', 'Ingress'],
    ] as const) {
      expect(runRule(removedApiVersion, object(apiVersion, kind))).toEqual([]);
    }
  });
});
