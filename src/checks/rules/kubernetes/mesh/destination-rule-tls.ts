import { listWorkloads } from '../../../analysis/mesh/inventory.js';
import { defineSetRule } from '../rule.js';
import { ISTIO_DESTINATION_RULE, MESH_READS, meshAnalysis, NSA_ENCRYPTION } from './analysis.js';

const WEAK_MODES: Record<string, string> = {
  DISABLE: 'clients send plaintext',
  SIMPLE: 'clients use one-way TLS without a client certificate, so no mesh identity is presented',
};

export const meshDestinationRuleDisablesMtls = defineSetRule({
  meta: {
    id: 'k8s/mesh-destination-rule-disables-mtls',
    title: 'DestinationRule turns off mutual TLS toward meshed workloads',
    severity: 'high',
    target: 'kubernetes',
    rationale:
      "A DestinationRule's client TLS settings override Istio's automatic mutual TLS for every sidecar that calls the host: with DISABLE the calls are plaintext, with SIMPLE they carry no client identity. Toward a workload that has a sidecar this either breaks (STRICT) or silently downgrades the traffic (PERMISSIVE). External hosts are not reported: only hosts that resolve to a Service in the input whose pods carry an Istio sidecar.",
    remediation:
      'Remove the `tls` block (Istio then uses mutual TLS automatically) or set ISTIO_MUTUAL:\n\n```yaml\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: web\n  namespace: app\nspec:\n  host: web.app.svc.cluster.local\n  trafficPolicy:\n    tls:\n      mode: ISTIO_MUTUAL\n```',
    references: { nsa: NSA_ENCRYPTION, urls: [ISTIO_DESTINATION_RULE] },
    aliases: {},
  },
  reads: MESH_READS,
  checkAll(context) {
    const analysis = meshAnalysis(context);
    const sidecars = new Set(analysis.workloads.filter((w) => w.mesh === 'istio' && !w.istio?.ambient).map((w) => w.workload));
    for (const { object: rule, settings } of analysis.destinationRules) {
      for (const setting of settings) {
        const consequence = WEAK_MODES[setting.mode];
        const meshed = setting.workloads.filter((w) => sidecars.has(w));
        if (!consequence || meshed.length === 0) continue;
        const scope = [setting.subset !== undefined ? `subset ${setting.subset}` : '', setting.port !== undefined ? `port ${setting.port}` : ''].filter(Boolean).join(', ');
        context.report({
          object: setting.object,
          path: setting.path,
          message: `DestinationRule ${rule.namespace ?? analysis.inventory.defaultNamespace}/${rule.name ?? '?'} sets tls.mode ${setting.mode} for host ${setting.host}${scope ? ` (${scope})` : ''}: ${consequence} to meshed ${listWorkloads(meshed)}`,
        });
      }
    }
  },
});
