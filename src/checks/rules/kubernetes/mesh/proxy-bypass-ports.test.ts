import { describe, expect, it } from 'vitest';
import { docs, namespace, workload } from '../../../analysis/mesh/testdata/builders.js';
import { meshProxyBypassPorts } from './proxy-bypass-ports.js';
import { runSetRule } from './testdata/run-set-rule.js';

describe('k8s/mesh-proxy-bypass-ports', () => {
  it('fires on Linkerd skip ports on the pod, at the annotation', () => {
    const hits = runSetRule(meshProxyBypassPorts, docs(namespace('app', '{}', '{linkerd.io/inject: enabled}'), workload('web', 'app', '{}', '{config.linkerd.io/skip-outbound-ports: "3306"}')));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      [
        'spec.template.metadata.annotations["config.linkerd.io/skip-outbound-ports"]',
        'config.linkerd.io/skip-outbound-ports: "3306" lets traffic of Deployment app/web bypass the mesh proxy: no mTLS on those ports',
      ],
    ]);
  });

  it('reports a namespace-level Linkerd annotation once, naming every workload', () => {
    const hits = runSetRule(meshProxyBypassPorts, docs(namespace('app', '{}', '{linkerd.io/inject: enabled, config.linkerd.io/skip-inbound-ports: "25"}'), workload('web', 'app'), workload('api', 'app')));
    expect(hits.map((h) => [h.kind, h.message])).toEqual([['Namespace', expect.stringContaining('Deployment app/web, Deployment app/api')]]);
  });

  it('fires on Istio excludeInboundPorts of an injected pod', () => {
    const hits = runSetRule(meshProxyBypassPorts, docs(namespace('app', '{istio-injection: enabled}'), workload('web', 'app', '{}', '{traffic.sidecar.istio.io/excludeInboundPorts: "9000"}')));
    expect(hits).toHaveLength(1);
  });

  it('stays quiet for opaque ports, for uninjected pods and without a mesh', () => {
    expect(runSetRule(meshProxyBypassPorts, docs(namespace('app', '{}', '{linkerd.io/inject: enabled}'), workload('web', 'app', '{}', '{config.linkerd.io/opaque-ports: "3306"}')))).toEqual([]);
    expect(runSetRule(meshProxyBypassPorts, docs(namespace('app', '{istio-injection: disabled}'), workload('web', 'app', '{}', '{traffic.sidecar.istio.io/excludeInboundPorts: "9000"}')))).toEqual([]);
    expect(runSetRule(meshProxyBypassPorts, docs(namespace('app'), workload('web', 'app', '{}', '{config.linkerd.io/skip-inbound-ports: "25"}')))).toEqual([]);
  });
});
