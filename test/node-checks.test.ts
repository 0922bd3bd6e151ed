import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanNode, type NodeScanOptions } from '../src/pipeline/node.js';
import { nodeRules } from '../src/checks/rules/node/index.js';
import type { Component, NodeFacts } from '../src/checks/rules/node/model.js';
import { LATEST_PSS_VERSION } from '../src/core/settings.js';
import Ajv2020 from 'ajv/dist/2020.js';
import { runCli } from './helpers/cli.js';

const FIXTURES = join(import.meta.dirname, 'fixtures/node');
const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of a fixture tree with the modes a careful node has (git keeps none): files 600, directories 700. */
function tree(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `rampart-node-${name}-`));
  temps.push(dir);
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  const visit = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) {
        chmodSync(child, 0o700);
        visit(child);
      } else chmodSync(child, 0o600);
    }
  };
  visit(dir);
  return dir;
}

const me = { uid: process.getuid!(), gid: process.getgid!(), label: 'the test user' };
function scan(root: string, extra: Partial<NodeScanOptions> = {}) {
  return scanNode({
    root,
    proc: false,
    owner: me,
    cwd: root,
    settings: { pss: { level: 'restricted', version: LATEST_PSS_VERSION }, allowedRegistries: [] },
    rules: {},
    exemptions: [],
    ignoreEntries: [],
    strict: false,
    ...extra,
  });
}
const ids = (result: ReturnType<typeof scan>) => result.report.findings.map((f) => f.ruleId).sort();

