import { defineSetRule } from '../rule.js';
import { describePolicy, NETPOL_DOCS, NETPOL_READS, netpolAnalysis } from './shared.js';

export const invalidPolicy = defineSetRule({
  meta: {
    id: 'k8s/netpol-invalid-policy',
    title: 'Network policy the API server would reject',
    severity: 'high',
    target: 'kubernetes',
    rationale:
      'An invalid CIDR, an except outside its cidr, an unknown selector operator, a bad port, protocol, policy type, ' +
      'AdminNetworkPolicy priority or action makes the API server reject the whole policy: the isolation it was meant to give never exists, often unnoticed when the ' +
      'apply step runs with errors ignored. The network analysis treats the policy as absent, as the cluster would.',
    remediation:
      'Fix the field named in the finding; for example a valid ipBlock:\n\n' +
      '```yaml\n- ipBlock:\n    cidr: 10.0.0.0/8\n    except:\n      - 10.1.0.0/16\n```',
    references: { urls: [NETPOL_DOCS, 'https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/'] },
    aliases: {},
  },
  reads: NETPOL_READS,
  checkAll(context) {
    const { model } = netpolAnalysis(context);
    for (const policy of model.policies) {
      for (const issue of policy.issues) {
        context.report({ object: policy.object, path: issue.path, message: `${describePolicy(policy)}: ${issue.message}; the API server rejects the policy` });
      }
    }
    for (const policy of model.adminPolicies) {
      for (const issue of policy.issues) {
        context.report({ object: policy.object, path: issue.path, message: `${policy.object.kind} "${policy.name}": ${issue.message}; the API server rejects the policy` });
      }
    }
  },
});
