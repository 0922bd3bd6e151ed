import type { JsonPath } from '../core/fix.js';
import { RULE_SEVERITIES, type Severity } from '../core/severity.js';
import { asRecord } from '../parsers/kubernetes/values.js';
import type { FieldReader } from './validate.js';

/**
 * The `admission:` section of `rampart.yaml`: how `rampart admission` decides, mutates and trusts images. The rules,
 * severities and exemptions themselves are the same top-level settings `rampart scan` uses.
 */
export interface AdmissionConfig {
  /** Per-mode thresholds used when a namespace carries no `rampart.io/<mode>` label. */
  defaults: AdmissionModes;
  /** Requests nobody evaluates (beyond the always-exempt `kube-system` and Rampart's own namespace). */
  exemptions: AdmissionExemptions;
  /** UPDATE requests are judged on every finding of the new object, not only on what the update introduced. */
  enforceExisting: boolean;
  /** Budget for one decision; past it the request is answered by `failurePolicy`. */
  timeoutMs: number;
  /** What the apiserver does when the webhook cannot answer, and what the webhook answers when it runs out of time. */
  failurePolicy: 'Fail' | 'Ignore';
  /** Rule IDs (or peer aliases) whose safe fixes are applied by `/mutate`. Off unless listed. */
  fixes: string[];
  mutations: MutationConfig;
  imageTrust: ImageTrustConfig;
}

/** A threshold per mode: findings at or above it are denied (enforce), returned as warnings (warn), or annotated (audit). */
export interface AdmissionModes {
  enforce: Severity | 'off';
  warn: Severity | 'off';
  audit: Severity | 'off';
}

export interface AdmissionExemptions {
  namespaces: string[];
  usernames: string[];
  groups: string[];
  /** `namespace/name` of service accounts (matched against `system:serviceaccount:<ns>:<name>` usernames). */
  serviceAccounts: string[];
  runtimeClasses: string[];
}

export interface MutationConfig {
  /** Image prefix rewrites, first match wins: `docker.io/library/nginx` to `registry.corp/mirror/nginx`. */
  registryMirrors: Array<{ from: string; to: string }>;
  /** Added to pod specs unless an equal toleration is present. */
  tolerations: Array<Record<string, unknown>>;
  /** Set on pod specs where the key is absent. */
  nodeSelector: Record<string, string>;
  /** Set on the object (and pod templates) where the key is absent. */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Fields set where absent: pod-level and container-level security contexts. */
  securityContext: { pod?: Record<string, unknown>; container?: Record<string, unknown> };
  /** Containers injected into pod specs; idempotent by container name. */
  sidecars: SidecarConfig[];
}

export interface SidecarConfig {
  /** Name of the injected container; a pod already holding a container of this name is left alone. */
  name: string;
  /** The container spec (name is forced to `name`). */
  container: Record<string, unknown>;
  /** Only pods whose namespace or pod labels match all of these get it; everyone when empty. */
  selector: Record<string, string>;
  /** Volumes the container needs, added where no volume of the same name exists. */
  volumes: Array<Record<string, unknown>>;
}

export interface ImageTrustConfig {
  /** Registries (`registry.corp`, `ghcr.io`) images may come from; everything when empty and `repositories` is empty. */
  registries: string[];
  /** Repository prefixes (`ghcr.io/acme/`) images may come from, in addition to whole registries. */
  repositories: string[];
  /** Rewrite tag references to `name@sha256:...` by resolving them through the registry at admission time. */
  pinDigests: boolean;
  signatures: SignatureConfig;
}

export interface SignatureConfig {
  /** `enforce` denies, `warn` warns, `off` skips signature checks. */
  mode: 'enforce' | 'warn' | 'off';
  /** PEM public keys (ECDSA P-256) as written by `cosign generate-key-pair`; a signature by any one of them is enough. */
  keys: string[];
  /** Only images under these prefixes need a signature; all images when empty. */
  repositories: string[];
  /** How long a verification result is reused. */
  cacheTtlMs: number;
  /** When the registry cannot be reached: deny (`Fail`) or let through with a warning (`Ignore`). */
  unreachable: 'Fail' | 'Ignore';
  /** Registries reached over plain HTTP (loopback registries are, like Docker, by default). */
  insecureRegistries: string[];
}

export function defaultAdmissionConfig(): AdmissionConfig {
  return {
    defaults: { enforce: 'high', warn: 'low', audit: 'low' },
    exemptions: { namespaces: [], usernames: [], groups: [], serviceAccounts: [], runtimeClasses: [] },
    enforceExisting: false,
    timeoutMs: 2_000,
    failurePolicy: 'Fail',
    fixes: [],
    mutations: { registryMirrors: [], tolerations: [], nodeSelector: {}, labels: {}, annotations: {}, securityContext: {}, sidecars: [] },
    imageTrust: {
      registries: [],
      repositories: [],
      pinDigests: false,
      signatures: { mode: 'off', keys: [], repositories: [], cacheTtlMs: 5 * 60_000, unreachable: 'Fail', insecureRegistries: [] },
    },
  };
}

