import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scanSecrets } from '../../search/scan.js';
import { encryptedPrivateKey } from './encrypted-private-key.js';
import { opensshKey } from './testing/openssh-key.js';

const find = (text: string) => scanSecrets(text, { detectors: [encryptedPrivateKey], maxDecodeDepth: 0 });
const { privateKey: key } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

describe('encrypted-private-key', () => {
  it('finds PKCS#8 encrypted, legacy Proc-Type encrypted and passphrase-protected OpenSSH keys', () => {
    const pkcs8 = key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'p' }) as string;
    const legacy = key.export({ type: 'sec1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'p' }) as string;
    expect(find(pkcs8).map((h) => h.confirmedBy)).toEqual(['structure']);
    expect(find(legacy).map((h) => h.confirmedBy)).toEqual(['structure']);
    expect(find(opensshKey('aes256-ctr'))).toHaveLength(1);
    expect(encryptedPrivateKey.severity).toBe('medium');
  });

  it('leaves clear keys to the other detectors and rejects bodies that are not DER', () => {
    expect(find(key.export({ type: 'sec1', format: 'pem' }) as string)).toEqual([]);
    expect(find(opensshKey('none'))).toEqual([]);
    expect(find('-----BEGIN ENCRYPTED PRIVATE KEY-----\nSGVsbG8gd29ybGQsIHRoaXMgaXMgbm90IGEga2V5IGF0IGFsbA==\n-----END ENCRYPTED PRIVATE KEY-----')).toEqual([]);
    expect(find('-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,XYZ\n\nSGVsbG8gd29ybGQsIHRoaXMgaXMgbm90IGEga2V5IGF0IGFsbA==\n-----END RSA PRIVATE KEY-----')).toEqual([]);
  });
});
