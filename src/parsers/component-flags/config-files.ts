import type { Location, ScanError } from '../../core/finding.js';
import { parseYamlFile, type YamlDocument } from '../kubernetes/documents.js';
import { asArray, asRecord, asString, getPath } from '../kubernetes/values.js';
import type { Setting } from './flags.js';

/** A word of a command line and where it is written. */
export interface LocatedArg {
  text: string;
  location: Location;
}

export interface ParsedConfig<T> {
  value?: T;
  errors: ScanError[];
}

/** The one document of a config file; several, none, or a broken one is an error the component would refuse too. */
function singleDocument(file: string, text: string, what: string): ParsedConfig<YamlDocument> {
  const parsed = parseYamlFile(file, text);
  if (parsed.errors.length > 0) return { errors: parsed.errors };
  const documents = parsed.documents.filter((d) => d.value !== null && d.value !== undefined);
  if (documents.length === 0) return { errors: [{ file, message: `${what} is empty` }] };
  return { value: documents[0]!, errors: [] };
}

/**
 * The command line of a static pod's container (`command` then `args`, as the kubelet starts it) with the location of
 * each word. The container is the one named `container`, else the only one.
 */
export function staticPodCommand(file: string, text: string, container: string): ParsedConfig<{ args: LocatedArg[]; document: YamlDocument }> {
  const parsed = singleDocument(file, text, 'static pod manifest');
  if (!parsed.value) return { errors: parsed.errors };
  const document = parsed.value;
  const pod = asRecord(document.value);
  if (pod?.kind !== 'Pod' || typeof pod.apiVersion !== 'string') return { errors: [{ file, line: document.startLine, message: 'not a Pod manifest (kind Pod, apiVersion v1 expected)' }] };
  const containers = asArray(getPath(pod, ['spec', 'containers']));
  const index = containers.length === 1 ? 0 : containers.findIndex((c) => asRecord(c)?.name === container);
  if (index < 0) return { errors: [{ file, line: document.startLine, message: `no container named ${container} in the static pod` }] };
  const args: LocatedArg[] = [];
  for (const field of ['command', 'args'] as const) {
    const values = getPath(pod, ['spec', 'containers', index, field]);
    if (values === undefined || values === null) continue;
    if (!Array.isArray(values)) return { errors: [{ file, line: document.locate(['spec', 'containers', index, field]).location.startLine, message: `${field} must be a list of strings` }] };
    values.forEach((value, i) => {
      const path = ['spec', 'containers', index, field, i];
      args.push({ text: typeof value === 'string' ? value : String(value), location: document.locate(path).location });
    });
  }
  return { value: { args, document }, errors: [] };
}

/** KubeletConfiguration fields that have a command-line flag the checks know by name. */
const KUBELET_FIELDS: Array<[string[], string]> = [
  [['authentication', 'anonymous', 'enabled'], 'anonymous-auth'],
  [['authentication', 'webhook', 'enabled'], 'authentication-token-webhook'],
  [['authentication', 'x509', 'clientCAFile'], 'client-ca-file'],
  [['authorization', 'mode'], 'authorization-mode'],
  [['readOnlyPort'], 'read-only-port'],
  [['streamingConnectionIdleTimeout'], 'streaming-connection-idle-timeout'],
  [['makeIPTablesUtilChains'], 'make-iptables-util-chains'],
  [['eventRecordQPS'], 'event-qps'],
  [['tlsCertFile'], 'tls-cert-file'],
  [['tlsPrivateKeyFile'], 'tls-private-key-file'],
  [['tlsCipherSuites'], 'tls-cipher-suites'],
  [['rotateCertificates'], 'rotate-certificates'],
  [['serverTLSBootstrap'], 'rotate-server-certificates'],
  [['featureGates'], 'feature-gates'],
  [['podPidsLimit'], 'pod-max-pids'],
  [['protectKernelDefaults'], 'protect-kernel-defaults'],
  [['seccompDefault'], 'seccomp-default'],
];

/**
 * A KubeletConfiguration file (`--config`) as settings named like the flags they stand for, each at its field. A file
 * of another kind, or one the kubelet could not decode, is an error: the kubelet refuses to start with it.
 */
