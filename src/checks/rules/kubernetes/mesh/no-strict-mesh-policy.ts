import { listWorkloads } from '../../../analysis/mesh/inventory.js';
import { defineSetRule } from '../rule.js';
import { ISTIO_AUTHN_POLICY, ISTIO_PEER_AUTHENTICATION, MESH_READS, meshAnalysis, NSA_ENCRYPTION } from './analysis.js';

export const meshNoStrictMtlsPolicy = defineSetRule({
  meta: {
    id: 'k8s/mesh-no-strict-mtls-policy',
    title: 'Istio in use without a mesh-wide STRICT PeerAuthentication',
    severity: 'low',
    target: 'kubernetes',
    rationale:
      'Without a mesh-wide PeerAuthentication, every sidecar that no namespace or workload policy covers runs in the PERMISSIVE default and accepts plaintext. A mesh-wide STRICT policy makes mutual TLS the default for new namespaces too. Low: namespace or workload policies may already cover what matters, and the policy may live outside the scanned files.',
    remediation:
      'Add a mesh-wide policy in the Istio root namespace (no selector):\n\n```yaml\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: istio-system\nspec:\n  mtls:\n    mode: STRICT\n```',
    references: { nsa: NSA_ENCRYPTION, urls: [ISTIO_PEER_AUTHENTICATION, ISTIO_AUTHN_POLICY] },
    aliases: {},
  },
  reads: MESH_READS,
  checkAll(context) {
    const analysis = meshAnalysis(context);
    const { istio, rootNamespace } = analysis.inventory;
    if (!istio) return;
    const meshPolicies = analysis.peerAuthentications.filter((p) => p.level === 'mesh' && !p.rejected);
    // An explicit mesh-wide mode is judged by the PERMISSIVE/DISABLE rules; STRICT is what we want.
    if (meshPolicies.some((p) => p.mode)) return;
    const onDefault = analysis.workloads.filter((w) => w.mesh === 'istio' && w.mtls && !w.mtls.source).map((w) => w.workload);
    const anchor = meshPolicies[0] ? { object: meshPolicies[0].object, path: meshPolicies[0].modePath } : istio;
    const found = meshPolicies[0]
      ? `mesh-wide PeerAuthentication ${rootNamespace}/${meshPolicies[0].name} leaves mtls.mode UNSET`
      : `Istio is in use (${istio.description}) but no mesh-wide PeerAuthentication exists in root namespace ${rootNamespace}`;
    const impact = onDefault.length > 0 ? `${listWorkloads(onDefault)} ${onDefault.length === 1 ? 'falls' : 'fall'} back to PERMISSIVE` : 'sidecars without a namespace or workload policy fall back to PERMISSIVE';
    context.report({ object: anchor.object, path: anchor.path, message: `${found}: ${impact}` });
  },
});