const MODE_VALUES = ['off', ...RULE_SEVERITIES] as const;
const MAX_TIMEOUT_MS = 30_000;

/**
 * Reads the `admission:` section; every missing key takes its default. Wrong types and unknown keys are ConfigErrors
 * pointing at their line, as for the rest of `rampart.yaml`.
 */
export function readAdmissionConfig(reader: FieldReader, value: unknown, path: JsonPath = ['admission']): AdmissionConfig {
  const config = defaultAdmissionConfig();
  if (value === undefined || value === null) return config;
  const root = reader.record(value, path, ['defaults', 'exemptions', 'enforceExisting', 'timeoutMs', 'failurePolicy', 'fixes', 'mutations', 'imageTrust']);
  if (root.defaults !== undefined && root.defaults !== null) {
    const defaults = reader.record(root.defaults, [...path, 'defaults'], ['enforce', 'warn', 'audit']);
    for (const mode of ['enforce', 'warn', 'audit'] as const) {
      if (defaults[mode] !== undefined) config.defaults[mode] = readMode(reader, defaults[mode], [...path, 'defaults', mode]);
    }
  }
  if (root.exemptions !== undefined && root.exemptions !== null) {
    const exemptions = reader.record(root.exemptions, [...path, 'exemptions'], ['namespaces', 'usernames', 'groups', 'serviceAccounts', 'runtimeClasses']);
    for (const key of ['namespaces', 'usernames', 'groups', 'runtimeClasses'] as const) {
      config.exemptions[key] = reader.stringList(exemptions[key], [...path, 'exemptions', key]);
    }
    config.exemptions.serviceAccounts = reader.stringList(exemptions.serviceAccounts, [...path, 'exemptions', 'serviceAccounts']).map((account, i) => {
      if (!/^[a-z0-9.-]+\/[a-z0-9.-]+$/.test(account)) reader.fail([...path, 'exemptions', 'serviceAccounts', i], 'a service account is written namespace/name');
      return account;
    });
  }
  if (root.enforceExisting !== undefined) config.enforceExisting = readBoolean(reader, root.enforceExisting, [...path, 'enforceExisting']);
  if (root.timeoutMs !== undefined) config.timeoutMs = readInteger(reader, root.timeoutMs, [...path, 'timeoutMs'], 1, MAX_TIMEOUT_MS);
  if (root.failurePolicy !== undefined) config.failurePolicy = readPolicy(reader, root.failurePolicy, [...path, 'failurePolicy']);
  config.fixes = reader.stringList(root.fixes, [...path, 'fixes']);
  if (root.mutations !== undefined && root.mutations !== null) config.mutations = readMutations(reader, root.mutations, [...path, 'mutations']);
  if (root.imageTrust !== undefined && root.imageTrust !== null) config.imageTrust = readImageTrust(reader, root.imageTrust, [...path, 'imageTrust']);
  return config;
}

function readMutations(reader: FieldReader, value: unknown, path: JsonPath): MutationConfig {
  const config = defaultAdmissionConfig().mutations;
  const record = reader.record(value, path, ['registryMirrors', 'tolerations', 'nodeSelector', 'labels', 'annotations', 'securityContext', 'sidecars']);
  config.registryMirrors = readList(reader, record.registryMirrors, [...path, 'registryMirrors'], (item, at) => {
    const mirror = reader.record(item, at, ['from', 'to']);
    return { from: reader.string(mirror.from, [...at, 'from']), to: reader.string(mirror.to, [...at, 'to']) };
  });
  config.tolerations = readList(reader, record.tolerations, [...path, 'tolerations'], (item, at) => readMapping(reader, item, at));
  config.nodeSelector = readStringMap(reader, record.nodeSelector, [...path, 'nodeSelector']);
  config.labels = readStringMap(reader, record.labels, [...path, 'labels']);
  config.annotations = readStringMap(reader, record.annotations, [...path, 'annotations']);
  if (record.securityContext !== undefined && record.securityContext !== null) {
    const contexts = reader.record(record.securityContext, [...path, 'securityContext'], ['pod', 'container']);
    if (contexts.pod !== undefined) config.securityContext.pod = readMapping(reader, contexts.pod, [...path, 'securityContext', 'pod']);
    if (contexts.container !== undefined) config.securityContext.container = readMapping(reader, contexts.container, [...path, 'securityContext', 'container']);
  }
  const names = new Set<string>();
  config.sidecars = readList(reader, record.sidecars, [...path, 'sidecars'], (item, at) => {
    const sidecar = reader.record(item, at, ['name', 'container', 'selector', 'volumes']);
    const name = reader.string(sidecar.name, [...at, 'name']);
    // Idempotence is by container name: two sidecars of one name would make injection depend on their order.
    if (names.has(name)) reader.fail([...at, 'name'], `sidecar "${name}" is configured twice`);
    names.add(name);
    return {
      name,
      container: readMapping(reader, sidecar.container, [...at, 'container']),
      selector: readStringMap(reader, sidecar.selector, [...at, 'selector']),
      volumes: readList(reader, sidecar.volumes, [...at, 'volumes'], (volume, v) => {
        const mapping = readMapping(reader, volume, v);
        reader.string(mapping.name, [...v, 'name']);
        return mapping;
      }),
    };
  });
  return config;
}

