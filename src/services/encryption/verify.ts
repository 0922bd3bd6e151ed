import { writeProviderFor, providerLabel, type EncryptionConfig } from '../../parsers/encryption-config/config.js';
import { classifyStoredValue, storedLabel } from '../../parsers/encryption-config/stored-value.js';
import type { EtcdStore } from '../../sources/etcd/store.js';

/** One object as etcd holds it; never its value. */
export interface ObjectStatus {
  /** The etcd key, e.g. /registry/secrets/prod/db-password. */
  key: string;
  resource: string;
  state: 'plaintext' | 'encrypted' | 'corrupt';
  /** `aescbc:key1`, `kms:v2:vault`: provider and key that encrypted it. */
  encryptedWith?: string;
  /** Compared with the configuration's write key for the resource; absent without a configuration. */
  current?: boolean;
  /** Why a corrupt value could not be classified. */
  error?: string;
}

export interface VerifyTotals {
  objects: number;
  plaintext: number;
  encrypted: number;
  /** Encrypted with a key other than the current write key (or plaintext while the write provider encrypts). */
  stale: number;
  corrupt: number;
  /** Objects per `provider:key` label, `identity` for plaintext. */
  byKey: Record<string, number>;
}

export interface VerifyResult {
  source: string;
  /** The write key per resource read, from the configuration. */
  writeKeys: Record<string, string>;
  totals: VerifyTotals;
  objects: ObjectStatus[];
}

export interface VerifyOptions {
  config?: EncryptionConfig;
  /** Resources to read; default: secrets and every resource the configuration names (wildcards aside). */
  resources?: string[];
}

/** Groups whose objects etcd keeps at /registry/<resource>/ like the core group's (everything Kubernetes serves itself). */
const BUILT_IN_GROUP = /^(apps|batch|policy|autoscaling|extensions|[a-z0-9-]+\.k8s\.io|k8s\.io)$/;

/** Where the API server stores a resource: `secrets` -> /registry/secrets/, `widgets.example.com` -> /registry/example.com/widgets/. */
export function etcdPrefix(resource: string): string {
  const dot = resource.indexOf('.');
  if (dot < 0) return `/registry/${resource}/`;
  const name = resource.slice(0, dot);
  const group = resource.slice(dot + 1);
  return group === '' || BUILT_IN_GROUP.test(group) ? `/registry/${name}/` : `/registry/${group}/${name}/`;
}

export function resourcesToVerify(options: VerifyOptions): string[] {
  if (options.resources && options.resources.length > 0) return [...new Set(options.resources)];
  const named = (options.config?.groups ?? []).flatMap((g) => g.resources).filter((r) => !r.includes('*'));
  return [...new Set(['secrets', ...named])];
}

export async function verifyStore(store: EtcdStore, options: VerifyOptions = {}): Promise<VerifyResult> {
  const totals: VerifyTotals = { objects: 0, plaintext: 0, encrypted: 0, stale: 0, corrupt: 0, byKey: {} };
  const objects: ObjectStatus[] = [];
  const writeKeys: Record<string, string> = {};
  for (const resource of resourcesToVerify(options)) {
    const writer = options.config ? writeProviderFor(options.config, resource) : undefined;
    const writeLabel = options.config ? (writer ? providerLabel(writer) : 'identity') : undefined;
    if (writeLabel) writeKeys[resource] = writeLabel;
    for await (const page of store.entries(etcdPrefix(resource))) {
      for (const { key, value } of page) {
        const status = statusOf(key, resource, value, writeLabel);
        totals.objects++;
        if (status.state === 'corrupt') totals.corrupt++;
        else {
          const label = status.encryptedWith ?? 'identity';
          totals.byKey[label] = (totals.byKey[label] ?? 0) + 1;
          if (status.state === 'plaintext') totals.plaintext++;
          else totals.encrypted++;
          if (status.state === 'encrypted' && status.current === false) totals.stale++;
        }
        objects.push(status);
      }
    }
  }
  return { source: store.description, writeKeys, totals, objects };
}

function statusOf(key: string, resource: string, value: Buffer, writeLabel: string | undefined): ObjectStatus {
  const stored = classifyStoredValue(value);
  if (stored.state === 'corrupt') return { key, resource, state: 'corrupt', error: stored.reason };
  const label = stored.state === 'encrypted' ? storedLabel(stored) : 'identity';
  return {
    key,
    resource,
    state: stored.state,
    ...(stored.state === 'encrypted' ? { encryptedWith: label } : {}),
    ...(writeLabel !== undefined ? { current: label === writeLabel } : {}),
  };
}

/** The gate: plaintext or stale objects fail it; so does anything unreadable (reported separately, exit 3). */
export function verifyPassed(result: VerifyResult): boolean {
  return result.totals.plaintext === 0 && result.totals.stale === 0;
}
