import type { Location, ScanError } from '../../../core/finding.js';
import { auditPolicyRuleCount, distroConfigEntries, kubeadmClusterConfig, kubeletConfigSettings, staticPodCommand, type KubeadmSection, type LocatedArg } from '../../../parsers/component-flags/config-files.js';
import { parseFeatureGates, parseFlags, parseGoBool, type Setting } from '../../../parsers/component-flags/flags.js';
import type { HostProcess } from '../../../sources/host/processes.js';
import type { HostRoot } from '../../../sources/host/root.js';
import { KUBEADM, kubeadmDefaults, rancherDefaults, rancherLayout, RANCHER_ARG_KEYS, RANCHER_DATA_DIRS, type DistributionLayout } from './distributions.js';
import { COMPONENT_KINDS, type Component, type ComponentKind, type FileRole, type HostFile, type NodeFacts, type Owner } from './model.js';

/** Flags that take no separate value (`--profiling false` is not `--profiling=false`), across the components read. */
const BOOLEAN_FLAGS = new Set([
  'anonymous-auth', 'profiling', 'service-account-lookup', 'allow-privileged', 'enable-bootstrap-token-auth', 'enable-aggregator-routing',
  'enable-priority-and-fairness', 'logtostderr', 'enable-garbage-collector', 'audit-log-compress', 'use-service-account-credentials',
  'leader-elect', 'allocate-node-cidrs', 'client-cert-auth', 'peer-client-cert-auth', 'auto-tls', 'peer-auto-tls', 'enable-v2', 'enable-pprof',
  'strict-reconfig-check', 'debug', 'force-new-cluster', 'authentication-token-webhook', 'make-iptables-util-chains', 'rotate-certificates',
  'rotate-server-certificates', 'protect-kernel-defaults', 'fail-swap-on', 'register-node', 'seccomp-default', 'cluster-init', 'secrets-encryption',
  'selinux', 'disable-network-policy', 'disable-cloud-controller', 'disable-kube-proxy', 'disable-scheduler', 'disable-apiserver',
  'disable-controller-manager', 'disable-etcd', 'embedded-registry', 'etcd-expose-metrics', 'flannel-ipv6-masq', 'help', 'version',
]);

const MANIFEST_NAMES: Record<Exclude<ComponentKind, 'kubelet'>, string> = {
  'kube-apiserver': 'kube-apiserver.yaml',
  'kube-controller-manager': 'kube-controller-manager.yaml',
  'kube-scheduler': 'kube-scheduler.yaml',
  etcd: 'etcd.yaml',
};
const KUBEADM_SECTIONS: Record<Exclude<ComponentKind, 'kubelet'>, KubeadmSection> = {
  'kube-apiserver': 'apiServer',
  'kube-controller-manager': 'controllerManager',
  'kube-scheduler': 'scheduler',
  etcd: 'etcd',
};
const MANIFEST_ROLES: Record<Exclude<ComponentKind, 'kubelet'>, FileRole> = {
  'kube-apiserver': 'apiserver-manifest',
  'kube-controller-manager': 'controller-manager-manifest',
  'kube-scheduler': 'scheduler-manifest',
  etcd: 'etcd-manifest',
};
/** A PKI directory of a node holds tens of files; a bound keeps a hostile tree from costing time. */
const MAX_PKI_ENTRIES = 2000;
const MAX_PKI_DEPTH = 4;
const KUBEADM_CONFIG_FILES = ['/etc/kubernetes/kubeadm-config.yaml', '/etc/kubernetes/kubeadm.yaml'];

export interface GatherOptions {
  host: HostRoot;
  processes: readonly HostProcess[];
  /** How the report names a file read at a path under the root. */
  display(realPath: string): string;
  /** Expected owner of the control-plane files; root:root unless a caller (a test) says otherwise. */
  owner?: Owner;
}

export interface Gathered {
  facts: NodeFacts;
  errors: ScanError[];
}

