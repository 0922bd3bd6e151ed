import { describe, expect, it } from 'vitest';
import { scanSecrets } from '../../search/scan.js';
import { puttyPrivateKey } from './putty-private-key.js';

const find = (text: string) => scanSecrets(text, { detectors: [puttyPrivateKey], maxDecodeDepth: 0 });
const lines = (count: number, seed: string) => Array.from({ length: count }, (_, i) => Buffer.from(`${seed}${i}`.repeat(12)).toString('base64').slice(0, 64)).join('\n');

function ppk(version: 2 | 3, encryption: string, privateLines = 2, declared = privateLines): string {
  const kdf = version === 3 && encryption !== 'none' ? 'Key-Derivation: Argon2id\nArgon2-Memory: 8192\nArgon2-Passes: 13\nArgon2-Parallelism: 1\nArgon2-Salt: 0123456789abcdef\n' : '';
  return `PuTTY-User-Key-File-${version}: ssh-rsa\nEncryption: ${encryption}\nComment: rsa-key-20240101\nPublic-Lines: 3\n${lines(3, 'pub')}\n${kdf}Private-Lines: ${declared}\n${lines(privateLines, 'priv')}\nPrivate-MAC: ${'ab'.repeat(20)}\n`;
}

describe('putty-private-key', () => {
  it('finds v2 and v3 files, encrypted or not', () => {
    expect(find(ppk(2, 'none')).map((h) => h.confirmedBy)).toEqual(['structure']);
    expect(find(ppk(3, 'aes256-cbc'))).toHaveLength(1);
    expect(find(ppk(2, 'none').replace(/\n/g, '\r\n'))).toHaveLength(1);
  });

  it('rejects files whose line counts do not match and truncated files', () => {
    expect(find(ppk(2, 'none', 2, 3))).toEqual([]);
    expect(find(ppk(2, 'none').split('Private-MAC')[0]!)).toEqual([]);
  });
});
