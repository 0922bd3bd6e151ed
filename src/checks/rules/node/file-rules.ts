import type { Severity } from '../../../core/severity.js';
import type { FileRole, HostFile, NodeFacts, Owner } from './model.js';
import { CIS_VERSION, defineNodeRule, type NodeReport, type NodeRule } from './rule.js';

interface FileSpec {
  /** After `k8s/node-`; `-permissions` and `-ownership` are appended. */
  name: string;
  what: string;
  roles: FileRole[];
  /** The most permissive mode allowed (CIS: "600 or more restrictive"); absent: no permission item. */
  mode?: { max: number; cis: string; severity: Severity };
  owner?: { cis: string; severity: Severity; etcd?: boolean };
}

const SPECS: FileSpec[] = [
  { name: 'apiserver-manifest', what: 'API server pod specification file', roles: ['apiserver-manifest'], mode: { max: 0o600, cis: '1.1.1', severity: 'medium' }, owner: { cis: '1.1.2', severity: 'medium' } },
  { name: 'controller-manager-manifest', what: 'controller manager pod specification file', roles: ['controller-manager-manifest'], mode: { max: 0o600, cis: '1.1.3', severity: 'medium' }, owner: { cis: '1.1.4', severity: 'medium' } },
  { name: 'scheduler-manifest', what: 'scheduler pod specification file', roles: ['scheduler-manifest'], mode: { max: 0o600, cis: '1.1.5', severity: 'medium' }, owner: { cis: '1.1.6', severity: 'medium' } },
  { name: 'etcd-manifest', what: 'etcd pod specification file', roles: ['etcd-manifest'], mode: { max: 0o600, cis: '1.1.7', severity: 'medium' }, owner: { cis: '1.1.8', severity: 'medium' } },
  { name: 'etcd-data-dir', what: 'etcd data directory', roles: ['etcd-data-dir'], mode: { max: 0o700, cis: '1.1.11', severity: 'high' }, owner: { cis: '1.1.12', severity: 'medium', etcd: true } },
  { name: 'admin-kubeconfig', what: 'cluster-admin kubeconfig', roles: ['admin-kubeconfig'], mode: { max: 0o600, cis: '1.1.13', severity: 'high' }, owner: { cis: '1.1.14', severity: 'high' } },
  { name: 'scheduler-kubeconfig', what: 'scheduler kubeconfig', roles: ['scheduler-kubeconfig'], mode: { max: 0o600, cis: '1.1.15', severity: 'medium' }, owner: { cis: '1.1.16', severity: 'medium' } },
  { name: 'controller-manager-kubeconfig', what: 'controller manager kubeconfig', roles: ['controller-manager-kubeconfig'], mode: { max: 0o600, cis: '1.1.17', severity: 'medium' }, owner: { cis: '1.1.18', severity: 'medium' } },
  { name: 'pki', what: 'Kubernetes PKI directory or file', roles: ['pki'], owner: { cis: '1.1.19', severity: 'high' } },
  { name: 'pki-certificate', what: 'PKI certificate file', roles: ['pki-certificate'], mode: { max: 0o600, cis: '1.1.20', severity: 'low' } },
  { name: 'pki-key', what: 'PKI private key file', roles: ['pki-key'], mode: { max: 0o600, cis: '1.1.21', severity: 'high' } },
  { name: 'kubelet-service', what: 'kubelet service file', roles: ['kubelet-service'], mode: { max: 0o600, cis: '4.1.1', severity: 'low' }, owner: { cis: '4.1.2', severity: 'medium' } },
  { name: 'kubelet-kubeconfig', what: 'kubelet kubeconfig', roles: ['kubelet-kubeconfig'], mode: { max: 0o600, cis: '4.1.5', severity: 'medium' }, owner: { cis: '4.1.6', severity: 'medium' } },
  { name: 'kubelet-client-ca', what: 'kubelet client CA file', roles: ['kubelet-client-ca'], mode: { max: 0o600, cis: '4.1.7', severity: 'low' }, owner: { cis: '4.1.8', severity: 'medium' } },
  { name: 'kubelet-config', what: 'kubelet config file', roles: ['kubelet-config'], mode: { max: 0o600, cis: '4.1.9', severity: 'medium' }, owner: { cis: '4.1.10', severity: 'medium' } },
];

const octal = (mode: number) => mode.toString(8).padStart(3, '0');
const filesOf = (facts: NodeFacts, roles: FileRole[]) => facts.files.filter((f) => roles.includes(f.role));
const at = (file: HostFile, message: string, key: string): NodeReport => ({
  message,
  location: { file: file.file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
  resource: { kind: file.stat.type === 'directory' ? 'Directory' : 'File', name: file.stat.hostPath },
  key,
});

function permissionRule(spec: FileSpec, mode: NonNullable<FileSpec['mode']>): NodeRule {
  return defineNodeRule({
    meta: {
      id: `k8s/node-${spec.name}-permissions`,
      title: `${capitalize(spec.what)} permissions are wider than ${octal(mode.max)}`,
      severity: mode.severity,
      target: 'node',
      rationale: `The ${spec.what} controls or authenticates part of the cluster; anyone on the node who can read or change it can read credentials or change what runs. Only its owner should have access (${octal(mode.max)} or stricter). Checked with lstat on the object itself, links resolved inside the scanned root.`,
      remediation: `\`chmod ${octal(mode.max)} <path>\` on the node (the finding names the path).`,
      references: { cis: [`${CIS_VERSION} ${mode.cis}`] },
      aliases: { kubeBench: [mode.cis] },
    },
    check(facts, report) {
      for (const file of filesOf(facts, spec.roles)) {
        const extra = file.stat.mode & ~mode.max & 0o777;
        if (extra !== 0) report(at(file, `${file.stat.hostPath} has mode ${octal(file.stat.mode & 0o777)}; it should be ${octal(mode.max)} or stricter`, `${file.stat.hostPath}|mode`));
      }
    },
  });
}

function ownershipRule(spec: FileSpec, owner: NonNullable<FileSpec['owner']>): NodeRule {
  return defineNodeRule({
    meta: {
      id: `k8s/node-${spec.name}-ownership`,
      title: `${capitalize(spec.what)} is not owned by ${owner.etcd ? 'etcd:etcd' : 'root:root'}`,
      severity: owner.severity,
      target: 'node',
      rationale: `A ${spec.what} owned by another user can be changed by that user, whatever its mode.${owner.etcd ? ' The expected owner is the host\'s `etcd` user and group; on hosts without one (kubeadm runs etcd as root) it is root:root.' : ''}`,
      remediation: `\`chown ${owner.etcd ? 'etcd:etcd' : 'root:root'} <path>\` on the node (the finding names the path).`,
      references: { cis: [`${CIS_VERSION} ${owner.cis}`] },
      aliases: owner.etcd ? {} : { kubeBench: [owner.cis] },
    },
    check(facts, report) {
      const expected: Owner = owner.etcd ? facts.etcdOwner : facts.owner;
      for (const file of filesOf(facts, spec.roles)) {
        if (file.stat.uid !== expected.uid || file.stat.gid !== expected.gid) {
          report(at(file, `${file.stat.hostPath} is owned by ${file.stat.uid}:${file.stat.gid}; it should be ${expected.label} (${expected.uid}:${expected.gid})`, `${file.stat.hostPath}|owner`));
        }
      }
    },
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const fileRules: NodeRule[] = SPECS.flatMap((spec) => [
  ...(spec.mode ? [permissionRule(spec, spec.mode)] : []),
  ...(spec.owner ? [ownershipRule(spec, spec.owner)] : []),
]);
