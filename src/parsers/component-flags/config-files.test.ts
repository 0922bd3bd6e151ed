import { describe, expect, it } from 'vitest';
import { auditPolicyRuleCount, distroConfigEntries, kubeadmClusterConfig, kubeletConfigSettings, staticPodCommand } from './config-files.js';

describe('staticPodCommand', () => {
  const pod = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: sidecar\n    image: x\n  - name: etcd\n    command: [etcd, --a=1]\n    args:\n    - --b=2\n';
  it('reads command then args of the named container, each word at its place', () => {
    const { value, errors } = staticPodCommand('etcd.yaml', pod, 'etcd');
    expect(errors).toEqual([]);
    expect(value!.args.map((a) => [a.text, a.location.startLine])).toEqual([['etcd', 8], ['--a=1', 8], ['--b=2', 10]]);
  });
  it.each([
    ['broken YAML', 'kind: Pod\nspec: [\n', /.+/],
    ['another kind', 'apiVersion: v1\nkind: Service\n', /not a Pod/],
    ['no such container', pod.replace('name: etcd', 'name: other'), /no container named etcd/],
    ['command not a list', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: etcd\n    command: etcd --a\n', /must be a list/],
    ['empty file', '', /empty/],
  ])('refuses %s', (_what, text, message) => {
    const { value, errors } = staticPodCommand('etcd.yaml', text, 'etcd');
    expect(value).toBeUndefined();
    expect(errors[0]?.message).toMatch(message);
  });
});

describe('kubeletConfigSettings', () => {
  it('maps fields to flag names with their lines', () => {
    const text = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\nfeatureGates:\n  A: true\ntlsCipherSuites: [X, Y]\n';
    const { value, errors } = kubeletConfigSettings('config.yaml', text);
    expect(errors).toEqual([]);
    expect(value!.map((s) => [s.name, s.value, s.location.startLine])).toEqual([['anonymous-auth', 'false', 5], ['tls-cipher-suites', 'X,Y', 8], ['feature-gates', 'A=true', 6]]);
  });
  it('reports a field of the wrong shape', () => {
    const { errors } = kubeletConfigSettings('config.yaml', 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: [1]\n');
    expect(errors[0]).toMatchObject({ line: 3, message: 'readOnlyPort: unexpected list' });
  });
});

describe('distroConfigEntries', () => {
  it('reads scalars, lists and appending keys', () => {
    const { value } = distroConfigEntries('config.yaml', 'cluster-init: true\nkube-apiserver-arg+:\n  - a=1\n  - b=2\n');
    expect(value).toEqual([
      { key: 'cluster-init', append: false, values: [expect.objectContaining({ text: 'true' })] },
      { key: 'kube-apiserver-arg', append: true, values: [expect.objectContaining({ text: 'a=1' }), expect.objectContaining({ text: 'b=2' })] },
    ]);
    expect(distroConfigEntries('config.yaml', '').value).toEqual([]);
  });
  it.each([
    ['a list at the top', '- a\n', /mapping/],
    ['a nested map value', 'kubelet-arg:\n  a: 1\n', /values must be/],
    ['two documents', 'a: 1\n---\nb: 2\n', /more than one/],
  ])('refuses %s', (_what, text, message) => {
    expect(distroConfigEntries('config.yaml', text).errors[0]?.message).toMatch(message);
  });
});

describe('kubeadmClusterConfig', () => {
  it('reads v1beta3 maps and v1beta4 lists of extraArgs', () => {
    const v3 = kubeadmClusterConfig('k.yaml', 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n    profiling: "false"\netcd:\n  local:\n    dataDir: /data/etcd\n');
    expect(v3.value!.extraArgs.apiServer.map((a) => a.text)).toEqual(['--profiling=false']);
    expect(v3.value!.etcdDataDir?.text).toBe('/data/etcd');
    const v4 = kubeadmClusterConfig('k.yaml', 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nscheduler:\n  extraArgs:\n  - name: bind-address\n    value: 0.0.0.0\n');
    expect(v4.value!.extraArgs.scheduler.map((a) => [a.text, a.location.startLine])).toEqual([['--bind-address=0.0.0.0', 5]]);
  });
  it('refuses a file without a ClusterConfiguration, an old apiVersion, and list items without a name', () => {
    expect(kubeadmClusterConfig('k.yaml', 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n').errors[0]?.message).toMatch(/no ClusterConfiguration/);
    expect(kubeadmClusterConfig('k.yaml', 'apiVersion: kubeadm.k8s.io/v1beta2\nkind: ClusterConfiguration\n').errors[0]?.message).toMatch(/unsupported/);
    expect(kubeadmClusterConfig('k.yaml', 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n  - value: x\n').errors[0]?.message).toMatch(/needs a name/);
  });
});

describe('auditPolicyRuleCount', () => {
  it('counts rules and refuses other kinds', () => {
    expect(auditPolicyRuleCount('p.yaml', 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n').value).toBe(1);
    expect(auditPolicyRuleCount('p.yaml', 'apiVersion: v1\nkind: ConfigMap\n').errors[0]?.message).toMatch(/not an audit Policy/);
  });
});
