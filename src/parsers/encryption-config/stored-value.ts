/**
 * What an etcd value under /registry/ is, read from its first bytes without decrypting anything. The API server
 * writes plaintext as protobuf (`k8s\0` then a runtime.Unknown message) or JSON (custom resources), and encrypted
 * values as `k8s:enc:<provider>:v1:<key name>:` (KMS v2: `k8s:enc:kms:v2:<plugin name>:`) followed by the ciphertext.
 */

export type StoredValue =
  | { state: 'plaintext'; encoding: 'protobuf' | 'json' }
  | { state: 'encrypted'; provider: 'aescbc' | 'aesgcm' | 'secretbox' | 'kms'; version: 'v1' | 'v2'; key: string }
  | { state: 'corrupt'; reason: string };

const ENCRYPTED_PREFIX = 'k8s:enc:';
const PROTOBUF_MAGIC = Buffer.from('k8s\0', 'latin1');
/** Key and plugin names are short; a longer prefix means the value is not what it claims. */
const MAX_PREFIX = 300;
/** The smallest ciphertext each provider writes: IV/nonce plus one block or the authentication tag. */
const MIN_CIPHERTEXT: Record<string, number> = { aescbc: 32, aesgcm: 28, secretbox: 40, kms: 1 };

export function classifyStoredValue(value: Buffer): StoredValue {
  if (value.length === 0) return { state: 'corrupt', reason: 'empty value' };
  if (startsWith(value, PROTOBUF_MAGIC)) {
    // runtime.Unknown starts with field 1 (typeMeta), length-delimited: tag byte 0x0a.
    return value.length > PROTOBUF_MAGIC.length + 1 && value[PROTOBUF_MAGIC.length] === 0x0a
      ? { state: 'plaintext', encoding: 'protobuf' }
      : { state: 'corrupt', reason: 'protobuf value truncated after its magic number' };
  }
  if (value[0] === 0x7b /* { */) return classifyJson(value);
  if (startsWith(value, Buffer.from(ENCRYPTED_PREFIX, 'latin1'))) return classifyEncrypted(value);
  return { state: 'corrupt', reason: 'neither a Kubernetes protobuf or JSON value nor a k8s:enc: prefix' };
}

function classifyJson(value: Buffer): StoredValue {
  try {
    JSON.parse(value.toString('utf8'));
    return { state: 'plaintext', encoding: 'json' };
  } catch {
    return { state: 'corrupt', reason: 'JSON value does not parse (truncated?)' };
  }
}

function classifyEncrypted(value: Buffer): StoredValue {
  // k8s:enc:<provider>:<version>:<name>: ; names cannot contain ':' (the API server validates them).
  const head = value.subarray(0, MAX_PREFIX).toString('latin1');
  const parts = head.split(':');
  const [, , provider, version, key] = parts;
  if (parts.length < 6 || !provider || !version || !key) return { state: 'corrupt', reason: 'k8s:enc: prefix truncated' };
  if (provider !== 'aescbc' && provider !== 'aesgcm' && provider !== 'secretbox' && provider !== 'kms') {
    return { state: 'corrupt', reason: `unknown provider "${printable(provider)}" in the k8s:enc: prefix` };
  }
  if (version !== 'v1' && !(provider === 'kms' && version === 'v2')) return { state: 'corrupt', reason: `unknown ${provider} prefix version "${printable(version)}"` };
  if (!/^[A-Za-z0-9._-]{1,253}$/.test(key)) return { state: 'corrupt', reason: 'malformed key name in the k8s:enc: prefix' };
  const prefixLength = `${ENCRYPTED_PREFIX}${provider}:${version}:${key}:`.length;
  const ciphertext = value.length - prefixLength;
  if (ciphertext < MIN_CIPHERTEXT[provider]!) return { state: 'corrupt', reason: `${provider} ciphertext truncated (${ciphertext} bytes)` };
  if (provider === 'aescbc' && (ciphertext - 16) % 16 !== 0) return { state: 'corrupt', reason: `aescbc ciphertext is not whole blocks (${ciphertext} bytes: truncated?)` };
  return { state: 'encrypted', provider, version, key };
}

function startsWith(value: Buffer, prefix: Buffer): boolean {
  return value.length >= prefix.length && value.subarray(0, prefix.length).equals(prefix);
}

/** Prefix parts come from the store, maybe hostile: shown short and without control characters. */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 40);
}

/** `aescbc:key1`, `kms:v2:vault`: the label verify reports and compares with the configuration's write key. */
export function storedLabel(value: Extract<StoredValue, { state: 'encrypted' }>): string {
  return value.provider === 'kms' ? `kms:${value.version}:${value.key}` : `${value.provider}:${value.key}`;
}
