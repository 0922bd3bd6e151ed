import { defineSetRule } from '../rule.js';
import { ISTIO_AUTHN_POLICY, ISTIO_PEER_AUTHENTICATION, MESH_READS, NSA_ENCRYPTION } from './analysis.js';
import { reportPeerAuthenticationMode } from './peer-authentication-findings.js';

export const meshPeerAuthenticationPermissive = defineSetRule({
  meta: {
    id: 'k8s/mesh-peer-authentication-permissive',
    title: 'PeerAuthentication accepts plaintext (PERMISSIVE)',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'In PERMISSIVE mode an Istio sidecar accepts both mutual TLS and plaintext, so any pod (meshed or not, compromised or not) can reach the workload without presenting an identity, and traffic from unmeshed clients crosses the network unencrypted. It is meant as a migration step, not a final state.',
    remediation:
      'Once every client is meshed, switch the policy to STRICT:\n\n```yaml\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: app\nspec:\n  mtls:\n    mode: STRICT\n```\n\nKeep a port-level PERMISSIVE only for a port that must serve unmeshed clients (e.g. a health check from outside the mesh), and document why.',
    references: { nsa: NSA_ENCRYPTION, urls: [ISTIO_PEER_AUTHENTICATION, ISTIO_AUTHN_POLICY] },
    aliases: {},
  },
  reads: MESH_READS,
  checkAll(context) {
    reportPeerAuthenticationMode(context, 'PERMISSIVE', 'sidecars also accept plaintext from clients without a mesh identity');
  },
});
