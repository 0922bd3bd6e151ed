import { describe, expect, it } from 'vitest';
import { runRule } from '../../../../testing/kubernetes.js';
import { configMapCredentials } from './configmap-credentials.js';

const configMap = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: app\ndata:\n${data}`;

describe('k8s/configmap-credentials', () => {
  it('fires on credential keys with literal values', () => {
    const hits = runRule(configMapCredentials, configMap('  DB_PASSWORD: hunter22\n  LOG_LEVEL: debug\n  clientSecret: abcdef123\n'));
    expect(hits.map((h) => [h.fieldPath, h.message, h.line])).toEqual([
      ['data.DB_PASSWORD', 'ConfigMap "cfg" data["DB_PASSWORD"] holds a literal value <redacted, 8 characters>', 7],
      ['data.clientSecret', 'ConfigMap "cfg" data["clientSecret"] holds a literal value <redacted, 9 characters>', 9],
    ]);
  });

  it('fires on credentials inside embedded config files, naming the setting and line', () => {
    const hits = runRule(configMapCredentials, configMap(`  application.properties: |
    server.port=8080
    # spring.datasource.password=old
    spring.datasource.password=hunter22
    spring.datasource.url=jdbc:postgresql://db/app
  config.json: |
    {"apiKey": "k-0123456789", "timeout": 30,
     "cache": "redis://:s3cr3t@cache:6379"}
`));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      [
        'data["application.properties"]',
        'ConfigMap "cfg" data["application.properties"] holds spring.datasource.password (line 3): a literal value <redacted, 8 characters>',
      ],
      [
        'data["config.json"]',
        'ConfigMap "cfg" data["config.json"] holds apiKey (line 1): a literal value <redacted, 12 characters>; cache (line 2): a password in a URL <redacted, 6 characters>',
      ],
    ]);
  });

  it('fires once on an embedded private key', () => {
    const hits = runRule(configMapCredentials, configMap('  key.pem: |\n    -----BEGIN PRIVATE KEY-----\n    MIIE\n    -----END PRIVATE KEY-----\n'));
    expect(hits.map((h) => h.message)).toEqual(['ConfigMap "cfg" data["key.pem"] holds a private key']);
  });

  it('stays quiet for placeholders, metadata keys, references and other kinds', () => {
    expect(runRule(configMapCredentials, configMap(`  DB_PASSWORD_FILE: /run/secrets/db
  TOKEN_URL: https://auth.example.com/token
  SECRET_NAME: db-credentials
  app.env: |
    DB_PASSWORD=\${DB_PASSWORD}
    API_TOKEN=
    password: {{ .Values.password }}
`))).toEqual([]);
    expect(runRule(configMapCredentials, 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {DB_PASSWORD: hunter22}\n')).toEqual([]);
  });
});
