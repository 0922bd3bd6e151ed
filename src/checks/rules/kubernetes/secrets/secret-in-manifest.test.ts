import { describe, expect, it } from 'vitest';
import { runRule } from '../../../../testing/kubernetes.js';
import { secretConfigInManifest } from './secret-config-in-manifest.js';
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

  it('reports credentials by Secret type, key name, content or randomness, and leaves configuration to the low rule', () => {
    const yaml = secret(
      [
        'type: kubernetes.io/basic-auth',
        'stringData:',
        '  username: admin', // configuration
        '  password: correct-horse', // the type's credential key
        '  config.yaml: |', // a config file setting a credential
        '    url: https://api.example.com',
        '    client_secret: s3cr3t-value-here',
        '  settings.yaml: |', // a config file with nothing sensitive
        '    logLevel: info',
        '    replicas: 3',
        '  webhook: 9f8e7d6c5b4a39281706f5e4d3c2b1a0', // a generated token under a neutral name
        '  region: eu-west-1',
        '',
      ].join('\n'),
    );
    expect(runRule(secretInManifest, yaml).map((h) => h.fieldPath)).toEqual(['stringData.password', 'stringData["config.yaml"]', 'stringData.webhook']);
    const config = runRule(secretConfigInManifest, yaml);
    expect(config.map((h) => h.fieldPath)).toEqual(['stringData.username', 'stringData["settings.yaml"]', 'stringData.region']);
    expect(config[0]!.message).toBe('Secret "db" commits stringData["username"] <redacted, 5 bytes> in the manifest; nothing in it reads as a credential, but stringData is plain text');
    const docker = secret(`type: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: ${b64('{"auths":{}}')}\n`);
    expect(runRule(secretInManifest, docker).map((h) => h.fieldPath)).toEqual(['data[".dockerconfigjson"]']);
    expect(runRule(secretConfigInManifest, docker)).toEqual([]);
  });

  it('stays quiet for token requests, placeholders, SOPS-encrypted Secrets and other kinds', () => {
    expect(runRule(secretInManifest, secret('type: kubernetes.io/service-account-token\n'))).toEqual([]);
    expect(runRule(secretInManifest, secret(`type: kubernetes.io/service-account-token\ndata:\n  namespace: ${b64('app')}\n`))).toEqual([]);
    expect(runRule(secretInManifest, secret('stringData:\n  password: "${DB_PASSWORD}"\n  token: "<token>"\n'))).toEqual([]);
    expect(runRule(secretInManifest, secret('stringData:\n  password: ENC[AES256_GCM,data:abc,type:str]\nsops:\n  version: 3.8.1\n'))).toEqual([]);
    expect(runRule(secretConfigInManifest, secret('stringData:\n  user: "${DB_USER}"\nsops:\n  version: 3.8.1\n'))).toEqual([]);
    expect(runRule(secretInManifest, 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: db}\nspec:\n  encryptedData: {password: AgB}\n')).toEqual([]);
  });
});
