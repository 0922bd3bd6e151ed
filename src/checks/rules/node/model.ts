import type { Location } from '../../../core/finding.js';
import type { Setting } from '../../../parsers/component-flags/flags.js';
import type { HostStat } from '../../../sources/host/root.js';

export type ComponentKind = 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'etcd' | 'kubelet';
export const COMPONENT_KINDS: readonly ComponentKind[] = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd', 'kubelet'];

export type Distribution = 'kubeadm' | 'k3s' | 'rke2' | 'process';

/** One control-plane or node component as it runs (a process) or will run (a static pod, a k3s or RKE2 config). */
export interface Component {
  kind: ComponentKind;
  distribution: Distribution;
  /** What was read, for messages: `process 1234`, `static pod /etc/kubernetes/manifests/etcd.yaml`, `k3s config`. */
  origin: string;
  /** Findings about a setting nobody wrote point here: the command, the config file, the process. */
  location: Location;
  /** The effective settings by flag name (command line over config file over distribution default; last one wins). */
  settings: ReadonlyMap<string, Setting>;
  /** kubelet: a `--config` file is in use, so its defaults (not the flags') apply to fields it leaves out. */
  usesConfigFile?: boolean;
}

/** What a file or directory is to the node; the file rules select by it. */
export type FileRole =
  | 'apiserver-manifest'
  | 'controller-manager-manifest'
  | 'scheduler-manifest'
  | 'etcd-manifest'
  | 'etcd-data-dir'
  | 'admin-kubeconfig'
  | 'scheduler-kubeconfig'
  | 'controller-manager-kubeconfig'
  | 'pki'
  | 'pki-certificate'
  | 'pki-key'
  | 'kubelet-service'
  | 'kubelet-kubeconfig'
  | 'kubelet-client-ca'
  | 'kubelet-config';

export interface HostFile {
  role: FileRole;
  stat: HostStat;
  /** As the report names it. */
  file: string;
}

/** The owner a file rule expects: root (0:0) on a node; tests run as themselves. */
export interface Owner {
  uid: number;
  gid: number;
  /** For messages: `root:root`. */
  label: string;
}

/** Everything the node rules judge, gathered once. */
export interface NodeFacts {
  components: Component[];
  files: HostFile[];
  /** Expected owner of control-plane files (CIS: root:root). */
  owner: Owner;
  /** Expected owner of the etcd data directory (CIS: etcd:etcd): the host's `etcd` user, else the file owner above. */
  etcdOwner: Owner;
  /** The apiserver's `--audit-policy-file` as read: its rule count, or why it could not be read. */
  auditPolicy?: { file: string; location: Location; rules?: number; problem?: string };
}
