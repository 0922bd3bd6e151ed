import { describe, expect, it } from 'vitest';
import { runRule } from '../../../testing/kubernetes.js';
import { secretInManifest } from './secret-in-manifest.js';

const secret = (body: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: app\n${body}`;
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('k8s/secret-in-manifest', () => {
  it('fires per committed key with its size only', () => {
    const hits = runRule(secretInManifest, secret(`data:\n  password: ${b64('hunter22')}\n  empty: ""\nstringData:\n  token: abcdefghijkl\n`));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['data.password', 'Secret "db" commits data["password"] <redacted, 8 bytes> in the manifest; base64 is an encoding, not encryption'],
      ['stringData.token', 'Secret "db" commits stringData["token"] <redacted, 12 bytes> in the manifest; stringData is plain text'],
    ]);
    for (const hit of hits) expect(hit.message).not.toMatch(/hunter|abcdef|aHVudGVy/);
  });

  it('still reports plain text put under data, without printing it', () => {
    const [hit] = runRule(secretInManifest, secret('data:\n  password: hunter22!\n'));
    expect(hit!.message).toBe(
      'Secret "db" commits data["password"] <redacted, 9 characters, not valid base64> in the manifest; base64 is an encoding, not encryption',
    );
  });

  it('reports the private key of a TLS Secret but not its certificate', () => {
    const cert = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const key = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';
    const hits = runRule(secretInManifest, secret(`type: kubernetes.io/tls\ndata:\n  tls.crt: ${b64(cert)}\n  tls.key: ${b64(key)}\n`));
    expect(hits.map((h) => h.fieldPath)).toEqual(['data["tls.key"]']);
  });

  it('stays quiet for token requests, placeholders, SOPS-encrypted Secrets and other kinds', () => {
    expect(runRule(secretInManifest, secret('type: kubernetes.io/service-account-token\n'))).toEqual([]);
    expect(runRule(secretInManifest, secret(`type: kubernetes.io/service-account-token\ndata:\n  namespace: ${b64('app')}\n`))).toEqual([]);
    expect(runRule(secretInManifest, secret('stringData:\n  password: "${DB_PASSWORD}"\n  token: "<token>"\n'))).toEqual([]);
    expect(runRule(secretInManifest, secret('stringData:\n  password: ENC[AES256_GCM,data:abc,type:str]\nsops:\n  version: 3.8.1\n'))).toEqual([]);
    expect(runRule(secretInManifest, 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: db}\nspec:\n  encryptedData: {password: AgB}\n')).toEqual([]);
  });
});