describe('rampart node on a kubeadm tree', () => {
  const root = tree('kubeadm');

  it('reads every component and reports nothing on a hardened node', () => {
    const result = scan(root);
    expect(result.report.errors).toEqual([]);
    expect(result.facts.components.map((c) => `${c.kind}:${c.distribution}`).sort()).toEqual(['etcd:kubeadm', 'kube-apiserver:kubeadm', 'kube-controller-manager:kubeadm', 'kube-scheduler:kubeadm', 'kubelet:kubeadm']);
    expect(new Set(result.facts.files.map((f) => f.role))).toEqual(new Set(['apiserver-manifest', 'controller-manager-manifest', 'scheduler-manifest', 'etcd-manifest', 'etcd-data-dir', 'admin-kubeconfig', 'scheduler-kubeconfig', 'controller-manager-kubeconfig', 'pki', 'pki-certificate', 'pki-key', 'kubelet-service', 'kubelet-kubeconfig', 'kubelet-client-ca', 'kubelet-config']));
    expect(result.report.findings).toEqual([]);
    expect(result.report.rules.length).toBe(nodeRules.length);
  });

  it('fires every ownership rule when the files belong to someone else', () => {
    const result = scan(root, { owner: { uid: me.uid + 1, gid: me.gid, label: 'someone' } });
    const fired = new Set(ids(result));
    for (const rule of nodeRules.filter((r) => r.meta.id.endsWith('-ownership'))) expect(fired, rule.meta.id).toContain(rule.meta.id);
    expect([...fired].every((id) => id.endsWith('-ownership'))).toBe(true);
  });

  it('fires every permission rule on group- or world-readable files, at the file', () => {
    const loose = tree('kubeadm');
    const visit = (path: string) => {
      for (const entry of readdirSync(path, { withFileTypes: true })) {
        const child = join(path, entry.name);
        chmodSync(child, entry.isDirectory() ? 0o755 : 0o644);
        if (entry.isDirectory()) visit(child);
      }
    };
    visit(loose);
    const result = scan(loose);
    const fired = new Set(ids(result));
    for (const rule of nodeRules.filter((r) => r.meta.id.endsWith('-permissions'))) expect(fired, rule.meta.id).toContain(rule.meta.id);
    const admin = result.report.findings.find((f) => f.ruleId === 'k8s/node-admin-kubeconfig-permissions' && f.message.startsWith('/etc/kubernetes/admin.conf'));
    expect(admin?.message).toBe('/etc/kubernetes/admin.conf has mode 644; it should be 600 or stricter');
    expect(admin?.location.file).toBe('etc/kubernetes/admin.conf');
  });

  it('locates a flag at its line in the manifest, and the last of repeated flags wins', () => {
    const edited = tree('kubeadm');
    const manifest = join(edited, 'etc/kubernetes/manifests/kube-apiserver.yaml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('    - --profiling=false\n', '    - --profiling=false\n    - --profiling\n    - --anonymous-auth\n    - "true"\n'));
    const result = scan(edited);
    const profiling = result.report.findings.find((f) => f.ruleId === 'k8s/node-apiserver-profiling');
    expect(profiling?.location).toMatchObject({ file: 'etc/kubernetes/manifests/kube-apiserver.yaml', startLine: 26 });
    // `--anonymous-auth "true"`: a boolean flag takes no separate value, so this is --anonymous-auth=true.
    expect(result.report.findings.find((f) => f.ruleId === 'k8s/node-apiserver-anonymous-auth')?.location.startLine).toBe(27);
  });

  it('reads a symbolic link inside the root as the node would, and never one that leaves it', () => {
    const linked = tree('kubeadm');
    const config = join(linked, 'var/lib/kubelet/config.yaml');
    const outside = join(linked, '..', `outside-${process.pid}.yaml`);
    temps.push(outside);
    writeFileSync(outside, readFileSync(config, 'utf8').replace('readOnlyPort: 0', 'readOnlyPort: 10255'));
    rmSync(config);
    // Absolute: resolved inside the root, where /var/lib/kubelet/real.yaml does not exist.
    symlinkSync(outside, config);
    const result = scan(linked);
    // The kubelet is judged by kubeadm-flags.env alone: nothing of the file outside the root was read.
    expect(result.facts.components.find((c) => c.kind === 'kubelet')?.settings.get('read-only-port')).toBeUndefined();
    expect(result.facts.files.some((f) => f.stat.realPath === outside)).toBe(false);
    // Relative, inside the root: followed.
    rmSync(config);
    writeFileSync(join(linked, 'var/lib/kubelet/real.yaml'), readFileSync(outside, 'utf8'));
    symlinkSync('../kubelet/./real.yaml', config);
    const inside = scan(linked).facts.components.find((c) => c.kind === 'kubelet')?.settings.get('read-only-port');
    expect(inside?.value).toBe('10255');
    expect(inside?.location.file).toBe('var/lib/kubelet/real.yaml');
  });

  it('checks that the audit policy file is an audit Policy with rules', () => {
    const edited = tree('kubeadm');
    writeFileSync(join(edited, 'etc/kubernetes/audit-policy.yaml'), 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n');
    expect(ids(scan(edited))).toEqual(['k8s/node-apiserver-audit-policy']);
    rmSync(join(edited, 'etc/kubernetes/audit-policy.yaml'));
    const missing = scan(edited).report.findings.find((f) => f.ruleId === 'k8s/node-apiserver-audit-policy');
    expect(missing?.message).toContain('no such file');
  });
});

/**
 * Each flag rule against the hardened kubeadm components with one setting changed: the rule fires (and only it),
 * while on the hardened components every rule stays quiet (above).
 */
describe('every flag rule fires on its own setting', () => {
  const base = scan(tree('kubeadm')).facts;
  const cases: Array<[string, Component['kind'], string, string | undefined]> = [
    ['apiserver-anonymous-auth', 'kube-apiserver', 'anonymous-auth', undefined],
    ['apiserver-token-auth-file', 'kube-apiserver', 'token-auth-file', '/etc/tokens.csv'],
    ['apiserver-deny-service-external-ips', 'kube-apiserver', 'enable-admission-plugins', 'NodeRestriction,EventRateLimit,AlwaysPullImages'],
    ['apiserver-kubelet-client-cert', 'kube-apiserver', 'kubelet-client-key', undefined],
    ['apiserver-kubelet-ca', 'kube-apiserver', 'kubelet-certificate-authority', undefined],
    ['apiserver-authorization-always-allow', 'kube-apiserver', 'authorization-mode', 'AlwaysAllow,Node,RBAC'],
    ['apiserver-authorization-node', 'kube-apiserver', 'authorization-mode', 'RBAC'],
    ['apiserver-authorization-rbac', 'kube-apiserver', 'authorization-mode', 'Node,Webhook'],
    ['apiserver-event-rate-limit', 'kube-apiserver', 'enable-admission-plugins', 'NodeRestriction,AlwaysPullImages,DenyServiceExternalIPs'],
    ['apiserver-always-admit', 'kube-apiserver', 'enable-admission-plugins', 'NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs,AlwaysAdmit'],
    ['apiserver-always-pull-images', 'kube-apiserver', 'enable-admission-plugins', 'NodeRestriction,EventRateLimit,DenyServiceExternalIPs'],
    ['apiserver-service-account-plugin', 'kube-apiserver', 'disable-admission-plugins', 'ServiceAccount'],
    ['apiserver-namespace-lifecycle', 'kube-apiserver', 'disable-admission-plugins', 'NamespaceLifecycle'],
    ['apiserver-node-restriction', 'kube-apiserver', 'enable-admission-plugins', 'EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs'],
    ['apiserver-profiling', 'kube-apiserver', 'profiling', 'true'],
    ['apiserver-audit-log-path', 'kube-apiserver', 'audit-log-path', undefined],
    ['apiserver-audit-log-maxage', 'kube-apiserver', 'audit-log-maxage', '7'],
    ['apiserver-audit-log-maxbackup', 'kube-apiserver', 'audit-log-maxbackup', 'ten'],
    ['apiserver-audit-log-maxsize', 'kube-apiserver', 'audit-log-maxsize', undefined],
    ['apiserver-service-account-lookup', 'kube-apiserver', 'service-account-lookup', 'false'],
    ['apiserver-service-account-key', 'kube-apiserver', 'service-account-key-file', undefined],
    ['apiserver-etcd-client-cert', 'kube-apiserver', 'etcd-certfile', undefined],
    ['apiserver-tls', 'kube-apiserver', 'tls-private-key-file', ''],
    ['apiserver-client-ca', 'kube-apiserver', 'client-ca-file', undefined],
    ['apiserver-etcd-ca', 'kube-apiserver', 'etcd-cafile', undefined],
    ['apiserver-encryption-provider-config', 'kube-apiserver', 'encryption-provider-config', undefined],
    ['apiserver-tls-ciphers', 'kube-apiserver', 'tls-cipher-suites', 'TLS_AES_128_GCM_SHA256,TLS_RSA_WITH_3DES_EDE_CBC_SHA'],
    ['controller-manager-pod-gc', 'kube-controller-manager', 'terminated-pod-gc-threshold', undefined],
    ['controller-manager-profiling', 'kube-controller-manager', 'profiling', undefined],
    ['controller-manager-service-account-credentials', 'kube-controller-manager', 'use-service-account-credentials', undefined],
    ['controller-manager-service-account-key', 'kube-controller-manager', 'service-account-private-key-file', undefined],
    ['controller-manager-root-ca', 'kube-controller-manager', 'root-ca-file', undefined],
    ['controller-manager-rotate-kubelet-server-cert', 'kube-controller-manager', 'feature-gates', 'RotateKubeletServerCertificate=false'],
    ['controller-manager-bind-address', 'kube-controller-manager', 'bind-address', undefined],
    ['scheduler-profiling', 'kube-scheduler', 'profiling', 'T'],
    ['scheduler-bind-address', 'kube-scheduler', 'bind-address', '0.0.0.0'],
    ['etcd-client-tls', 'etcd', 'cert-file', undefined],
    ['etcd-client-cert-auth', 'etcd', 'client-cert-auth', undefined],
    ['etcd-auto-tls', 'etcd', 'auto-tls', 'true'],
    ['etcd-peer-tls', 'etcd', 'peer-key-file', undefined],
    ['etcd-peer-client-cert-auth', 'etcd', 'peer-client-cert-auth', 'false'],
    ['etcd-peer-auto-tls', 'etcd', 'peer-auto-tls', '1'],
    ['etcd-unique-ca', 'etcd', 'trusted-ca-file', '/etc/kubernetes/pki/ca.crt'],
    ['kubelet-anonymous-auth', 'kubelet', 'anonymous-auth', 'true'],
    ['kubelet-authorization-always-allow', 'kubelet', 'authorization-mode', 'AlwaysAllow'],
    ['kubelet-client-ca', 'kubelet', 'client-ca-file', undefined],
    ['kubelet-read-only-port', 'kubelet', 'read-only-port', '10255'],
    ['kubelet-streaming-timeout', 'kubelet', 'streaming-connection-idle-timeout', '0s'],
    ['kubelet-iptables-util-chains', 'kubelet', 'make-iptables-util-chains', 'false'],
    ['kubelet-hostname-override', 'kubelet', 'hostname-override', 'node-1'],
    ['kubelet-tls', 'kubelet', 'rotate-server-certificates', undefined],
    ['kubelet-rotate-certificates', 'kubelet', 'rotate-certificates', 'false'],
    ['kubelet-rotate-server-certificates', 'kubelet', 'feature-gates', 'RotateKubeletServerCertificate=false,Foo=true'],
    ['kubelet-tls-ciphers', 'kubelet', 'tls-cipher-suites', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_AES_128_CBC_SHA'],
    ['kubelet-pod-pids-limit', 'kubelet', 'pod-max-pids', '-1'],
    ['apiserver-audit-policy', 'kube-apiserver', 'audit-policy-file', undefined],
  ];

  it('has a case for every rule that reads settings', () => {
    const covered = new Set(cases.map(([name]) => `k8s/node-${name}`));
    const settingRules = nodeRules.filter((r) => !/-(permissions|ownership)$/.test(r.meta.id));
    expect(settingRules.map((r) => r.meta.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it.each(cases)('k8s/node-%s', (name, kind, flag, value) => {
    const components = base.components.map((component) => {
      if (component.kind !== kind) return component;
      const settings = new Map(component.settings);
      if (value === undefined) settings.delete(flag);
      else settings.set(flag, { name: flag, value, location: component.location, source: 'test' });
      return { ...component, settings };
    });
    const facts: NodeFacts = { ...base, components, ...(flag === 'audit-policy-file' ? { auditPolicy: undefined } : {}) };
    const fired = new Set<string>();
    for (const rule of nodeRules) rule.check(facts, () => fired.add(rule.meta.id));
    expect([...fired]).toEqual([`k8s/node-${name}`]);
  });
});

describe('rampart node on processes and a kubeadm ClusterConfiguration', () => {
  /** A procfs-shaped directory: <pid>/cmdline and <pid>/environ, NUL-separated as the kernel writes them. */
  function fakeProc(root: string, processes: Record<number, { argv: string[]; env?: string[] }>): string {
    const proc = join(root, 'fake-proc');
    for (const [pid, { argv, env = [] }] of Object.entries(processes)) {
      mkdirSync(join(proc, pid), { recursive: true });
      writeFileSync(join(proc, pid, 'cmdline'), argv.map((a) => `${a}\0`).join(''));
      writeFileSync(join(proc, pid, 'environ'), env.map((e) => `${e}\0`).join(''));
    }
    return proc;
  }

  it('prefers the running process over its manifest; etcd reads ETCD_ variables the command line does not override', () => {
    const root = tree('kubeadm');
    const proc = fakeProc(root, {
      100: { argv: ['/usr/local/bin/etcd', '--client-cert-auth', '--cert-file', '/pki/server.crt', '--peer-auto-tls=true', '--data-dir=/var/lib/etcd'], env: ['ETCD_KEY_FILE=/pki/server.key', 'ETCD_CLIENT_CERT_AUTH=false', 'ETCD_PEER_CERT_FILE=/pki/peer.crt', 'ETCD_PEER_KEY_FILE=/pki/peer.key', 'ETCD_PEER_CLIENT_CERT_AUTH=true', 'ETCD_TRUSTED_CA_FILE=/pki/etcd-ca.crt'] },
      200: { argv: ['kubelet', '--config=/var/lib/kubelet/config.yaml', '--read-only-port', '10255', '--kubeconfig=/etc/kubernetes/kubelet.conf'] },
      300: { argv: ['/bin/bash'] },
    });
    const result = scan(root, { proc });
    expect(result.report.errors).toEqual([]);
    const etcd = result.facts.components.find((c) => c.kind === 'etcd')!;
    expect(etcd.origin).toBe('process 100');
    expect(etcd.settings.get('client-cert-auth')?.value).toBe('true');
    expect(etcd.settings.get('key-file')?.source).toBe('environment variable ETCD_KEY_FILE');
    expect(result.report.findings.map((f) => [f.ruleId, f.location.file])).toEqual([
      ['k8s/node-etcd-peer-auto-tls', 'process:etcd'],
      ['k8s/node-kubelet-read-only-port', 'process:kubelet'],
    ]);
    const message = result.report.findings.find((f) => f.ruleId === 'k8s/node-kubelet-read-only-port')!.message;
    expect(message).toBe('kubelet (process 200): --read-only-port=10255 (command line); it should be 0');
  });

  it('reads only the processes asked for', () => {
    const root = tree('kubeadm');
    const proc = fakeProc(root, { 100: { argv: ['kube-apiserver', '--profiling=true'] }, 101: { argv: ['kube-scheduler', '--profiling=true'] } });
    const result = scan(root, { proc, pids: [101, 102] });
    expect(result.facts.components.find((c) => c.kind === 'kube-apiserver')?.origin).toMatch(/^static pod/);
    expect(result.facts.components.find((c) => c.kind === 'kube-scheduler')?.origin).toBe('process 101');
    expect(result.report.errors).toEqual([{ file: 'process:102', message: expect.stringContaining('ENOENT') }]);
  });

  it('judges a ClusterConfiguration as kubeadm would render it when the manifests are not there', () => {
    const root = tree('kubeadm');
    rmSync(join(root, 'etc/kubernetes/manifests'), { recursive: true });
    writeFileSync(
      join(root, 'etc/kubernetes/kubeadm-config.yaml'),
      'apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\n---\napiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n    anonymous-auth: "false"\n    profiling: "false"\nscheduler:\n  extraArgs:\n    bind-address: 0.0.0.0\n',
    );
    const result = scan(root);
    expect(result.report.errors).toEqual([]);
    const scheduler = result.report.findings.find((f) => f.ruleId === 'k8s/node-scheduler-bind-address');
    expect(scheduler?.location).toMatchObject({ file: 'etc/kubernetes/kubeadm-config.yaml', startLine: 12 });
    expect(result.report.findings.some((f) => f.ruleId === 'k8s/node-apiserver-anonymous-auth')).toBe(false);
    // kubeadm's own defaults: Node,RBAC and the etcd client certificates are there.
    expect(result.report.findings.some((f) => /authorization|etcd-client-cert/.test(f.ruleId))).toBe(false);
    expect(result.report.findings.some((f) => f.ruleId === 'k8s/node-apiserver-audit-log-path')).toBe(true);
  });
});

describe('rampart node on k3s and RKE2 trees', () => {
  it('applies k3s defaults, then config.yaml and its drop-ins', () => {
    const root = tree('k3s');
    const result = scan(root);
    expect(result.report.errors).toEqual([]);
    expect(result.facts.components.map((c) => `${c.kind}:${c.distribution}`).sort()).toEqual(['etcd:k3s', 'kube-apiserver:k3s', 'kube-controller-manager:k3s', 'kube-scheduler:k3s', 'kubelet:k3s']);
    expect(result.report.findings.map((f) => [f.ruleId, f.location.file, f.location.startLine])).toEqual([['k8s/node-apiserver-profiling', 'etc/rancher/k3s/config.yaml', 11]]);
    const apiserver = result.facts.components.find((c) => c.kind === 'kube-apiserver')!;
    expect(apiserver.settings.get('kubelet-certificate-authority')?.location.file).toBe('etc/rancher/k3s/config.yaml.d/10-hardening.yaml');
    expect(apiserver.settings.get('anonymous-auth')?.source).toBe('k3s default');
  });

  it('knows a k3s agent from a server by its process, and reads no control plane on an agent', () => {
    const root = tree('k3s');
    rmSync(join(root, 'var/lib/rancher/k3s/server'), { recursive: true });
    writeFileSync(join(root, 'etc/rancher/k3s/config.yaml'), 'kubelet-arg:\n  - pod-max-pids=4096\n  - anonymous-auth=true\n');
    rmSync(join(root, 'etc/rancher/k3s/config.yaml.d'), { recursive: true });
    const proc = join(root, 'fake-proc');
    mkdirSync(join(proc, '7'), { recursive: true });
    writeFileSync(join(proc, '7', 'cmdline'), '/usr/local/bin/k3s agent\0');
    const agent = scan(root, { proc });
    expect(agent.facts.components.map((c) => c.kind)).toEqual(['kubelet']);
    expect(agent.report.findings.map((f) => [f.ruleId, f.location.startLine])).toEqual([['k8s/node-kubelet-anonymous-auth', 3]]);
    // The title k3s writes for itself is one argument.
    writeFileSync(join(proc, '7', 'cmdline'), '/usr/local/bin/k3s server\0');
    expect(scan(root, { proc }).facts.components.map((c) => c.kind).sort()).toEqual(['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet']);
  });

  it('judges RKE2 static pods and the kubelet args of its config', () => {
    const root = tree('rke2');
    const result = scan(root);
    expect(result.report.errors).toEqual([]);
    expect(result.report.findings.map((f) => [f.ruleId, f.location.file])).toEqual([
      ['k8s/node-kubelet-read-only-port', 'etc/rancher/rke2/config.yaml'],
      ['k8s/node-etcd-peer-client-cert-auth', 'var/lib/rancher/rke2/agent/pod-manifests/etcd.yaml'],
    ].sort((a, b) => a[1]!.localeCompare(b[1]!)));
  });
});

describe('rampart node: malformed and missing input is an error, never a pass', () => {
  it('exits 3 on a manifest that is not YAML, naming the file and line', async () => {
    const root = tree('kubeadm');
    writeFileSync(join(root, 'etc/kubernetes/manifests/kube-scheduler.yaml'), 'apiVersion: v1\nkind: Pod\nspec:\n  containers: [\n');
    const run = await runCli(['node', root, '--skip-processes', '--format', 'json'], { cwd: root });
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout) as { errors: Array<{ file: string; line?: number }> };
    expect(report.errors[0]?.file).toBe('etc/kubernetes/manifests/kube-scheduler.yaml');
  });

  it.each([
    ['a kubelet config of another kind', 'var/lib/kubelet/config.yaml', 'apiVersion: v1\nkind: ConfigMap\n', 'not a KubeletConfiguration'],
    ['a duplicate key', 'var/lib/kubelet/config.yaml', 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 0\nreadOnlyPort: 10255\n', 'unique'],
    ['a manifest of another kind', 'etc/kubernetes/manifests/etcd.yaml', 'apiVersion: apps/v1\nkind: Deployment\n', 'not a Pod manifest'],
    ['a flag with no value at the end', 'etc/kubernetes/manifests/kube-scheduler.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: kube-scheduler\n    command: [kube-scheduler, --bind-address]\n', 'needs a value'],
    ['invalid UTF-8', 'etc/kubernetes/manifests/kube-apiserver.yaml', Buffer.from([0x6b, 0xff, 0xfe, 0x0a]), 'not valid UTF-8'],
  ])('%s', (_what, file, text, message) => {
    const root = tree('kubeadm');
    writeFileSync(join(root, file), text);
    const result = scan(root);
    expect(result.report.errors.map((e) => e.message).join('\n')).toContain(message);
  });

  it('reports a link loop where a checked file should be', () => {
    const root = tree('kubeadm');
    rmSync(join(root, 'etc/kubernetes/admin.conf'));
    symlinkSync('/etc/kubernetes/admin.conf', join(root, 'etc/kubernetes/admin.conf'));
    const result = scan(root);
    expect(result.report.errors).toEqual([{ file: 'etc/kubernetes/admin.conf', message: '/etc/kubernetes/admin.conf: too many levels of symbolic links' }]);
  });

  it('refuses a file over the size limit', () => {
    const root = tree('kubeadm');
    writeFileSync(join(root, 'var/lib/kubelet/config.yaml'), `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    expect(scan(root).report.errors.map((e) => e.message).join('\n')).toContain('over the 1.0 MiB limit');
  });

  it('exits 3 on a root with nothing of Kubernetes', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'rampart-node-empty-'));
    temps.push(empty);
    const run = await runCli(['node', empty, '--skip-processes'], { cwd: empty });
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('found no Kubernetes component');
  });

  it('exits 2 on a usage error', async () => {
    expect((await runCli(['node', '/', '--pid', 'abc'], { cwd: FIXTURES })).code).toBe(2);
    expect((await runCli(['node', '/', '--repeat', '24'], { cwd: FIXTURES })).code).toBe(2);
    expect((await runCli(['node', '/', '--repeat', '10s'], { cwd: FIXTURES })).code).toBe(2);
    expect((await runCli(['node', '/', '--skip-processes', '--pid', '1'], { cwd: FIXTURES })).code).toBe(2);
    expect((await runCli(['node', join(FIXTURES, 'kubeadm/etc/kubernetes/admin.conf')], { cwd: FIXTURES })).code).toBe(2);
  });

  it('gates, suppresses by config and writes SARIF like any scan', async () => {
    const root = tree('k3s');
    const failing = await runCli(['node', root, '--skip-processes', '--format', 'sarif'], { cwd: root });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('k8s/node-apiserver-profiling');
    const json = await runCli(['node', root, '--skip-processes', '--format', 'json'], { cwd: root });
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'docs', 'report.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020.default({ strict: false }).compile(schema);
    expect(validate(JSON.parse(json.stdout)), JSON.stringify(validate.errors)).toBe(true);
    // The kube-bench ID names the rule like its own ID does.
    writeFileSync(join(root, 'rampart.yaml'), 'rules:\n  "1.2.16":\n    severity: critical\n');
    const aliased = await runCli(['node', root, '--skip-processes', '--format', 'sarif'], { cwd: root });
    const sarif = JSON.parse(aliased.stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; properties?: Record<string, unknown> }> } } }> };
    const rule = sarif.runs[0]!.tool.driver.rules.find((r) => r.id === 'k8s/node-apiserver-audit-log-path');
    expect(rule?.properties?.['security-severity']).toBe('9.5');
    expect(rule?.properties?.aliases).toEqual(['1.2.16']);
    writeFileSync(join(root, 'rampart.yaml'), 'rules:\n  "1.2.15x": {}\n');
    expect((await runCli(['node', root, '--skip-processes'], { cwd: root })).code).toBe(2);
    writeFileSync(join(root, 'rampart.yaml'), 'rules:\n  k8s/node-apiserver-profiling:\n    enabled: false\n');
    expect((await runCli(['node', root, '--skip-processes'], { cwd: root })).code).toBe(0);
    expect(statSync(join(root, 'rampart.yaml')).isFile()).toBe(true);
  });
});

describe('deploy/node-checks', () => {
  it('passes rampart scan, every waiver annotated with its reason', async () => {
    const run = await runCli(['scan', 'deploy/node-checks', '--format', 'json', '--skip-dependencies'], { cwd: join(import.meta.dirname, '..') });
    const report = JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; suppressed?: { kind: string; reason: string } }>; errors: unknown[] };
    expect(run.code).toBe(0);
    expect(report.errors).toEqual([]);
    expect(report.findings.length).toBeGreaterThan(0);
    for (const finding of report.findings) {
      expect(finding.suppressed?.kind, finding.ruleId).toBe('annotation');
      expect(finding.suppressed?.reason.length, finding.ruleId).toBeGreaterThan(20);
    }
  });
});

describe('docs/node-checks.md', () => {
  it('lists every node rule with its CIS item and kube-bench status', () => {
    const docs = readFileSync(join(import.meta.dirname, '..', 'docs', 'node-checks.md'), 'utf8');
    for (const { meta } of nodeRules) {
      const cis = meta.references.cis![0]!.split(' ').pop();
      const row = docs.split('\n').find((line) => line.startsWith(`| ${cis} | \`${meta.id}\` |`));
      expect(row, meta.id).toBeDefined();
      expect(row, meta.id).toContain(meta.aliases.kubeBench ? `alias \`${cis}\`` : 'differs');
    }
  });
});
