import type { JsonPath } from '../../core/fix.js';
import { asArray, asRecord, asString } from '../kubernetes/values.js';

/**
 * The kube-apiserver's EncryptionConfiguration (`apiserver.config.k8s.io/v1`, and the legacy `EncryptionConfig` of
 * `v1` before 1.13), read as the API server reads it: each resource group lists providers in order, the first one
 * encrypts every write, all of them are tried on read. Field paths are kept so every problem has its line.
 */

export const ENCRYPTION_API_VERSION = 'apiserver.config.k8s.io/v1';
export const ENCRYPTION_KINDS = ['EncryptionConfiguration', 'EncryptionConfig'] as const;

/** Providers with keys in the file: `secret` is base64 of the raw key. */
export const KEYED_PROVIDERS = ['aescbc', 'aesgcm', 'secretbox'] as const;
export type KeyedProviderType = (typeof KEYED_PROVIDERS)[number];
export type ProviderType = KeyedProviderType | 'identity' | 'kms';

/** Key sizes the API server accepts (bytes of the decoded `secret`). */
export const KEY_LENGTHS: Record<KeyedProviderType, readonly number[]> = { aescbc: [16, 24, 32], aesgcm: [16, 24, 32], secretbox: [32] };

export interface EncryptionKey {
  name: string;
  /** Decoded key bytes; undefined when `secret` is not valid base64. Never printed. */
  secret: Buffer | undefined;
  path: JsonPath;
}

export interface KmsSettings {
  name: string;
  apiVersion: 'v1' | 'v2';
  endpoint?: string;
}

export interface Provider {
  type: ProviderType;
  /** Keys of aescbc, aesgcm and secretbox, in file order; the first one encrypts. */
  keys: EncryptionKey[];
  kms?: KmsSettings;
  path: JsonPath;
}

export interface ResourceGroup {
  resources: string[];
  providers: Provider[];
  path: JsonPath;
}

export interface ConfigProblem {
  path: JsonPath;
  message: string;
}

export interface EncryptionConfig {
  kind: string;
  groups: ResourceGroup[];
  /** Structural problems: what the API server would refuse to start with. */
  problems: ConfigProblem[];
}

export function isEncryptionConfig(raw: { apiVersion?: unknown; kind?: unknown }): boolean {
  return (ENCRYPTION_KINDS as readonly unknown[]).includes(raw.kind) && (raw.apiVersion === ENCRYPTION_API_VERSION || raw.apiVersion === 'v1');
}