function readImageTrust(reader: FieldReader, value: unknown, path: JsonPath): ImageTrustConfig {
  const config = defaultAdmissionConfig().imageTrust;
  const record = reader.record(value, path, ['registries', 'repositories', 'pinDigests', 'signatures']);
  config.registries = reader.stringList(record.registries, [...path, 'registries']);
  config.repositories = reader.stringList(record.repositories, [...path, 'repositories']);
  if (record.pinDigests !== undefined) config.pinDigests = readBoolean(reader, record.pinDigests, [...path, 'pinDigests']);
  if (record.signatures !== undefined && record.signatures !== null) {
    const at = [...path, 'signatures'];
    const signatures = reader.record(record.signatures, at, ['mode', 'keys', 'repositories', 'cacheTtlMs', 'unreachable', 'insecureRegistries']);
    const { signatures: out } = config;
    if (signatures.mode !== undefined) {
      if (signatures.mode !== 'enforce' && signatures.mode !== 'warn' && signatures.mode !== 'off') reader.fail([...at, 'mode'], '"mode" must be enforce, warn or off');
      out.mode = signatures.mode;
    }
    out.keys = reader.stringList(signatures.keys, [...at, 'keys']).map((key, i) => {
      if (!/-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----/.test(key)) reader.fail([...at, 'keys', i], 'a key is a PEM public key (-----BEGIN PUBLIC KEY-----), as cosign generate-key-pair writes it');
      return key;
    });
    if (out.mode !== 'off' && out.keys.length === 0) reader.fail([...at, 'keys'], `signature mode "${out.mode}" needs at least one public key`);
    out.repositories = reader.stringList(signatures.repositories, [...at, 'repositories']);
    if (signatures.cacheTtlMs !== undefined) out.cacheTtlMs = readInteger(reader, signatures.cacheTtlMs, [...at, 'cacheTtlMs'], 0, 24 * 3_600_000);
    if (signatures.unreachable !== undefined) out.unreachable = readPolicy(reader, signatures.unreachable, [...at, 'unreachable']);
    out.insecureRegistries = reader.stringList(signatures.insecureRegistries, [...at, 'insecureRegistries']);
  }
  return config;
}

function readMode(reader: FieldReader, value: unknown, path: JsonPath): Severity | 'off' {
  const normalized = typeof value === 'string' ? value.toLowerCase() : value;
  if (normalized === false) return 'off';
  if (!(MODE_VALUES as readonly unknown[]).includes(normalized)) reader.fail(path, `"${path.join('.')}" must be one of ${MODE_VALUES.join(', ')}`);
  return normalized as Severity | 'off';
}

function readPolicy(reader: FieldReader, value: unknown, path: JsonPath): 'Fail' | 'Ignore' {
  if (value !== 'Fail' && value !== 'Ignore') reader.fail(path, `"${path.join('.')}" must be Fail or Ignore`);
  return value;
}

function readBoolean(reader: FieldReader, value: unknown, path: JsonPath): boolean {
  if (typeof value !== 'boolean') reader.fail(path, `"${path.join('.')}" must be true or false`);
  return value;
}

function readInteger(reader: FieldReader, value: unknown, path: JsonPath, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) reader.fail(path, `"${path.join('.')}" must be a whole number from ${min} to ${max}`);
  return value;
}

function readMapping(reader: FieldReader, value: unknown, path: JsonPath): Record<string, unknown> {
  const record = asRecord(value);
  if (!record) reader.fail(path, `"${path.join('.')}" must be a mapping`);
  return record;
}

function readStringMap(reader: FieldReader, value: unknown, path: JsonPath): Record<string, string> {
  if (value === undefined || value === null) return {};
  const record = readMapping(reader, value, path);
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(record)) {
    if (typeof item !== 'string') reader.fail([...path, key], `"${[...path, key].join('.')}" must be a string (quote numbers and booleans)`);
    out[key] = item;
  }
  return out;
}

function readList<T>(reader: FieldReader, value: unknown, path: JsonPath, item: (value: unknown, path: JsonPath) => T): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) reader.fail(path, `"${path.join('.')}" must be a list`);
  return value.map((entry, i) => item(entry, [...path, i]));
}
