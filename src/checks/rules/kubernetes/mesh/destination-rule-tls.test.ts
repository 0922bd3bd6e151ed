import { describe, expect, it } from 'vitest';
import { docs, namespace, service, workload } from '../../../analysis/mesh/testdata/builders.js';
import { meshDestinationRuleDisablesMtls } from './destination-rule-tls.js';
import { runSetRule } from './testdata/run-set-rule.js';

const MESHED = docs(namespace('app', '{istio-injection: enabled}'), workload('web', 'app', '{version: v1}'), service('web', 'app'));

function destinationRule(host: string, ns: string, spec: string): string {
  return `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: dr\n  namespace: ${ns}\nspec:\n  host: ${host}\n${spec}\n`;
}

const DISABLE = '  trafficPolicy:\n    tls:\n      mode: DISABLE';

describe('k8s/mesh-destination-rule-disables-mtls', () => {
  it('fires on DISABLE toward a short host resolved in the rule namespace', () => {
    const hits = runSetRule(meshDestinationRuleDisablesMtls, docs(MESHED, destinationRule('web', 'app', DISABLE)));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.fieldPath).toBe('spec.trafficPolicy.tls.mode');
    expect(hits[0]!.message).toBe('DestinationRule app/dr sets tls.mode DISABLE for host web: clients send plaintext to meshed Deployment app/web');
  });

  it('fires on a wildcard host, on SIMPLE, per port and per subset', () => {
    const spec = [
      '  trafficPolicy:',
      '    portLevelSettings:',
      '      - port: {number: 80}',
      '        tls: {mode: SIMPLE}',
      '  subsets:',
      '    - name: v1',
      '      labels: {version: v1}',
      '      trafficPolicy: {tls: {mode: DISABLE}}',
      '    - name: v2',
      '      labels: {version: v2}',
      '      trafficPolicy: {tls: {mode: DISABLE}}',
    ].join('\n');
    const hits = runSetRule(meshDestinationRuleDisablesMtls, docs(MESHED, destinationRule('"*.app.svc.cluster.local"', 'other', spec)));
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.trafficPolicy.portLevelSettings[0].tls.mode', 'spec.subsets[0].trafficPolicy.tls.mode']);
    expect(hits[0]!.message).toContain('(port 80)');
  });

  it('stays quiet for ISTIO_MUTUAL, for short hosts in another namespace, for external hosts and for unmeshed destinations', () => {
    expect(runSetRule(meshDestinationRuleDisablesMtls, docs(MESHED, destinationRule('web', 'app', '  trafficPolicy:\n    tls:\n      mode: ISTIO_MUTUAL')))).toEqual([]);
    expect(runSetRule(meshDestinationRuleDisablesMtls, docs(MESHED, destinationRule('web', 'other', DISABLE)))).toEqual([]);
    expect(runSetRule(meshDestinationRuleDisablesMtls, docs(MESHED, destinationRule('api.example.com', 'app', DISABLE)))).toEqual([]);
    expect(runSetRule(meshDestinationRuleDisablesMtls, docs(namespace('app'), workload('web', 'app'), service('web', 'app'), destinationRule('web', 'app', DISABLE)))).toEqual([]);
  });
});