const STANDARD_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Standard padded base64 only, as Go's base64.StdEncoding decodes it; anything else is no key. */
export function decodeKey(text: string): Buffer | undefined {
  if (text.length % 4 !== 0 || !STANDARD_BASE64.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}

/** Reads a parsed document; never throws, every deviation is a problem with its field path. */
export function readEncryptionConfig(raw: Record<string, unknown>): EncryptionConfig {
  const problems: ConfigProblem[] = [];
  const groups: ResourceGroup[] = [];
  const resources = raw.resources;
  if (!Array.isArray(resources) || resources.length === 0) problems.push({ path: ['resources'], message: '`resources` must be a non-empty list' });
  asArray(resources).forEach((entry, i) => {
    const group = readGroup(entry, ['resources', i], problems);
    if (group) groups.push(group);
  });
  return { kind: asString(raw.kind) ?? '', groups, problems };
}

function readGroup(entry: unknown, path: JsonPath, problems: ConfigProblem[]): ResourceGroup | undefined {
  const record = asRecord(entry);
  if (!record) {
    problems.push({ path, message: 'a resources entry must be a mapping' });
    return undefined;
  }
  const names = asArray(record.resources);
  const resources = names.filter((n): n is string => typeof n === 'string' && n.length > 0);
  if (names.length === 0 || resources.length !== names.length) problems.push({ path: [...path, 'resources'], message: '`resources` must be a non-empty list of resource names (e.g. secrets, configmaps)' });
  const providerList = asArray(record.providers);
  if (providerList.length === 0) problems.push({ path: [...path, 'providers'], message: '`providers` must be a non-empty list' });
  const providers = providerList.flatMap((p, i) => readProvider(p, [...path, 'providers', i], problems) ?? []);
  return { resources, providers, path };
}

function readProvider(entry: unknown, path: JsonPath, problems: ConfigProblem[]): Provider | undefined {
  const record = asRecord(entry);
  const types = record ? Object.keys(record) : [];
  if (!record || types.length !== 1) {
    problems.push({ path, message: `each provider names exactly one type (aescbc, aesgcm, secretbox, kms, identity), found ${types.length === 0 ? 'none' : types.join(', ')}` });
    return undefined;
  }
  const type = types[0]!;
  const settingsPath = [...path, type];
  const settings = asRecord(record[type]);
  if (type === 'identity') return { type, keys: [], path: settingsPath };
  if (type === 'kms') return readKms(settings, settingsPath, problems);
  if (!(KEYED_PROVIDERS as readonly string[]).includes(type)) {
    problems.push({ path: settingsPath, message: `unknown provider type "${type}" (aescbc, aesgcm, secretbox, kms, identity)` });
    return undefined;
  }
  const keyed = type as KeyedProviderType;
  const keyList = asArray(settings?.keys);
  if (keyList.length === 0) problems.push({ path: [...settingsPath, 'keys'], message: `${keyed} needs at least one key` });
  const keys: EncryptionKey[] = [];
  const seen = new Set<string>();
  keyList.forEach((k, i) => {
    const keyPath = [...settingsPath, 'keys', i];
    const key = asRecord(k);
    const name = asString(key?.name);
    const secret = asString(key?.secret);
    if (!name) problems.push({ path: keyPath, message: 'a key needs a `name`' });
    else if (seen.has(name)) problems.push({ path: [...keyPath, 'name'], message: `duplicate key name "${name}" in ${keyed}: the prefix stored in etcd names the key, so names must be unique` });
    if (name) seen.add(name);
    const bytes = secret === undefined ? undefined : decodeKey(secret);
    if (secret === undefined) problems.push({ path: keyPath, message: `key "${name ?? i}" needs a \`secret\`` });
    else if (!bytes) problems.push({ path: [...keyPath, 'secret'], message: `key "${name ?? i}": secret is not standard padded base64` });
    else if (!KEY_LENGTHS[keyed].includes(bytes.length)) {
      problems.push({ path: [...keyPath, 'secret'], message: `key "${name ?? i}" is ${bytes.length} bytes; ${keyed} takes ${KEY_LENGTHS[keyed].join(', ')}-byte keys` });
    }
    if (name) keys.push({ name, secret: bytes, path: keyPath });
  });
  return { type: keyed, keys, path: settingsPath };
}

function readKms(settings: Record<string, unknown> | undefined, path: JsonPath, problems: ConfigProblem[]): Provider {
  const name = asString(settings?.name);
  const apiVersion = settings?.apiVersion === undefined ? 'v1' : settings.apiVersion;
  const endpoint = asString(settings?.endpoint);
  if (!name) problems.push({ path, message: 'kms needs a `name`' });
  if (!endpoint) problems.push({ path, message: 'kms needs an `endpoint` (e.g. unix:///var/run/kms.sock)' });
  if (apiVersion !== 'v1' && apiVersion !== 'v2') problems.push({ path: [...path, 'apiVersion'], message: `kms apiVersion must be v1 or v2, not ${JSON.stringify(apiVersion)}` });
  return { type: 'kms', keys: [], kms: { name: name ?? '', apiVersion: apiVersion === 'v2' ? 'v2' : 'v1', ...(endpoint ? { endpoint } : {}) }, path };
}

/** Whether a group's resource list covers `resource` (`secrets`, or `configmaps`...) of the core group. */
export function coversResource(group: ResourceGroup, resource: string): boolean {
  return group.resources.some((r) => r === resource || r === `${resource}.` || r === '*.' || r === '*.*');
}

/** The provider that encrypts writes of `resource`: the first provider of the first group that covers it. */
export function writeProviderFor(config: EncryptionConfig, resource: string): Provider | undefined {
  return config.groups.find((g) => coversResource(g, resource))?.providers[0];
}

/** How etcd prefixes a value written by a provider with a key: `k8s:enc:aescbc:v1:key1:`; kms v2: `k8s:enc:kms:v2:name:`. */
export function providerLabel(provider: Provider): string {
  if (provider.type === 'identity') return 'identity';
  if (provider.type === 'kms') return `kms:${provider.kms?.apiVersion ?? 'v1'}:${provider.kms?.name ?? ''}`;
  return `${provider.type}:${provider.keys[0]?.name ?? ''}`;
}
