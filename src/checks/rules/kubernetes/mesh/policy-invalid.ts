import { LINKERD_VALUES } from '../../../analysis/mesh/injection.js';
import { describeWorkload, LINKERD } from '../../../analysis/mesh/inventory.js';
import { competingPolicies, describePolicy } from '../../../analysis/mesh/peer-authentication.js';
import { defineSetRule } from '../rule.js';
import { ISTIO_DESTINATION_RULE, ISTIO_PEER_AUTHENTICATION, LINKERD_INJECTION, MESH_READS, meshAnalysis } from './analysis.js';

export const meshPolicyInvalid = defineSetRule({
  meta: {
    id: 'k8s/mesh-policy-invalid',
    title: 'Mesh mTLS setting rejected or ignored',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'A mesh setting that the API server rejects, or that Istio or Linkerd silently ignores, leaves traffic under a different mTLS mode than the author intended: an unknown mode value, a port-level setting on a policy without selector, a selector policy in the Istio root namespace, two mesh-wide or namespace-wide PeerAuthentications competing (Istio keeps only the oldest), or an unknown `linkerd.io/inject` value (the pod is then not injected).',
    remediation:
      'Fix the value or the placement the message names, e.g.:\n\n```yaml\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: app\nspec:\n  mtls:\n    mode: STRICT      # one of UNSET, DISABLE, PERMISSIVE, STRICT (upper case)\n```\n\nKeep a single policy without selector per namespace, and use `linkerd.io/inject: enabled | disabled | ingress`.',
    references: { urls: [ISTIO_PEER_AUTHENTICATION, ISTIO_DESTINATION_RULE, LINKERD_INJECTION] },
    aliases: {},
  },
  reads: MESH_READS,
  checkAll(context) {
    const analysis = meshAnalysis(context);
    for (const policy of analysis.peerAuthentications) {
      for (const problem of policy.problems) {
        context.report({ object: problem.object, path: problem.path, message: `PeerAuthentication ${policy.namespace}/${policy.name}: ${problem.message}` });
      }
    }
    for (const group of competingPolicies(analysis.peerAuthentications)) {
      const [kept, ...others] = group;
      for (const other of others) {
        context.report({
          object: other.object,
          path: ['metadata', 'name'],
          message: `${describePolicy(other)} competes with ${kept!.name} at the same level: Istio applies only the oldest, so which one wins depends on creation order`,
        });
      }
    }
    for (const { object: rule, problems } of analysis.destinationRules) {
      for (const problem of problems) {
        context.report({ object: problem.object, path: problem.path, message: `DestinationRule ${rule.namespace ?? analysis.inventory.defaultNamespace}/${rule.name ?? '?'}: ${problem.message}` });
      }
    }
    for (const ns of analysis.inventory.namespaces.values()) {
      const value = ns.annotations[LINKERD.inject];
      if (ns.object && value !== undefined && !LINKERD_VALUES.has(value)) {
        context.report({
          object: ns.object,
          path: ['metadata', 'annotations', LINKERD.inject],
          message: `namespace ${ns.name} annotation ${LINKERD.inject}: "${value}" is not enabled, disabled or ingress: Linkerd injects none of its pods`,
        });
      }
    }
    for (const { workload } of analysis.workloads) {
      const value = workload.annotations[LINKERD.inject];
      if (value === undefined || LINKERD_VALUES.has(value)) continue;
      context.report({
        object: workload.object,
        path: [...workload.pod.metadataPath, 'annotations', LINKERD.inject],
        message: `${describeWorkload(workload)} annotation ${LINKERD.inject}: "${value}" is not enabled, disabled or ingress: Linkerd does not inject it`,
      });
    }
  },
});