export function kubeletConfigSettings(file: string, text: string): ParsedConfig<Setting[]> {
  const parsed = singleDocument(file, text, 'kubelet config file');
  if (!parsed.value) return { errors: parsed.errors };
  const document = parsed.value;
  const config = asRecord(document.value);
  if (config?.kind !== 'KubeletConfiguration' || !/^kubelet\.config\.k8s\.io\/v1(beta1)?$/.test(String(config.apiVersion))) {
    return { errors: [{ file, line: document.startLine, message: 'not a KubeletConfiguration (kind KubeletConfiguration, apiVersion kubelet.config.k8s.io/v1beta1 expected)' }] };
  }
  const settings: Setting[] = [];
  const errors: ScanError[] = [];
  for (const [path, name] of KUBELET_FIELDS) {
    const value = getPath(config, path);
    if (value === undefined || value === null) continue;
    const location = document.locate(path).location;
    const text = configScalar(value);
    if (text === undefined) {
      errors.push({ file, line: location.startLine, message: `${path.join('.')}: unexpected ${Array.isArray(value) ? 'list' : typeof value}` });
      continue;
    }
    settings.push({ name, value: text, location, source: 'kubelet config file' });
  }
  return { value: settings, errors };
}

/** Scalars as the flag would spell them; string lists comma-joined; maps (feature gates) as `k=v,...`. */
function configScalar(value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? value.join(',') : undefined;
  const record = asRecord(value);
  if (record && Object.values(record).every((v) => typeof v === 'boolean' || typeof v === 'string')) {
    return Object.entries(record).map(([k, v]) => `${k}=${String(v)}`).join(',');
  }
  return undefined;
}

/** One key of a k3s or RKE2 config file: its values in order (a list key holds several), with locations. */
export interface DistroConfigEntry {
  key: string;
  values: LocatedArg[];
}

/**
 * A k3s or RKE2 `config.yaml` (or a `config.yaml.d` drop-in): keys are the long flag names, values scalars or lists.
 * `key+:` appends to what earlier files set instead of replacing it, as both distributions merge drop-ins.
 */
export function distroConfigEntries(file: string, text: string): ParsedConfig<Array<DistroConfigEntry & { append: boolean }>> {
  const parsed = parseYamlFile(file, text);
  if (parsed.errors.length > 0) return { errors: parsed.errors };
  const documents = parsed.documents.filter((d) => d.value !== null && d.value !== undefined);
  // An empty config file is valid: every setting keeps its default.
  if (documents.length === 0) return { value: [], errors: [] };
  if (documents.length > 1) return { errors: [{ file, line: documents[1]!.startLine, message: 'config file holds more than one YAML document' }] };
  const document = documents[0]!;
  const config = asRecord(document.value);
  if (!config) return { errors: [{ file, line: document.startLine, message: 'config file must be a mapping of flag names to values' }] };
  const entries: Array<DistroConfigEntry & { append: boolean }> = [];
  const errors: ScanError[] = [];
  for (const [rawKey, value] of Object.entries(config)) {
    const append = rawKey.endsWith('+');
    const key = append ? rawKey.slice(0, -1) : rawKey;
    const items = Array.isArray(value) ? value.map((v, i) => ({ v, path: [rawKey, i] })) : [{ v: value, path: [rawKey] }];
    const values: LocatedArg[] = [];
    for (const { v, path } of items) {
      const location = document.locate(path).location;
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
        errors.push({ file, line: location.startLine, message: `${rawKey}: values must be strings, numbers or booleans` });
        continue;
      }
      values.push({ text: String(v), location });
    }
    entries.push({ key, values, append });
  }
  return { value: entries, errors };
}

/** The kubeadm component sections of a ClusterConfiguration whose `extraArgs` become the static pods' flags. */
export type KubeadmSection = 'apiServer' | 'controllerManager' | 'scheduler' | 'etcd';

