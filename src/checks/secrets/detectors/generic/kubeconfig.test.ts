import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scanSecrets } from '../../search/scan.js';
import { DETECTORS } from '../index.js';
import { kubeconfigClientKey, kubeconfigUserToken } from './kubeconfig.js';

const keyPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }) as string;
const keyData = Buffer.from(keyPem).toString('base64');
const certData = Buffer.from('-----BEGIN CERTIFICATE-----\n' + 'MIIB'.repeat(300) + '\n-----END CERTIFICATE-----\n').toString('base64');
const token = 'kX9mQ2vL7pR4sT1wY8zB3nC6dF0gH5jK';

function kubeconfig(user: string): string {
  return `apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://10.0.0.1:6443\n  name: prod\nusers:\n- name: admin\n  user:\n${user}`;
}

describe('kubeconfig-client-key', () => {
  const find = (text: string) => scanSecrets(text, { detectors: [kubeconfigClientKey] }).map((h) => [h.secret, h.confirmedBy]);

  it('finds client-key-data whose base64 is a loadable key', () => {
    expect(find(kubeconfig(`    client-certificate-data: ${certData}\n    client-key-data: ${keyData}\n`))).toEqual([[keyData, 'structure']]);
  });

  it('rejects data that does not decode to a key', () => {
    expect(find(kubeconfig(`    client-key-data: ${certData}\n`))).toEqual([]);
    expect(find(kubeconfig(`    client-key-data: ${'A'.repeat(100)}\n`))).toEqual([]);
  });

  it('is reported once with every detector registered, not again as a base64-encoded key', () => {
    const hits = scanSecrets(kubeconfig(`    client-key-data: ${keyData}\n`), { detectors: DETECTORS });
    expect(hits.map((h) => [h.detector.id, h.encodings])).toEqual([['kubeconfig-client-key', []]]);
  });
});

describe('kubeconfig-user-token', () => {
  const secrets = (text: string) => scanSecrets(text, { detectors: [kubeconfigUserToken] }).map((h) => h.secret);

  it('finds a token under user:, after a long certificate line', () => {
    expect(secrets(kubeconfig(`    client-certificate-data: ${certData}\n    token: ${token}\n`))).toEqual([token]);
    expect(secrets(kubeconfig(`    token: "${token}"\n`))).toEqual([token]);
  });

  it('ignores tokens outside a user entry and placeholders', () => {
    expect(secrets(`spec:\n  auth:\n    token: ${token}\n`)).toEqual([]);
    expect(secrets(kubeconfig('    token: ${KUBE_TOKEN_PLACEHOLDER_VALUE}\n'))).toEqual([]);
    expect(secrets(kubeconfig('    token: aaaaaaaaaaaaaaaaaaaaaaaaaaaa\n'))).toEqual([]);
  });
});
