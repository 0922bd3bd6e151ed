import { describe, expect, it } from 'vitest';
import { runRule } from '../../../../testing/kubernetes.js';
import { serviceExternalIps } from './service-external-ips.js';

const service = (spec: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: app}\nspec:\n${spec}`;

describe('k8s/service-external-ips', () => {
  it('fires on externalIPs, listing them', () => {
    const hits = runRule(serviceExternalIps, service('  externalIPs: [198.51.100.7, 198.51.100.8]\n  ports: [{port: 80}]\n'));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.externalIPs', 'Service "web" sets externalIPs 198.51.100.7, 198.51.100.8 (CVE-2020-8554)'],
    ]);
  });

  it('stays quiet without externalIPs or with an empty list', () => {
    expect(runRule(serviceExternalIps, service('  ports: [{port: 80}]\n'))).toEqual([]);
    expect(runRule(serviceExternalIps, service('  externalIPs: []\n'))).toEqual([]);
  });
});
