import { describe, expect, it } from 'vitest';
import { classifyStoredValue, storedLabel } from './stored-value.js';

const bytes = (n: number) => Buffer.alloc(n, 0xab);
const enc = (prefix: string, n: number) => Buffer.concat([Buffer.from(prefix, 'latin1'), bytes(n)]);

describe('classifyStoredValue', () => {
  it('reads plaintext protobuf and JSON', () => {
    expect(classifyStoredValue(Buffer.from('k8s\0\x0a\x04\x0a\x02v1', 'latin1'))).toEqual({ state: 'plaintext', encoding: 'protobuf' });
    expect(classifyStoredValue(Buffer.from('{"kind":"Widget"}'))).toEqual({ state: 'plaintext', encoding: 'json' });
  });

  it('names provider, version and key of encrypted values', () => {
    const cases: Array<[Buffer, string]> = [
      [enc('k8s:enc:aescbc:v1:key1:', 32), 'aescbc:key1'],
      [enc('k8s:enc:aesgcm:v1:gcm-2:', 28), 'aesgcm:gcm-2'],
      [enc('k8s:enc:secretbox:v1:sb.1:', 40), 'secretbox:sb.1'],
      [enc('k8s:enc:kms:v1:vault:', 10), 'kms:v1:vault'],
      [enc('k8s:enc:kms:v2:vault:', 10), 'kms:v2:vault'],
    ];
    for (const [value, label] of cases) {
      const stored = classifyStoredValue(value);
      expect(stored.state).toBe('encrypted');
      if (stored.state === 'encrypted') expect(storedLabel(stored)).toBe(label);
    }
  });

  it('reports truncated and malformed values instead of guessing', () => {
    const reasons = [
      Buffer.alloc(0),
      Buffer.from('k8s\0', 'latin1'),
      Buffer.from('k8s\0\x12zz', 'latin1'),
      Buffer.from('{"kind":"Wid'),
      Buffer.from('k8s:enc:aescbc:v1:key1'),
      enc('k8s:enc:aescbc:v1:key1:', 31),
      enc('k8s:enc:aescbc:v1:key1:', 40),
      enc('k8s:enc:aesgcm:v1:key1:', 27),
      enc('k8s:enc:secretbox:v1:key1:', 39),
      enc('k8s:enc:rot13:v1:key1:', 64),
      enc('k8s:enc:aescbc:v2:key1:', 64),
      enc('k8s:enc:aescbc:v1:k\x1bey:', 64),
      enc('k8s:enc:kms:v2:vault:', 0),
      bytes(64),
    ].map((value) => {
      const stored = classifyStoredValue(value);
      return stored.state === 'corrupt' ? stored.reason : stored.state;
    });
    expect(reasons).toEqual([
      'empty value',
      'protobuf value truncated after its magic number',
      'protobuf value truncated after its magic number',
      'JSON value does not parse (truncated?)',
      'k8s:enc: prefix truncated',
      'aescbc ciphertext truncated (31 bytes)',
      'aescbc ciphertext is not whole blocks (40 bytes: truncated?)',
      'aesgcm ciphertext truncated (27 bytes)',
      'secretbox ciphertext truncated (39 bytes)',
      'unknown provider "rot13" in the k8s:enc: prefix',
      'unknown aescbc prefix version "v2"',
      'malformed key name in the k8s:enc: prefix',
      'kms ciphertext truncated (0 bytes)',
      'neither a Kubernetes protobuf or JSON value nor a k8s:enc: prefix',
    ]);
  });
});
