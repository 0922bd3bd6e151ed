import { listWorkloads } from '../../../analysis/mesh/inventory.js';
import type { Workload } from '../../../analysis/mesh/types.js';
import type { KubernetesObject } from '../../../../parsers/kubernetes/objects.js';
import type { JsonPath } from '../../../../core/fix.js';
import { defineSetRule } from '../rule.js';
import { LINKERD_PROXY_CONFIG, MESH_READS, meshAnalysis, NSA_ENCRYPTION } from './analysis.js';

export const meshProxyBypassPorts = defineSetRule({
  meta: {
    id: 'k8s/mesh-proxy-bypass-ports',
    title: 'Meshed workload sends or accepts traffic around its proxy',
    severity: 'low',
    target: 'kubernetes',
    rationale:
      "Ports listed in Istio's `traffic.sidecar.istio.io/excludeInboundPorts`/`excludeOutboundPorts` or Linkerd's `config.linkerd.io/skip-inbound-ports`/`skip-outbound-ports` are not redirected to the proxy: that traffic is plaintext and unauthenticated even though the pod is meshed. Low: exclusions are deliberate and sometimes needed (e.g. a protocol the proxy cannot handle), but each one is a hole to review. Linkerd's `opaque-ports` are not reported: they still go through the proxy with mTLS.",
    remediation:
      'Remove the port from the exclusion list; for protocols the proxy cannot detect, mark them opaque instead so they keep mTLS:\n\n```yaml\nspec:\n  template:\n    metadata:\n      annotations:\n        config.linkerd.io/opaque-ports: "3306"   # instead of skip-inbound-ports\n```\n\nFor Istio, name the Service port with its protocol (`tcp-mysql`) rather than excluding it.',
    references: { nsa: NSA_ENCRYPTION, urls: [LINKERD_PROXY_CONFIG, 'https://istio.io/latest/docs/reference/config/annotations/'] },
    aliases: {},
  },
  reads: MESH_READS,
  checkAll(context) {
    // A namespace-level Linkerd annotation is reported once, naming every workload that inherits it.
    const groups = new Map<KubernetesObject, Map<string, { path: JsonPath; text: string; workloads: Workload[] }>>();
    for (const { workload, bypass } of meshAnalysis(context).workloads) {
      for (const entry of bypass) {
        const byKey = groups.get(entry.object) ?? new Map<string, { path: JsonPath; text: string; workloads: Workload[] }>();
        groups.set(entry.object, byKey);
        const group = byKey.get(entry.key) ?? { path: entry.path, text: `${entry.key}: "${entry.ports}"`, workloads: [] };
        group.workloads.push(workload);
        byKey.set(entry.key, group);
      }
    }
    for (const [object, byKey] of groups) {
      for (const group of byKey.values()) {
        context.report({ object, path: group.path, message: `${group.text} lets traffic of ${listWorkloads(group.workloads)} bypass the mesh proxy: no mTLS on those ports` });
      }
    }
  },
});
