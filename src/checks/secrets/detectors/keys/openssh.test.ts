import { describe, expect, it } from 'vitest';
import { scanSecrets } from '../../search/scan.js';
import { opensshCipher, opensshPrivateKey } from './openssh.js';
import { opensshKey } from './testing/openssh-key.js';

const find = (text: string) => scanSecrets(text, { detectors: [opensshPrivateKey], maxDecodeDepth: 0 });

describe('openssh-private-key', () => {
  it('finds an unencrypted openssh-key-v1 block, also inside a JSON string', () => {
    expect(find(`id_ed25519:\n${opensshKey('none')}`).map((h) => [h.confirmedBy, h.line])).toEqual([['structure', 2]]);
    expect(find(JSON.stringify({ key: opensshKey('none') }))).toHaveLength(1);
  });

  it('rejects encrypted keys, wrong magic and garbage', () => {
    expect(find(opensshKey('aes256-ctr'))).toEqual([]);
    const wrongMagic = Buffer.from('openssh-key-v2\0\0\0\0\x04none and some more padding bytes').toString('base64');
    expect(find(`-----BEGIN OPENSSH PRIVATE KEY-----\n${wrongMagic}\n-----END OPENSSH PRIVATE KEY-----`)).toEqual([]);
    expect(find('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA...\n-----END OPENSSH PRIVATE KEY-----')).toEqual([]);
  });

  it('reads the cipher defensively', () => {
    expect(opensshCipher(Buffer.from('openssh-key-v1\0\xff\xff\xff\xffnone', 'latin1').toString('base64'))).toBeUndefined();
    expect(opensshCipher('')).toBeUndefined();
  });
});
