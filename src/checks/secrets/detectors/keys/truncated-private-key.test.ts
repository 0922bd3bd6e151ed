import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scanSecrets } from '../../search/scan.js';
import { describeDetectors } from '../testing/cases.js';
import { DETECTORS } from '../index.js';
import { opensshKey } from './testing/openssh-key.js';
import { truncatedPrivateKey } from './truncated-private-key.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const pkcs8 = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }) as string;
/** The BEGIN line and the first `lines` body lines, as a paste or a size limit leaves them. */
const cut = (pem: string, lines: number) => pem.split('\n').slice(0, lines + 1).join('\n');
const bodyOf = (pem: string, lines: number) => pem.split('\n').slice(1, lines + 1).join('\n');
const openssh = opensshKey('none');
const encryptedOpenssh = opensshKey('aes256-ctr');
const publicDer = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

describeDetectors([
  {
    detector: truncatedPrivateKey,
    found: [
      { text: `${cut(rsa, 6)}\n`, secret: `\n${bodyOf(rsa, 6)}\n`, confirmedBy: 'structure' },
      { text: `tls.key: |\n${cut(pkcs8, 3).replace(/^/gm, '  ')}`, secret: `\n${bodyOf(pkcs8, 3).replace(/^/gm, '  ')}` },
      { text: `${cut(ec, 2)}\n[truncated by the log collector]`, secret: `\n${bodyOf(ec, 2)}\n` },
      { text: JSON.stringify({ private_key: cut(pkcs8, 4) }), secret: `\\n${bodyOf(pkcs8, 4).replace(/\n/g, '\\n')}"` },
      { text: `${cut(openssh, 4)}\n`, secret: `\n${bodyOf(openssh, 4)}\n` },
    ],
    ignored: [
      { why: 'a complete key (private-key reports it)', text: rsa },
      { why: 'a key elided with ... before its END line', text: `${cut(rsa, 2)}\n...\n-----END RSA PRIVATE KEY-----\n` },
      { why: 'a documentation stub', text: '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n' },
      { why: 'a public key body under a private key label', text: `-----BEGIN PRIVATE KEY-----\n${publicDer}\n` },
      { why: 'an OpenSSH key cut inside its public part', text: `${cut(openssh, 1)}\n` },
      { why: 'a passphrase-protected OpenSSH key cut short', text: `${cut(encryptedOpenssh, 4)}\n` },
      { why: 'random base64', text: `-----BEGIN PRIVATE KEY-----\n${Buffer.from('x'.repeat(120)).toString('base64')}\n` },
      { why: 'a legacy encrypted key cut short', text: '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,0123\n\n' + bodyOf(rsa, 4) },
    ],
  },
]);

describe('private-key-truncated within the whole catalogue', () => {
  it('leaves whole keys to private-key and reports a cut one once', () => {
    const ids = (text: string) => scanSecrets(text, { detectors: DETECTORS }).map((m) => m.detector.id);
    expect(ids(rsa)).toEqual(['private-key']);
    expect(ids(cut(rsa, 5))).toEqual(['private-key-truncated']);
    expect(ids(openssh)).toEqual(['openssh-private-key']);
    expect(ids(cut(openssh, 4))).toEqual(['private-key-truncated']);
    expect(ids(`${cut(ec, 3)}\n\n${rsa}`)).toEqual(['private-key-truncated', 'private-key']);
  });
});