export interface KubeadmClusterConfig {
  extraArgs: Record<KubeadmSection, LocatedArg[]>;
  /** Where each section is written (or the document when absent), for findings about flags nobody set. */
  sections: Record<KubeadmSection, Location>;
  etcdDataDir?: LocatedArg;
  /** `etcd.external` is set: kubeadm runs no etcd of its own. */
  externalEtcd: boolean;
}

const SECTION_PATHS: Record<KubeadmSection, string[]> = {
  apiServer: ['apiServer', 'extraArgs'],
  controllerManager: ['controllerManager', 'extraArgs'],
  scheduler: ['scheduler', 'extraArgs'],
  etcd: ['etcd', 'local', 'extraArgs'],
};

/**
 * kubeadm's `ClusterConfiguration` (in a kubeadm config file, beside InitConfiguration and others). `extraArgs` is a
 * map in v1beta3 and a list of `{name, value}` in v1beta4; both become `--name=value` words.
 */
export function kubeadmClusterConfig(file: string, text: string): ParsedConfig<KubeadmClusterConfig> {
  const parsed = parseYamlFile(file, text);
  if (parsed.errors.length > 0) return { errors: parsed.errors };
  const document = parsed.documents.find((d) => asRecord(d.value)?.kind === 'ClusterConfiguration');
  if (!document) return { errors: [{ file, message: 'no ClusterConfiguration document in the kubeadm config file' }] };
  const config = asRecord(document.value)!;
  if (!/^kubeadm\.k8s\.io\/v1beta[34]$/.test(String(config.apiVersion))) {
    return { errors: [{ file, line: document.startLine, message: `unsupported ClusterConfiguration apiVersion ${String(config.apiVersion)} (kubeadm.k8s.io/v1beta3 or v1beta4 expected)` }] };
  }
  const errors: ScanError[] = [];
  const extraArgs = {} as Record<KubeadmSection, LocatedArg[]>;
  const sections = {} as Record<KubeadmSection, Location>;
  for (const [section, path] of Object.entries(SECTION_PATHS) as Array<[KubeadmSection, string[]]>) {
    sections[section] = document.locate(path.slice(0, -1)).location;
    const raw = getPath(config, path);
    const args: LocatedArg[] = [];
    if (Array.isArray(raw)) {
      raw.forEach((item, i) => {
        const record = asRecord(item);
        const name = asString(record?.name);
        const location = document.locate([...path, i]).location;
        if (!name || record?.value === undefined) errors.push({ file, line: location.startLine, message: `${path.join('.')}[${i}] needs a name and a value` });
        else args.push({ text: `--${name}=${String(record.value)}`, location });
      });
    } else if (asRecord(raw)) {
      for (const [name, value] of Object.entries(asRecord(raw)!)) args.push({ text: `--${name}=${String(value)}`, location: document.locate([...path, name]).location });
    } else if (raw !== undefined && raw !== null) {
      errors.push({ file, line: document.locate(path).location.startLine, message: `${path.join('.')} must be a map or a list` });
    }
    extraArgs[section] = args;
  }
  const dataDir = asString(getPath(config, ['etcd', 'local', 'dataDir']));
  return {
    value: {
      extraArgs,
      sections,
      ...(dataDir ? { etcdDataDir: { text: dataDir, location: document.locate(['etcd', 'local', 'dataDir']).location } } : {}),
      externalEtcd: getPath(config, ['etcd', 'external']) !== undefined,
    },
    errors,
  };
}

/** An audit policy file (`--audit-policy-file`): whether it is a Policy with at least one rule. */
export function auditPolicyRuleCount(file: string, text: string): ParsedConfig<number> {
  const parsed = singleDocument(file, text, 'audit policy file');
  if (!parsed.value) return { errors: parsed.errors };
  const policy = asRecord(parsed.value.value);
  if (policy?.kind !== 'Policy' || !/^audit\.k8s\.io\/v1$/.test(String(policy.apiVersion))) {
    return { errors: [{ file, line: parsed.value.startLine, message: 'not an audit Policy (kind Policy, apiVersion audit.k8s.io/v1 expected)' }] };
  }
  return { value: asArray(policy.rules).length, errors: [] };
}
