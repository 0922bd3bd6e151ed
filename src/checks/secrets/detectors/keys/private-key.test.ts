import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scanSecrets } from '../../search/scan.js';
import { privateKey } from './private-key.js';

const find = (text: string) => scanSecrets(text, { detectors: [privateKey], maxDecodeDepth: 0 });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const dsa = generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 }).privateKey;
const pem = (key: typeof rsa, type: 'pkcs1' | 'pkcs8' | 'sec1') => key.export({ type, format: 'pem' }) as string;

describe('private-key', () => {
  it.each([
    ['PKCS#1 RSA', pem(rsa, 'pkcs1')],
    ['PKCS#8', pem(rsa, 'pkcs8')],
    ['SEC1 EC', pem(ec, 'sec1')],
    ['PKCS#8 DSA', pem(dsa, 'pkcs8')],
  ])('finds a %s key and confirms it parses', (_name, key) => {
    const hits = find(`# deploy key\n${key}`);
    expect(hits.map((h) => [h.confirmedBy, h.line, h.endLine > h.line])).toEqual([['structure', 2, true]]);
  });

  it('finds keys indented in YAML, with CRLF, or as a JSON string with \\n escapes', () => {
    const key = pem(ec, 'sec1');
    const yaml = `stringData:\n  tls.key: |\n${key.split('\n').map((l) => `    ${l}`).join('\n')}`;
    const json = JSON.stringify({ type: 'service_account', private_key: pem(rsa, 'pkcs8') });
    expect(find(yaml)).toHaveLength(1);
    expect(find(key.replace(/\n/g, '\r\n'))).toHaveLength(1);
    expect(find(json)).toHaveLength(1);
  });

  it('rejects truncated, elided and fake bodies, and encrypted keys', () => {
    expect(find('-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----')).toEqual([]);
    expect(find('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----')).toEqual([]);
    expect(find('-----BEGIN EC PRIVATE KEY-----\n<your key here, not a real one ok>\n-----END EC PRIVATE KEY-----')).toEqual([]);
    const encrypted = rsa.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'p' }) as string;
    expect(find(encrypted)).toEqual([]);
    expect(find('-----BEGIN RSA PRIVATE KEY-----\n' + pem(ec, 'sec1'))).toHaveLength(1);
  });

  it('ignores public keys', () => {
    expect(find(ec.export({ type: 'sec1', format: 'der' }).toString('base64'))).toEqual([]);
    expect(find(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }) as string)).toEqual([]);
  });
});
