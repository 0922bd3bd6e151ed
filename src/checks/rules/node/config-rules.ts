import type { NodeFacts } from './model.js';
import { CIS_VERSION, defineNodeRule, type NodeRule } from './rule.js';

export const auditPolicy: NodeRule = defineNodeRule({
  meta: {
    id: 'k8s/node-apiserver-audit-policy',
    title: 'API server has no usable audit policy',
    severity: 'medium',
    target: 'node',
    rationale:
      'Without `--audit-policy-file` the API server records no audit events even when `--audit-log-path` is set; a policy file that is missing, ' +
      'unreadable, not an `audit.k8s.io/v1` Policy or without rules records nothing either. The file is read under the scanned root.',
    remediation: 'Write an audit Policy with at least a Metadata-level rule and set `--audit-policy-file` to it in the kube-apiserver static pod manifest (mount the file into the pod), or `kube-apiserver-arg` in the k3s/RKE2 config.',
    references: { cis: [`${CIS_VERSION} 3.2.1`] },
    aliases: {},
  },
  check(facts: NodeFacts, report) {
    const apiserver = facts.components.find((c) => c.kind === 'kube-apiserver');
    if (!apiserver) return;
    const policy = facts.auditPolicy;
    const resource = { kind: 'Component', name: 'kube-apiserver' };
    if (!policy) report({ message: `kube-apiserver (${apiserver.origin}): --audit-policy-file is not set`, location: apiserver.location, resource, key: 'kube-apiserver|audit-policy' });
    else if (policy.problem) report({ message: `kube-apiserver (${apiserver.origin}): audit policy ${policy.file}: ${policy.problem}`, location: policy.location, resource, key: 'kube-apiserver|audit-policy' });
    else if (policy.rules === 0) report({ message: `kube-apiserver (${apiserver.origin}): audit policy ${policy.file} has no rules, so nothing is recorded`, location: policy.location, resource, key: 'kube-apiserver|audit-policy' });
  },
});

export const etcdUniqueCa: NodeRule = defineNodeRule({
  meta: {
    id: 'k8s/node-etcd-unique-ca',
    title: 'etcd trusts the cluster CA',
    severity: 'medium',
    target: 'node',
    rationale:
      'When etcd trusts the same CA as the API server (`--trusted-ca-file` equal to the API server\'s `--client-ca-file`), every client certificate of the ' +
      'cluster, a kubelet\'s included, is accepted by etcd and can read all cluster state. etcd needs a CA of its own. An etcd without a trusted CA is ' +
      'reported by k8s/node-etcd-client-cert-auth.',
    remediation: 'Create a CA for etcd only (kubeadm does: `/etc/kubernetes/pki/etcd/ca.crt`), issue etcd\'s and the API server\'s etcd client certificates from it, and point `--trusted-ca-file` at it.',
    references: { cis: [`${CIS_VERSION} 2.7`] },
    aliases: {},
  },
  check(facts, report) {
    const etcd = facts.components.find((c) => c.kind === 'etcd');
    const trusted = etcd?.settings.get('trusted-ca-file');
    const clientCa = facts.components.find((c) => c.kind === 'kube-apiserver')?.settings.get('client-ca-file');
    if (etcd && trusted && clientCa && trusted.value === clientCa.value) {
      report({ message: `etcd (${etcd.origin}): --trusted-ca-file ${trusted.value} is also the API server's --client-ca-file`, location: trusted.location, resource: { kind: 'Component', name: 'etcd' }, key: 'etcd|unique-ca' });
    }
  },
});
