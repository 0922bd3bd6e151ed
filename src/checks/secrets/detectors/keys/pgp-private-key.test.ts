import { describe, expect, it } from 'vitest';
import { scanSecrets } from '../../search/scan.js';
import { pgpPrivateKey } from './pgp-private-key.js';

const find = (text: string) => scanSecrets(text, { detectors: [pgpPrivateKey], maxDecodeDepth: 0 });

/** An armored block whose first packet has the given header byte; the packet body is filler. */
function armored(firstByte: number, headers = 'Comment: GPGTools - https://gpgtools.org\n'): string {
  const packet = Buffer.concat([Buffer.from([firstByte, 120]), Buffer.alloc(120, 0x42)]);
  const body = packet.toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN PGP PRIVATE KEY BLOCK-----\n${headers}\n${body}\n=nE3X\n-----END PGP PRIVATE KEY BLOCK-----\n`;
}

describe('pgp-private-key', () => {
  it('finds blocks starting with a Secret-Key packet, old and new header formats', () => {
    expect(find(armored(0xc5)).map((h) => h.confirmedBy)).toEqual(['structure']);
    expect(find(armored(0x95, ''))).toHaveLength(1);
  });

  it('rejects public-key packets and non-base64 bodies', () => {
    expect(find(armored(0xc6))).toEqual([]);
    expect(find('-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n... paste your key here ...\n-----END PGP PRIVATE KEY BLOCK-----')).toEqual([]);
  });
});
