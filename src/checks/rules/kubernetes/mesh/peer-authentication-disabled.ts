import { defineSetRule } from '../rule.js';
import { ISTIO_AUTHN_POLICY, ISTIO_PEER_AUTHENTICATION, MESH_READS, NSA_ENCRYPTION } from './analysis.js';
import { reportPeerAuthenticationMode } from './peer-authentication-findings.js';

export const meshPeerAuthenticationDisabled = defineSetRule({
  meta: {
    id: 'k8s/mesh-peer-authentication-disabled',
    title: 'PeerAuthentication turns mutual TLS off (DISABLE)',
    severity: 'high',
    target: 'kubernetes',
    rationale:
      'DISABLE makes the sidecar accept plaintext only: the traffic is neither encrypted nor authenticated, and identity-based AuthorizationPolicies (principals, namespaces) no longer match, so the mesh silently stops protecting the workload or port.',
    remediation:
      'Remove the DISABLE setting so the parent policy applies, or set STRICT:\n\n```yaml\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: web\n  namespace: app\nspec:\n  selector:\n    matchLabels:\n      app: web\n  mtls:\n    mode: STRICT\n  portLevelMtls:\n    "8080":\n      mode: STRICT   # was DISABLE\n```\n\nIf a port must serve plaintext (a legacy client that cannot be meshed), prefer PERMISSIVE on that port only.',
    references: { nsa: NSA_ENCRYPTION, urls: [ISTIO_PEER_AUTHENTICATION, ISTIO_AUTHN_POLICY] },
    aliases: {},
  },
  reads: MESH_READS,
  checkAll(context) {
    reportPeerAuthenticationMode(context, 'DISABLE', 'sidecars accept plaintext only');
  },
});
