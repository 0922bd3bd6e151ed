import { describe, expect, it } from 'vitest';
import { runRule } from '../../../../testing/kubernetes.js';
import { encryptionAescbcWriteKey } from './aescbc-write-key.js';
import { encryptionAesgcmWriteKey } from './aesgcm-write-key.js';
import { encryptionConfigInvalid } from './config-invalid.js';
import { encryptionConfigPermissions } from './config-permissions.js';
import { encryptionIdentityFirst } from './identity-first.js';
import { encryptionKmsV1 } from './kms-v1.js';
import { encryptionSecretsNotCovered } from './secrets-not-covered.js';

const KEY32 = Buffer.alloc(32, 7).toString('base64');
const KEY16 = Buffer.alloc(16, 7).toString('base64');

const config = (groups: string, kind = 'EncryptionConfiguration', apiVersion = 'apiserver.config.k8s.io/v1') => `apiVersion: ${apiVersion}\nkind: ${kind}\nresources:\n${groups}`;
const group = (resources: string, providers: string) => `  - resources: [${resources}]\n    providers:\n${providers}`;
const keyed = (type: string, keys: string) => `      - ${type}:\n          keys:\n${keys}`;
const key = (name: string, secret = KEY32) => `            - name: ${name}\n              secret: ${secret}\n`;
const identity = '      - identity: {}\n';
const GOOD = config(group('secrets', keyed('secretbox', key('key1')) + identity));

describe('k8s/encryption-config-invalid', () => {
  it('fires on bad key sizes, encodings, duplicate names, unknown providers and missing fields, with their lines', () => {
    const yaml = config(
      group('secrets', keyed('aescbc', key('key1', KEY32) + key('key1', KEY16) + key('short', Buffer.alloc(20).toString('base64')) + key('url', 'ab-_ab-_')) + keyed('secretbox', key('sb', KEY16)) + '      - rot13: {}\n') +
      '  - resources: []\n    providers: []\n' +
      group('configmaps', '      - kms:\n          apiVersion: v3\n'),
    );
    const hits = runRule(encryptionConfigInvalid, yaml);
    expect(hits.map((h) => [h.line, h.message])).toEqual([
      [10, 'duplicate key name "key1" in aescbc: the prefix stored in etcd names the key, so names must be unique'],
      [13, 'key "short" is 20 bytes; aescbc takes 16, 24, 32-byte keys'],
      [15, 'key "url": secret is not standard padded base64'],
      [19, 'key "sb" is 16 bytes; secretbox takes 32-byte keys'],
      [20, 'unknown provider type "rot13" (aescbc, aesgcm, secretbox, kms, identity)'],
      [21, '`resources` must be a non-empty list of resource names (e.g. secrets, configmaps)'],
      [22, '`providers` must be a non-empty list'],
      [25, 'kms needs a `name`'],
      [25, 'kms needs an `endpoint` (e.g. unix:///var/run/kms.sock)'],
      [26, 'kms apiVersion must be v1 or v2, not "v3"'],
    ]);
    expect(hits.map((h) => h.message).join('\n')).not.toContain(KEY16);
  });

  it('fires on a document without resources, and reads the legacy EncryptionConfig kind', () => {
    expect(runRule(encryptionConfigInvalid, 'apiVersion: v1\nkind: EncryptionConfig\nresources: {}\n').map((h) => h.message)).toEqual(['`resources` must be a non-empty list']);
  });

  it('stays quiet on valid configurations, and on other kinds', () => {
    expect(runRule(encryptionConfigInvalid, GOOD)).toEqual([]);
    expect(runRule(encryptionConfigInvalid, config(group('secrets, configmaps', keyed('aesgcm', key('a', KEY16) + key('b')) + '      - kms:\n          apiVersion: v2\n          name: vault\n          endpoint: unix:///kms.sock\n' + identity)))).toEqual([]);
    expect(runRule(encryptionConfigInvalid, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\nresources: 3\n')).toEqual([]);
  });
});

describe('k8s/encryption-identity-first', () => {
  it('fires when identity comes first', () => {
    const hits = runRule(encryptionIdentityFirst, config(group('secrets', identity + keyed('aescbc', key('key1')))));
    expect(hits.map((h) => [h.line, h.message])).toEqual([[6, 'identity is the first provider for secrets: they are written to etcd unencrypted']]);
  });
  it('stays quiet with identity last', () => {
    expect(runRule(encryptionIdentityFirst, GOOD)).toEqual([]);
  });
});

describe('k8s/encryption-secrets-not-covered', () => {
  it('fires when no group names secrets', () => {
    expect(runRule(encryptionSecretsNotCovered, config(group('configmaps', keyed('aescbc', key('key1'))))).map((h) => h.message)).toEqual(['no resource group names secrets (or *.*): Secrets are stored in plaintext']);
  });
  it('stays quiet for secrets and for wildcards', () => {
    expect(runRule(encryptionSecretsNotCovered, GOOD)).toEqual([]);
    expect(runRule(encryptionSecretsNotCovered, config(group("'*.*'", keyed('aescbc', key('key1')))))).toEqual([]);
  });
});

describe('k8s/encryption-aesgcm-write-key', () => {
  it('fires when aesgcm encrypts writes', () => {
    expect(runRule(encryptionAesgcmWriteKey, config(group('secrets', keyed('aesgcm', key('key1')))))).toHaveLength(1);
  });
  it('stays quiet when aesgcm is only there for reading', () => {
    expect(runRule(encryptionAesgcmWriteKey, config(group('secrets', keyed('secretbox', key('key1')) + keyed('aesgcm', key('old')))))).toEqual([]);
  });
});

describe('k8s/encryption-aescbc-write-key', () => {
  it('fires (as guidance) when aescbc encrypts writes', () => {
    expect(runRule(encryptionAescbcWriteKey, config(group('secrets', keyed('aescbc', key('key1')))))).toHaveLength(1);
    expect(encryptionAescbcWriteKey.meta.severity).toBe('info');
  });
  it('stays quiet for secretbox', () => {
    expect(runRule(encryptionAescbcWriteKey, GOOD)).toEqual([]);
  });
});

describe('k8s/encryption-kms-v1', () => {
  const kms = (version: string) => config(group('secrets', `      - kms:\n${version}          name: vault\n          endpoint: unix:///kms.sock\n`));
  it('fires on KMS v1, explicit or by default', () => {
    expect(runRule(encryptionKmsV1, kms('          apiVersion: v1\n')).map((h) => h.message)).toEqual(['kms provider "vault" uses the deprecated KMS v1 API']);
    expect(runRule(encryptionKmsV1, kms(''))).toHaveLength(1);
  });
  it('stays quiet on KMS v2', () => {
    expect(runRule(encryptionKmsV1, kms('          apiVersion: v2\n'))).toEqual([]);
  });
});

describe('k8s/encryption-config-permissions', () => {
  it('fires when the group or others may read the file', () => {
    expect(encryptionConfigPermissions.check(0o100644)).toBe('mode 0644 lets every user read the encryption keys; use 0600');
    expect(encryptionConfigPermissions.check(0o640)).toBe('mode 0640 lets the group read the encryption keys; use 0600');
  });
  it('stays quiet for 0600 and 0400', () => {
    expect(encryptionConfigPermissions.check(0o100600)).toBeUndefined();
    expect(encryptionConfigPermissions.check(0o400)).toBeUndefined();
  });
});