/** Which component a command line starts, by the program's name; `k3s`/`rke2` for the distributions' own binaries. */
export function programOf(argv: readonly string[]): ComponentKind | 'k3s' | 'rke2' | undefined {
  const base = (argv[0] ?? '').split('/').pop()!.split(' ')[0]!;
  if ((COMPONENT_KINDS as readonly string[]).includes(base)) return base as ComponentKind;
  if (base === 'k3s' || base === 'rke2') return base;
  return undefined;
}

/**
 * Reads the node as its components see it: live processes first (what runs), then the files that start them (static
 * pod manifests, a kubeadm ClusterConfiguration, k3s or RKE2 config and their built-in flags), and the files and
 * directories the CIS benchmark wants locked down.
 */
export function gatherNodeFacts(options: GatherOptions): Gathered {
  const { host } = options;
  const errors: ScanError[] = [];
  const readText = (hostPath: string): { text: string; file: string } | undefined => {
    const read = host.readText(hostPath);
    if (read.ok) return { text: read.text, file: options.display(read.stat.realPath) };
    if (!read.missing) errors.push({ file: displayOf(options, hostPath), message: read.message });
    return undefined;
  };

  const components = new Map<ComponentKind, Component>();
  const add = (component: Component | undefined) => {
    if (component && !components.has(component.kind)) components.set(component.kind, component);
  };

  // 1. Live processes: what runs now.
  let rancherProcess: { program: 'k3s' | 'rke2'; process: HostProcess } | undefined;
  for (const process of options.processes) {
    const program = programOf(process.argv);
    if (program === 'k3s' || program === 'rke2') rancherProcess ??= { program, process };
    else if (program) add(processComponent(program, process, readText, errors));
  }

  // 2. The distributions whose files are present.
  const layouts: DistributionLayout[] = [];
  const rancher = (['k3s', 'rke2'] as const).flatMap((name) => {
    const configs = distroConfigs(name, readText, host, errors);
    const present = configs.length > 0 || host.stat(RANCHER_DATA_DIRS[name]) !== undefined || rancherProcess?.program === name;
    return present ? [{ name, configs }] : [];
  });
  for (const { name, configs } of rancher) {
    const cmdline = rancherProcess?.program === name ? rancherProcess.process : undefined;
    const distro = rancherSettings(configs, cmdline, errors);
    // A process title k3s rewrote is one word list in one argument: `/usr/local/bin/k3s server`.
    const words = cmdline ? (cmdline.argv.length === 1 ? cmdline.argv[0]!.split(/\s+/) : cmdline.argv) : [];
    const serverRole = parseFlags(words.slice(1), BOOLEAN_FLAGS).positionals[0] === 'server';
    const data = distro.get('data-dir')?.at(-1)?.text ?? RANCHER_DATA_DIRS[name];
    const layout = rancherLayout(name, data);
    layouts.push(layout);
    for (const kind of COMPONENT_KINDS) {
      if (components.has(kind)) continue;
      if (layout.manifestsDir && kind !== 'kubelet') add(manifestComponent(kind, layout, host, readText, errors));
      if (components.has(kind)) continue;
      add(rancherComponent(kind, name, data, distro, serverRole, host, configs[0]?.file ?? displayOf(options, data), errors));
    }
  }
  const kubeadmPresent = host.stat('/etc/kubernetes') !== undefined || host.stat('/var/lib/kubelet') !== undefined;
  if (kubeadmPresent) {
    layouts.push(KUBEADM);
    for (const kind of COMPONENT_KINDS) if (kind !== 'kubelet' && !components.has(kind)) add(manifestComponent(kind, KUBEADM, host, readText, errors));
    if (!components.has('kubelet')) add(kubeadmKubelet(readText, errors));
    const kubeadmConfig = KUBEADM_CONFIG_FILES.map((path) => ({ path, read: readText(path) })).find((c) => c.read);
    if (kubeadmConfig?.read) {
      const parsed = kubeadmClusterConfig(kubeadmConfig.read.file, kubeadmConfig.read.text);
      errors.push(...parsed.errors);
      if (parsed.value) {
        const config = parsed.value;
        for (const kind of COMPONENT_KINDS) {
          if (kind === 'kubelet' || components.has(kind) || (kind === 'etcd' && config.externalEtcd)) continue;
          const section = KUBEADM_SECTIONS[kind];
          const settings = new Map<string, Setting>();
          for (const [name, value] of kubeadmDefaults(kind, config.etcdDataDir?.text ?? KUBEADM.etcdDataDir)) {
            settings.set(name, { name, value, location: config.sections[section], source: 'kubeadm default' });
          }
          errors.push(...applyArgs(settings, config.extraArgs[section], 'kubeadm ClusterConfiguration', kubeadmConfig.read.file));
          add({ kind, distribution: 'kubeadm', origin: `kubeadm ClusterConfiguration ${kubeadmConfig.read.file}`, location: config.sections[section], settings });
        }
      }
    }
  }

  // 3. Files and directories.
  const files: HostFile[] = [];
  const seen = new Set<string>();
  const addFile = (role: FileRole, hostPath: string | undefined) => {
    if (!hostPath) return;
    const stat = host.inspect(hostPath);
    if (stat && 'error' in stat) {
      errors.push({ file: displayOf(options, hostPath), message: stat.error });
      return;
    }
    if (!stat || seen.has(`${role}\0${stat.realPath}`)) return;
    seen.add(`${role}\0${stat.realPath}`);
    files.push({ role, stat, file: options.display(stat.realPath) });
  };
  const setting = (kind: ComponentKind, name: string) => components.get(kind)?.settings.get(name)?.value;
  // A path a component's settings name is the one it uses; each distribution's default only when none does.
  const byComponent: Array<[FileRole, ComponentKind, string, (layout: DistributionLayout) => string | undefined]> = [
    ['scheduler-kubeconfig', 'kube-scheduler', 'kubeconfig', (l) => l.schedulerKubeconfig],
    ['controller-manager-kubeconfig', 'kube-controller-manager', 'kubeconfig', (l) => l.controllerManagerKubeconfig],
    ['kubelet-kubeconfig', 'kubelet', 'kubeconfig', (l) => l.kubeletKubeconfig],
    ['kubelet-config', 'kubelet', 'config', (l) => l.kubeletConfig],
    ['etcd-data-dir', 'etcd', 'data-dir', (l) => (components.has('etcd') ? l.etcdDataDir : undefined)],
    ['kubelet-client-ca', 'kubelet', 'client-ca-file', () => undefined],
  ];
  for (const [role, kind, name, fallback] of byComponent) {
    const named = setting(kind, name);
    if (named) addFile(role, named);
    else for (const layout of layouts) addFile(role, fallback(layout));
  }
  for (const layout of layouts) {
    if (layout.manifestsDir) for (const [kind, name] of Object.entries(MANIFEST_NAMES) as Array<[Exclude<ComponentKind, 'kubelet'>, string]>) addFile(MANIFEST_ROLES[kind], `${layout.manifestsDir}/${name}`);
    for (const admin of layout.adminKubeconfigs) addFile('admin-kubeconfig', admin);
    for (const service of layout.kubeletServiceFiles) addFile('kubelet-service', service);
    addPki(layout.pkiDir, host, addFile);
  }

  const owner = options.owner ?? { uid: 0, gid: 0, label: 'root:root' };
  const facts: NodeFacts = { components: [...components.values()], files, owner, etcdOwner: etcdOwner(host, owner) };
  const apiserver = components.get('kube-apiserver');
  const policy = apiserver?.settings.get('audit-policy-file');
  if (policy) {
    const read = host.readText(policy.value);
    if (!read.ok) facts.auditPolicy = { file: policy.value, location: policy.location, problem: read.message };
    else {
      const parsed = auditPolicyRuleCount(options.display(read.stat.realPath), read.text);
      facts.auditPolicy = parsed.value !== undefined ? { file: policy.value, location: policy.location, rules: parsed.value } : { file: policy.value, location: policy.location, problem: parsed.errors.map((e) => e.message).join('; ') };
    }
  }
  return { facts, errors };
}

