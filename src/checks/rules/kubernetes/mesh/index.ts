import type { KubernetesSetRule } from '../rule.js';
import { meshDestinationRuleDisablesMtls } from './destination-rule-tls.js';
import { meshInjectionOptOut } from './injection-opt-out.js';
import { meshNoStrictMtlsPolicy } from './no-strict-mesh-policy.js';
import { meshPeerAuthenticationDisabled } from './peer-authentication-disabled.js';
import { meshPeerAuthenticationPermissive } from './peer-authentication-permissive.js';
import { meshPolicyInvalid } from './policy-invalid.js';
import { meshProxyBypassPorts } from './proxy-bypass-ports.js';
import { meshWorkloadNotInjected } from './workload-not-injected.js';

/** Service-mesh mutual-TLS posture (Istio, Linkerd); silent when the input shows no mesh. */
export const meshRules: KubernetesSetRule[] = [
  meshInjectionOptOut,
  meshWorkloadNotInjected,
  meshPeerAuthenticationDisabled,
  meshPeerAuthenticationPermissive,
  meshNoStrictMtlsPolicy,
  meshDestinationRuleDisablesMtls,
  meshProxyBypassPorts,
  meshPolicyInvalid,
];
