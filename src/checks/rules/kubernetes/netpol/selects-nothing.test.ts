import { describe, expect, it } from 'vitest';
import { selectsNothing } from './selects-nothing.js';
import { deployment, netpol, runSetRule } from './testdata/run.js';

describe('k8s/netpol-selects-nothing', () => {
  it('fires at the podSelector of a policy whose labels match no workload of its namespace', () => {
    const hits = runSetRule(selectsNothing, deployment('shop', 'web', '{app: web}') + netpol('shop', 'typo', 'podSelector: {matchLabels: {app: wbe}}'));
    expect(hits).toEqual([expect.objectContaining({ kind: 'NetworkPolicy', fieldPath: 'spec.podSelector' })]);
    expect(hits[0]!.message).toBe('NetworkPolicy "typo" (namespace "shop") selects none of the 1 workload(s) of its namespace');
  });

  it('stays quiet when it selects a workload, or when the input has no workloads in that namespace', () => {
    expect(runSetRule(selectsNothing, deployment('shop', 'web', '{app: web}') + netpol('shop', 'web', 'podSelector: {matchLabels: {app: web}}'))).toEqual([]);
    expect(runSetRule(selectsNothing, deployment('shop', 'web', '{app: web}') + netpol('other', 'x', 'podSelector: {matchLabels: {app: x}}'))).toEqual([]);
  });
});

describe('k8s/netpol-selects-nothing with operator-made pods', () => {
  const WEB = deployment('monitoring', 'grafana', '{app: grafana}');
  const policy = (labels: string) => netpol('monitoring', 'p', `podSelector: {matchLabels: ${labels}}`);
  const resource = (apiVersion: string, kind: string, name: string, spec: string, labels = '{}') =>
    `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: ${name}, namespace: monitoring, labels: ${labels}}\nspec: ${spec}\n---\n`;
  const PROMETHEUS = resource('monitoring.coreos.com/v1', 'Prometheus', 'k8s', '{replicas: 2, podMetadata: {labels: {team: observability}}}');

  it('stays quiet when a pod-making custom resource of the namespace is named by the selector', () => {
    expect(runSetRule(selectsNothing, WEB + PROMETHEUS + policy('{app.kubernetes.io/name: prometheus, prometheus: k8s}'))).toEqual([]);
  });

  it('stays quiet when the selector matches a labels map in the resource spec or its own labels', () => {
    expect(runSetRule(selectsNothing, WEB + PROMETHEUS + policy('{team: observability}'))).toEqual([]);
    const es = resource('elasticsearch.k8s.elastic.co/v1', 'Elasticsearch', 'logs', '{version: 8.15.0, nodeSets: [{name: hot, count: 3}]}', '{tier: search}');
    expect(runSetRule(selectsNothing, WEB + es + policy('{tier: search}'))).toEqual([]);
  });

  it('stays quiet when a selector key is in the resource API domain', () => {
    const kafka = resource('kafka.strimzi.io/v1beta2', 'Kafka', 'events', '{kafka: {replicas: 3}}');
    expect(runSetRule(selectsNothing, WEB + kafka + policy('{strimzi.io/cluster: my-events}'))).toEqual([]);
  });

  it('still fires for a typo beside custom resources, and for resources that run no pods', () => {
    expect(runSetRule(selectsNothing, WEB + PROMETHEUS + policy('{app: grafnaa}'))).toHaveLength(1);
    const monitor = resource('monitoring.coreos.com/v1', 'ServiceMonitor', 'api', '{selector: {matchLabels: {app: api}}, endpoints: [{port: http}]}', '{app: api}');
    expect(runSetRule(selectsNothing, WEB + monitor + policy('{app: api}'))).toHaveLength(1);
    const elsewhere = PROMETHEUS.replace('namespace: monitoring', 'namespace: other');
    expect(runSetRule(selectsNothing, WEB + elsewhere + policy('{prometheus: k8s}'))).toHaveLength(1);
  });
});
