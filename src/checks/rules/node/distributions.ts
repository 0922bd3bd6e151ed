import type { ComponentKind } from './model.js';

/** Where each distribution keeps what the checks read. */
export interface DistributionLayout {
  name: 'kubeadm' | 'k3s' | 'rke2';
  manifestsDir?: string;
  adminKubeconfigs: string[];
  schedulerKubeconfig: string;
  controllerManagerKubeconfig: string;
  kubeletKubeconfig: string;
  pkiDir: string;
  etcdDataDir: string;
  kubeletConfig?: string;
  kubeletServiceFiles: string[];
  /** `config.yaml` and its `config.yaml.d` drop-in directory (k3s, RKE2). */
  configFile?: string;
}

export const KUBEADM: DistributionLayout = {
  name: 'kubeadm',
  manifestsDir: '/etc/kubernetes/manifests',
  adminKubeconfigs: ['/etc/kubernetes/admin.conf', '/etc/kubernetes/super-admin.conf'],
  schedulerKubeconfig: '/etc/kubernetes/scheduler.conf',
  controllerManagerKubeconfig: '/etc/kubernetes/controller-manager.conf',
  kubeletKubeconfig: '/etc/kubernetes/kubelet.conf',
  pkiDir: '/etc/kubernetes/pki',
  etcdDataDir: '/var/lib/etcd',
  kubeletConfig: '/var/lib/kubelet/config.yaml',
  kubeletServiceFiles: [
    '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf',
    '/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf',
    '/etc/systemd/system/kubelet.service',
    '/usr/lib/systemd/system/kubelet.service',
    '/lib/systemd/system/kubelet.service',
  ],
};

/** k3s and RKE2 share their layout below the data dir; `data` is the `data-dir` setting or the default. */
export function rancherLayout(name: 'k3s' | 'rke2', data: string): DistributionLayout {
  return {
    name,
    ...(name === 'rke2' ? { manifestsDir: `${data}/agent/pod-manifests` } : {}),
    adminKubeconfigs: [`/etc/rancher/${name}/${name}.yaml`, `${data}/server/cred/admin.kubeconfig`],
    schedulerKubeconfig: `${data}/server/cred/scheduler.kubeconfig`,
    controllerManagerKubeconfig: `${data}/server/cred/controller.kubeconfig`,
    kubeletKubeconfig: `${data}/agent/kubelet.kubeconfig`,
    pkiDir: `${data}/server/tls`,
    etcdDataDir: `${data}/server/db/etcd`,
    kubeletServiceFiles: [`/etc/systemd/system/${name}.service`, `/etc/systemd/system/${name}-server.service`, `/usr/local/lib/systemd/system/${name}-server.service`, `/usr/lib/systemd/system/${name}-server.service`],
    configFile: `/etc/rancher/${name}/config.yaml`,
  };
}

export const RANCHER_DATA_DIRS = { k3s: '/var/lib/rancher/k3s', rke2: '/var/lib/rancher/rke2' } as const;

/** The config keys that pass extra flags to each component, in k3s and RKE2 alike. */
export const RANCHER_ARG_KEYS: Record<ComponentKind, string> = {
  'kube-apiserver': 'kube-apiserver-arg',
  'kube-controller-manager': 'kube-controller-manager-arg',
  'kube-scheduler': 'kube-scheduler-arg',
  etcd: 'etcd-arg',
  kubelet: 'kubelet-arg',
};

/**
 * The security-relevant flags k3s and RKE2 give their components before any `*-arg` from the config (their
 * control-plane and agent set-up code): the user's args override them, so a finding still shows when a config turns
 * one off. `embeddedEtcd`: the datastore is the embedded etcd (`cluster-init`, or an existing etcd data dir) rather
 * than kine over a unix socket.
 */
