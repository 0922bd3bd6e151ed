import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { ENCRYPTION_API_VERSION, KEYED_PROVIDERS, type KeyedProviderType } from '../../parsers/encryption-config/config.js';

export type InitProvider = KeyedProviderType | 'kms';
export const INIT_PROVIDERS: readonly InitProvider[] = [...KEYED_PROVIDERS, 'kms'];

export interface InitOptions {
  provider: InitProvider;
  /** Resources to encrypt, e.g. ['secrets', 'configmaps']. */
  resources: string[];
  keyName: string;
  /** KMS v2 plugin settings; required for the kms provider. */
  kms?: { name: string; endpoint: string; timeout?: string };
}

/** 32 bytes from the CSPRNG, base64 as the configuration stores it: AES-256 for aescbc/aesgcm, secretbox's only size. */
export function newKeySecret(): string {
  return randomBytes(32).toString('base64');
}

/**
 * A new EncryptionConfiguration: the chosen provider first (it encrypts every write), `identity` last so what was
 * stored before encryption was turned on stays readable until it is rewritten.
 */
export function renderInitConfig(options: InitOptions): string {
  const provider = options.provider === 'kms'
    ? { kms: { apiVersion: 'v2', name: options.kms!.name, endpoint: options.kms!.endpoint, timeout: options.kms!.timeout ?? '3s' } }
    : { [options.provider]: { keys: [{ name: options.keyName, secret: newKeySecret() }] } };
  const config = {
    apiVersion: ENCRYPTION_API_VERSION,
    kind: 'EncryptionConfiguration',
    resources: [{ resources: options.resources, providers: [provider, { identity: {} }] }],
  };
  return `# Written by rampart encryption init. Holds encryption keys: keep it 0600, owned by the API server's user.\n${stringify(config)}`;
}
