import { describeWorkload } from '../../../analysis/mesh/inventory.js';
import { SYSTEM_NAMESPACES } from '../../../analysis/mesh/injection.js';
import { describePolicy, resolveMtls } from '../../../analysis/mesh/peer-authentication.js';
import { defineSetRule } from '../rule.js';
import { ISTIO_AUTHN_POLICY, ISTIO_INJECTION, LINKERD_INJECTION, MESH_READS, meshAnalysis, NSA_ENCRYPTION } from './analysis.js';

export const meshWorkloadNotInjected = defineSetRule({
  meta: {
    id: 'k8s/mesh-workload-not-injected',
    title: 'Workload left out of the mesh it is expected to join',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'A workload without a mesh proxy sends and accepts plaintext. This rule reports the cases where the input shows the workload was meant to be meshed: it asks for injection but something prevents it (hostNetwork, a namespace label that disables injection, the legacy Istio annotation that no webhook selects on, an unmounted service-account token for Linkerd), or Istio requires STRICT mTLS for its namespace while it gets no sidecar, so it neither protects its inbound traffic nor can call STRICT services.',
    remediation:
      'Make the workload injectable and enable injection for it, e.g. label the namespace (or the pod template) and drop hostNetwork:\n\n```yaml\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: app\n  labels:\n    istio-injection: enabled   # Linkerd: annotations: {linkerd.io/inject: enabled}\n---\nspec:\n  template:\n    metadata:\n      labels:\n        sidecar.istio.io/inject: "true"   # the label, not the legacy annotation\n    spec:\n      hostNetwork: false\n```',
    references: { nsa: NSA_ENCRYPTION, urls: [ISTIO_INJECTION, ISTIO_AUTHN_POLICY, LINKERD_INJECTION] },
    aliases: {},
  },
  reads: MESH_READS,
  checkAll(context) {
    const analysis = meshAnalysis(context);
    const { rootNamespace } = analysis.inventory;
    for (const { workload, istio, linkerd, mesh } of analysis.workloads) {
      if (mesh || SYSTEM_NAMESPACES.has(workload.namespace) || workload.namespace === rootNamespace) continue;
      const blocked = [istio, linkerd].find((injection) => injection?.blocked && injection.certain)?.blocked;
      if (blocked) {
        context.report({ object: blocked.object, path: blocked.path, message: `${describeWorkload(workload)} gets no mesh proxy: it ${blocked.description}` });
        continue;
      }
      if (!istio || !istio.certain || istio.optOut) continue;
      const resolved = resolveMtls(workload, analysis.peerAuthentications);
      if (resolved.mode !== 'STRICT' || !resolved.source) continue;
      const { metadataPath } = workload.pod;
      context.report({
        object: workload.object,
        path: 'labels' in workload.pod.metadata ? [...metadataPath, 'labels'] : metadataPath,
        message: `${describeWorkload(workload)} gets no Istio sidecar (${istio.reasons.join('; ')}) but ${describePolicy(resolved.source)} requires STRICT mTLS: its inbound traffic is plaintext and STRICT services reject its calls`,
      });
    }
  },
});
