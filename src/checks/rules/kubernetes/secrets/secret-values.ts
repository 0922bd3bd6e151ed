import type { KubernetesObject } from '../../../../parsers/kubernetes/objects.js';
import { asRecord, asString } from '../../../../parsers/kubernetes/values.js';
import { shannonEntropy } from '../../../secrets/search/entropy.js';
import { decodeSecretData } from '../../../secrets/objects/secret-data.js';
import { credentialsIn, isPlaceholder, looksLikeCredentialName, redacted } from './credentials.js';

/** Only public certificates: `tls.crt`, `ca.crt` and CA bundles are not secret. */
const CERTIFICATES_ONLY = /^(\s*-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----)+\s*$/;

/** Keys the built-in Secret types define as credential material (k8s.io/api core/v1 types.go). */
const CREDENTIAL_KEYS_BY_TYPE: Record<string, readonly string[]> = {
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/basic-auth': ['password'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/tls': ['tls.key'],
  'kubernetes.io/service-account-token': ['token'],
  'bootstrap.kubernetes.io/token': ['token-secret'],
};

export interface CommittedValue {
  path: ['data' | 'stringData', string];
  message: string;
  /** The value reads as a credential; otherwise it is configuration a Secret was chosen to hold. */
  credential: boolean;
}

/**
 * The non-empty values a Secret manifest commits, each judged a credential or not: a key its type
 * defines as one (`.dockerconfigjson`, `tls.key`, basic-auth `password`...), a key named like one
 * (DB_PASSWORD, apiKey), a value holding a private key, a URL password or an embedded config file
 * setting such a key, or a random-looking token. Values are never put in messages, only their size.
 */
export function committedValues(object: KubernetesObject): CommittedValue[] {
  if (object.kind !== 'Secret' || object.raw.sops !== undefined) return [];
  const type = asString(object.raw.type) ?? '';
  const values: CommittedValue[] = [];
  for (const field of ['data', 'stringData'] as const) {
    const entries = asRecord(object.raw[field]);
    if (!entries) continue;
    for (const [key, value] of Object.entries(entries)) {
      if (typeof value !== 'string' || value === '' || value.startsWith('ENC[')) continue;
      if (type === 'kubernetes.io/service-account-token' && key === 'namespace') continue;
      const decoded = field === 'data' ? decodeSecretData(value) : Buffer.from(value, 'utf8');
      const text = decoded === undefined ? value : decoded.toString('utf8');
      if (decoded !== undefined && (decoded.length === 0 || isPlaceholder(text) || CERTIFICATES_ONLY.test(text))) continue;
      const hint = decoded === undefined ? redacted(value.length, 'characters', ', not valid base64') : redacted(decoded.length, 'bytes');
      const credential = (CREDENTIAL_KEYS_BY_TYPE[type] ?? []).includes(key) || looksLikeCredentialName(key) || credentialsIn(key, text).length > 0 || looksRandom(text);
      const how = field === 'data' ? 'base64 is an encoding, not encryption' : 'stringData is plain text';
      values.push({
        path: [field, key],
        credential,
        message: `Secret "${object.name ?? '?'}" commits ${field}["${key}"] ${hint} in the manifest; ${credential ? how : `nothing in it reads as a credential, but ${how}`}`,
      });
    }
  }
  return values;
}

/** A single token that reads as generated: a long hex string, or long mixed letters and digits of high entropy. */
function looksRandom(text: string): boolean {
  const token = text.trim();
  if (/\s/.test(token)) return false;
  if (/^[0-9a-f]{32,}$/i.test(token)) return true;
  return token.length >= 20 && /\d/.test(token) && /[A-Za-z]/.test(token) && shannonEntropy(token) >= 4;
}
