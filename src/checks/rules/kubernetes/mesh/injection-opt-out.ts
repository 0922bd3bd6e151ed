import { describeWorkload } from '../../../analysis/mesh/inventory.js';
import { defineSetRule } from '../rule.js';
import { ISTIO_INJECTION, LINKERD_INJECTION, MESH_READS, meshAnalysis, NSA_ENCRYPTION } from './analysis.js';

const MESH_TITLE = { istio: 'Istio sidecar', linkerd: 'Linkerd proxy' } as const;

export const meshInjectionOptOut = defineSetRule({
  meta: {
    id: 'k8s/mesh-injection-opt-out',
    title: 'Workload opts out of mesh proxy injection',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'A pod that opts out of injection gets no mesh proxy: everything it sends and receives is plaintext and unauthenticated, although the namespace (or the rest of the mesh) relies on mutual TLS. Opt-outs are often left behind after debugging.',
    remediation:
      'Remove the opt-out from the pod template so the namespace default applies, or set it explicitly:\n\n```yaml\n# Istio\nspec:\n  template:\n    metadata:\n      labels:\n        sidecar.istio.io/inject: "true"\n---\n# Linkerd\nspec:\n  template:\n    metadata:\n      annotations:\n        linkerd.io/inject: enabled\n```\n\nIf the workload must stay out of the mesh (a node agent, a job that cannot wait for the proxy), suppress the finding with a reason.',
    references: { nsa: NSA_ENCRYPTION, urls: [ISTIO_INJECTION, LINKERD_INJECTION] },
    aliases: {},
  },
  reads: MESH_READS,
  checkAll(context) {
    for (const { workload, istio, linkerd, mesh } of meshAnalysis(context).workloads) {
      if (mesh) continue;
      for (const injection of [istio, linkerd]) {
        // A redundant opt-out in a namespace that does not inject changes nothing.
        if (!injection?.optOut || injection.namespaceWants === 'no') continue;
        const where =
          injection.namespaceWants === 'yes'
            ? `namespace ${workload.namespace} enables injection`
            : `namespace ${workload.namespace} is not in the input`;
        context.report({
          object: injection.optOut.object,
          path: injection.optOut.path,
          message: `${describeWorkload(workload)} opts out of ${MESH_TITLE[injection.mesh]} injection (${injection.optOut.description}; ${where}): its traffic is plaintext`,
        });
      }
    }
  },
});