function displayOf(options: GatherOptions, hostPath: string): string {
  return options.display(`${options.host.root === '/' ? '' : options.host.root}${hostPath}`);
}

/**
 * Applies command-line words to settings as the component does: the last occurrence of a flag wins, except
 * `--feature-gates`, whose occurrences merge gate by gate.
 */
function applyArgs(settings: Map<string, Setting>, args: readonly LocatedArg[], source: string, file: string): ScanError[] {
  const parsed = parseFlags(args.map((a) => a.text), BOOLEAN_FLAGS);
  for (const flag of parsed.flags) {
    const location = args[flag.index]!.location;
    const previous = settings.get(flag.name);
    const value = flag.name === 'feature-gates' && previous ? mergeGates(previous.value, flag.value) : flag.value;
    settings.set(flag.name, { name: flag.name, value, location, source });
  }
  return parsed.errors.map((message) => ({ file, message }));
}

function mergeGates(before: string, after: string): string {
  const gates = parseFeatureGates(before);
  for (const [name, value] of parseFeatureGates(after)) gates.set(name, value);
  return [...gates].map(([name, value]) => `${name}=${value}`).join(',');
}

type ReadText = (hostPath: string) => { text: string; file: string } | undefined;

function processComponent(kind: ComponentKind, process: HostProcess, readText: ReadText, errors: ScanError[]): Component {
  const file = `process:${kind}`;
  const location: Location = { file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
  const settings = new Map<string, Setting>();
  // etcd reads ETCD_<FLAG> variables for flags not given on its command line.
  for (const [name, value] of Object.entries(process.env)) {
    const flag = name.slice('ETCD_'.length).toLowerCase().replace(/_/g, '-');
    settings.set(flag, { name: flag, value, location, source: `environment variable ${name}` });
  }
  const args = process.argv.slice(1).map((text) => ({ text, location }));
  let usesConfigFile = false;
  if (kind === 'kubelet') {
    const config = parseFlags(process.argv.slice(1), BOOLEAN_FLAGS).flags.filter((f) => f.name === 'config').pop();
    if (config) {
      usesConfigFile = true;
      const read = readText(config.value);
      if (!read) errors.push({ file, message: `kubelet config file ${config.value} (--config) cannot be read under the root` });
      else {
        const parsed = kubeletConfigSettings(read.file, read.text);
        errors.push(...parsed.errors);
        for (const s of parsed.value ?? []) settings.set(s.name, s);
      }
    }
  }
  errors.push(...applyArgs(settings, args, 'command line', file));
  return { kind, distribution: 'process', origin: `process ${process.pid}`, location, settings, ...(kind === 'kubelet' ? { usesConfigFile } : {}) };
}

function manifestComponent(kind: Exclude<ComponentKind, 'kubelet'>, layout: DistributionLayout, host: HostRoot, readText: ReadText, errors: ScanError[]): Component | undefined {
  const path = `${layout.manifestsDir}/${MANIFEST_NAMES[kind]}`;
  if (!host.stat(path)) return undefined;
  const read = readText(path);
  if (!read) return undefined;
  const parsed = staticPodCommand(read.file, read.text, kind);
  errors.push(...parsed.errors);
  if (!parsed.value) return undefined;
  const { args, document } = parsed.value;
  const settings = new Map<string, Setting>();
  errors.push(...applyArgs(settings, args.slice(1), 'static pod manifest', read.file));
  const location = args[0]?.location ?? document.locate(['spec', 'containers']).location;
  return { kind, distribution: layout.name, origin: `static pod ${read.file}`, location, settings };
}

/** kubeadm's kubelet: /var/lib/kubelet/config.yaml, then the flags of kubeadm-flags.env, which override it. */
function kubeadmKubelet(readText: ReadText, errors: ScanError[]): Component | undefined {
  const config = readText(KUBEADM.kubeletConfig!);
  const flagsEnv = readText('/var/lib/kubelet/kubeadm-flags.env');
  if (!config && !flagsEnv) return undefined;
  const settings = new Map<string, Setting>();
  let location: Location | undefined;
  if (config) {
    location = { file: config.file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
    const parsed = kubeletConfigSettings(config.file, config.text);
    errors.push(...parsed.errors);
    if (!parsed.value) return undefined;
    for (const s of parsed.value) settings.set(s.name, s);
    settings.set('config', { name: 'config', value: KUBEADM.kubeletConfig!, location, source: 'kubeadm kubelet drop-in' });
  }
  if (flagsEnv) {
    const args = envFileArgs(flagsEnv.file, flagsEnv.text, 'KUBELET_KUBEADM_ARGS');
    location ??= args[0]?.location ?? { file: flagsEnv.file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
    errors.push(...applyArgs(settings, args, 'kubeadm-flags.env', flagsEnv.file));
  }
  return { kind: 'kubelet', distribution: 'kubeadm', origin: config ? `kubelet config ${config.file}` : `kubelet flags ${flagsEnv!.file}`, location: location!, settings, usesConfigFile: config !== undefined };
}

/** `NAME="--a=1 --b=2"` in a systemd environment file, split into words, each located on its line. */
function envFileArgs(file: string, text: string, variable: string): LocatedArg[] {
  const lines = text.split(/\r?\n/);
  const args: LocatedArg[] = [];
  lines.forEach((line, i) => {
    const match = new RegExp(`^\\s*${variable}=(?:"([^"]*)"|'([^']*)'|(\\S*))\\s*$`).exec(line);
    if (!match) return;
    const value = match[1] ?? match[2] ?? match[3] ?? '';
    for (const word of value.split(/\s+/).filter(Boolean)) {
      const column = line.indexOf(word) + 1;
      args.push({ text: word, location: { file, startLine: i + 1, startColumn: column, endLine: i + 1, endColumn: column + word.length } });
    }
  });
  return args;
}

interface DistroConfig {
  file: string;
  entries: NonNullable<ReturnType<typeof distroConfigEntries>['value']>;
}

/** `config.yaml`, then the drop-ins of `config.yaml.d` in name order, as k3s and RKE2 read them. */
function distroConfigs(name: 'k3s' | 'rke2', readText: ReadText, host: HostRoot, errors: ScanError[]): DistroConfig[] {
  const base = `/etc/rancher/${name}/config.yaml`;
  const paths = [base, ...host.list(`${base}.d`).filter((f) => /\.ya?ml$/.test(f)).map((f) => `${base}.d/${f}`)];
  const configs: DistroConfig[] = [];
  for (const path of paths) {
    const read = readText(path);
    if (!read) continue;
    const parsed = distroConfigEntries(read.file, read.text);
    errors.push(...parsed.errors);
    if (parsed.value) configs.push({ file: read.file, entries: parsed.value });
  }
  return configs;
}

/** The distribution's own settings: config files merged in order (`key+` appends), then its command line. */
function rancherSettings(configs: DistroConfig[], process: HostProcess | undefined, errors: ScanError[]): Map<string, LocatedArg[]> {
  const merged = new Map<string, LocatedArg[]>();
  for (const config of configs) {
    for (const entry of config.entries) merged.set(entry.key, entry.append ? [...(merged.get(entry.key) ?? []), ...entry.values] : entry.values);
  }
  if (process) {
    const location: Location = { file: `process:${programOf(process.argv)}`, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
    const parsed = parseFlags(process.argv.slice(1), BOOLEAN_FLAGS);
    errors.push(...parsed.errors.map((message) => ({ file: location.file, message })));
    const fromCommandLine = new Map<string, LocatedArg[]>();
    for (const flag of parsed.flags) fromCommandLine.set(flag.name, [...(fromCommandLine.get(flag.name) ?? []), { text: flag.value, location }]);
    // A flag given on the command line replaces the config file's value; list flags (`--kube-apiserver-arg`) accumulate.
    for (const [name, values] of fromCommandLine) merged.set(name, name.endsWith('-arg') ? [...(merged.get(name) ?? []), ...values] : values);
  }
  return merged;
}

function rancherComponent(
  kind: ComponentKind,
  name: 'k3s' | 'rke2',
  data: string,
  distro: Map<string, LocatedArg[]>,
  /** The distribution's process runs `server` (an agent runs only the kubelet). */
  serverRole: boolean,
  host: HostRoot,
  configFile: string,
  errors: ScanError[],
): Component | undefined {
  const flag = (key: string) => distro.get(key)?.at(-1)?.text;
  const isTrue = (key: string) => parseGoBool(flag(key) ?? '') === true;
  const isServer = serverRole || host.stat(`${data}/server`) !== undefined || flag('cluster-init') !== undefined;
  if (kind !== 'kubelet' && !isServer) return undefined;
  const embeddedEtcd = name === 'rke2' || isTrue('cluster-init') || host.stat(`${data}/server/db/etcd`) !== undefined;
  if (kind === 'etcd' && (!embeddedEtcd || isTrue('disable-etcd') || flag('datastore-endpoint'))) return undefined;
  if (kind === 'kube-apiserver' && isTrue('disable-apiserver')) return undefined;
  if (kind === 'kube-scheduler' && isTrue('disable-scheduler')) return undefined;
  if (kind === 'kube-controller-manager' && isTrue('disable-controller-manager')) return undefined;
  const location: Location = { file: configFile, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
  const settings = new Map<string, Setting>();
  for (const [key, value] of rancherDefaults(kind, data, { embeddedEtcd, secretsEncryption: name === 'rke2' || isTrue('secrets-encryption') })) {
    settings.set(key, { name: key, value, location, source: `${name} default` });
  }
  if (kind === 'kubelet' && distro.has('protect-kernel-defaults')) {
    const given = distro.get('protect-kernel-defaults')!.at(-1)!;
    settings.set('protect-kernel-defaults', { name: 'protect-kernel-defaults', value: given.text, location: given.location, source: `${name} config` });
  }
  // `kube-apiserver-arg: [profiling=true]`: each value is a flag without its dashes.
  const args = (distro.get(RANCHER_ARG_KEYS[kind]) ?? []).map((arg) => ({ text: `--${arg.text.replace(/^--?/, '')}`, location: arg.location }));
  errors.push(...applyArgs(settings, args, `${name} ${RANCHER_ARG_KEYS[kind]}`, configFile));
  return { kind, distribution: name, origin: `${name} ${configFile}`, location, settings, ...(kind === 'kubelet' ? { usesConfigFile: false } : {}) };
}

function addPki(dir: string, host: HostRoot, addFile: (role: FileRole, hostPath: string) => void): void {
  let count = 0;
  const visit = (path: string, depth: number) => {
    if (count++ > MAX_PKI_ENTRIES) return;
    const stat = host.stat(path);
    if (!stat) return;
    addFile('pki', path);
    if (stat.type === 'directory' && depth < MAX_PKI_DEPTH) {
      for (const name of host.list(path)) visit(`${path}/${name}`, depth + 1);
    } else if (stat.type === 'file') {
      if (/\.crt$/.test(path)) addFile('pki-certificate', path);
      if (/\.key$/.test(path)) addFile('pki-key', path);
    }
  };
  if (host.stat(dir)) visit(dir, 0);
}

/** The host's `etcd` user and group from its /etc/passwd and /etc/group; the file owner when there is none (kubeadm runs etcd as root). */
function etcdOwner(host: HostRoot, fallback: Owner): Owner {
  const id = (file: string, index: number) => {
    const read = host.readText(file);
    if (!read.ok) return undefined;
    const line = read.text.split('\n').find((l) => l.startsWith('etcd:'));
    const value = Number(line?.split(':')[index]);
    return line && Number.isInteger(value) ? value : undefined;
  };
  const uid = id('/etc/passwd', 2);
  const gid = id('/etc/group', 2);
  return uid !== undefined && gid !== undefined ? { uid, gid, label: 'etcd:etcd' } : fallback;
}