export function rancherDefaults(kind: ComponentKind, data: string, options: { embeddedEtcd: boolean; secretsEncryption: boolean }): Array<[string, string]> {
  const tls = `${data}/server/tls`;
  switch (kind) {
    case 'kube-apiserver':
      return [
        ['anonymous-auth', 'false'],
        ['authorization-mode', 'Node,RBAC'],
        ['client-ca-file', `${tls}/client-ca.crt`],
        ['enable-admission-plugins', 'NodeRestriction'],
        ['kubelet-certificate-authority', `${tls}/server-ca.crt`],
        ['kubelet-client-certificate', `${tls}/client-kube-apiserver.crt`],
        ['kubelet-client-key', `${tls}/client-kube-apiserver.key`],
        ['profiling', 'false'],
        ['service-account-key-file', `${tls}/service.key`],
        ['service-account-lookup', 'true'],
        ['tls-cert-file', `${tls}/serving-kube-apiserver.crt`],
        ['tls-private-key-file', `${tls}/serving-kube-apiserver.key`],
        ...(options.embeddedEtcd
          ? ([
              ['etcd-servers', 'https://127.0.0.1:2379'],
              ['etcd-cafile', `${tls}/etcd/server-ca.crt`],
              ['etcd-certfile', `${tls}/etcd/client.crt`],
              ['etcd-keyfile', `${tls}/etcd/client.key`],
            ] as Array<[string, string]>)
          : ([['etcd-servers', 'unix://kine.sock']] as Array<[string, string]>)),
        ...(options.secretsEncryption ? ([['encryption-provider-config', `${data}/server/cred/encryption-config.json`]] as Array<[string, string]>) : []),
      ];
    case 'kube-controller-manager':
      return [
        ['bind-address', '127.0.0.1'],
        ['profiling', 'false'],
        ['use-service-account-credentials', 'true'],
        ['service-account-private-key-file', `${tls}/service.current.key`],
        ['root-ca-file', `${tls}/server-ca.crt`],
        ['kubeconfig', `${data}/server/cred/controller.kubeconfig`],
      ];
    case 'kube-scheduler':
      return [
        ['bind-address', '127.0.0.1'],
        ['profiling', 'false'],
        ['kubeconfig', `${data}/server/cred/scheduler.kubeconfig`],
      ];
    case 'etcd':
      return [
        ['client-cert-auth', 'true'],
        ['cert-file', `${tls}/etcd/server-client.crt`],
        ['key-file', `${tls}/etcd/server-client.key`],
        ['trusted-ca-file', `${tls}/etcd/server-ca.crt`],
        ['peer-client-cert-auth', 'true'],
        ['peer-cert-file', `${tls}/etcd/peer-server-client.crt`],
        ['peer-key-file', `${tls}/etcd/peer-server-client.key`],
        ['peer-trusted-ca-file', `${tls}/etcd/peer-ca.crt`],
        ['data-dir', `${data}/server/db/etcd`],
      ];
    case 'kubelet':
      return [
        ['anonymous-auth', 'false'],
        ['authentication-token-webhook', 'true'],
        ['authorization-mode', 'Webhook'],
        ['client-ca-file', `${data}/agent/client-ca.crt`],
        ['read-only-port', '0'],
        ['tls-cert-file', `${data}/agent/serving-kubelet.crt`],
        ['tls-private-key-file', `${data}/agent/serving-kubelet.key`],
        ['kubeconfig', `${data}/agent/kubelet.kubeconfig`],
      ];
  }
}

/**
 * What kubeadm writes into each static pod before a ClusterConfiguration's `extraArgs` (kubeadm's control-plane
 * phase), for a host whose manifests are not there to read.
 */
export function kubeadmDefaults(kind: ComponentKind, dataDir: string): Array<[string, string]> {
  const pki = '/etc/kubernetes/pki';
  switch (kind) {
    case 'kube-apiserver':
      return [
        ['authorization-mode', 'Node,RBAC'],
        ['client-ca-file', `${pki}/ca.crt`],
        ['enable-admission-plugins', 'NodeRestriction'],
        ['etcd-cafile', `${pki}/etcd/ca.crt`],
        ['etcd-certfile', `${pki}/apiserver-etcd-client.crt`],
        ['etcd-keyfile', `${pki}/apiserver-etcd-client.key`],
        ['kubelet-client-certificate', `${pki}/apiserver-kubelet-client.crt`],
        ['kubelet-client-key', `${pki}/apiserver-kubelet-client.key`],
        ['service-account-key-file', `${pki}/sa.pub`],
        ['service-account-signing-key-file', `${pki}/sa.key`],
        ['tls-cert-file', `${pki}/apiserver.crt`],
        ['tls-private-key-file', `${pki}/apiserver.key`],
      ];
    case 'kube-controller-manager':
      return [
        ['bind-address', '127.0.0.1'],
        ['kubeconfig', '/etc/kubernetes/controller-manager.conf'],
        ['root-ca-file', `${pki}/ca.crt`],
        ['service-account-private-key-file', `${pki}/sa.key`],
        ['use-service-account-credentials', 'true'],
      ];
    case 'kube-scheduler':
      return [
        ['bind-address', '127.0.0.1'],
        ['kubeconfig', '/etc/kubernetes/scheduler.conf'],
      ];
    case 'etcd':
      return [
        ['cert-file', `${pki}/etcd/server.crt`],
        ['key-file', `${pki}/etcd/server.key`],
        ['client-cert-auth', 'true'],
        ['trusted-ca-file', `${pki}/etcd/ca.crt`],
        ['peer-cert-file', `${pki}/etcd/peer.crt`],
        ['peer-key-file', `${pki}/etcd/peer.key`],
        ['peer-client-cert-auth', 'true'],
        ['peer-trusted-ca-file', `${pki}/etcd/ca.crt`],
        ['data-dir', dataDir],
      ];
    case 'kubelet':
      return [];
  }
}
