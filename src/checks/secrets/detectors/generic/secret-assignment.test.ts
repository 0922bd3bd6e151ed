import { describe, expect, it } from 'vitest';
import { scanSecrets } from '../../search/scan.js';
import { genericSecretAssignment } from './secret-assignment.js';

const secrets = (text: string) => scanSecrets(text, { detectors: [genericSecretAssignment], maxDecodeDepth: 0 }).map((h) => h.secret);

describe('generic-secret', () => {
  it.each([
    ['YAML', 'database:\n  password: Zq8r3TfW1xLm9PvK\n', 'Zq8r3TfW1xLm9PvK'],
    ['quoted YAML', "  client_secret: 'k8Hf2-Lq9x_Vb3Nm7'", 'k8Hf2-Lq9x_Vb3Nm7'],
    ['JSON', '{"apiKey": "a9F3kL0qZx7VbN2m", "port": 8080}', 'a9F3kL0qZx7VbN2m'],
    ['env', 'DB_PASSWORD=s3cr3t-Pa55w0rd!\n', 's3cr3t-Pa55w0rd!'],
    ['properties', 'spring.datasource.password = Tr0ub4dor&3x', 'Tr0ub4dor&3x'],
    ['code', 'const API_TOKEN = "9f8e7d6c5b4a3f2e1d0c";', '9f8e7d6c5b4a3f2e1d0c'],
    ['Kubernetes env pair', '        - name: REDIS_PASSWORD\n          value: "hX7!pQ2zL9wR"', 'hX7!pQ2zL9wR'],
    ['random letters', 'password: "GFiEgUjwxmGaNQFMVn"', 'GFiEgUjwxmGaNQFMVn'],
    ['value in a string with escaped newlines', 'const env = "DB_PASSWORD=Zq8r3TfW1xLm9PvK\\nPORT=5432";', 'Zq8r3TfW1xLm9PvK\\nPORT=5432'],
  ])('finds a %s assignment', (_kind, text, secret) => {
    expect(secrets(text)).toEqual([secret]);
  });

  it.each([
    'password: ${DB_PASSWORD}',
    'password = get_password()',
    'password = self.config.password',
    'secret: secretName',
    'token: true',
    'secretName: my-app-secret-7f8a9b',
    'password_file: /run/secrets/db-password',
    'token_ttl: 86400000',
    'access_key_id: AKIA0000111122223333',
    'passwordPolicy: strict-enough-for-us',
    'api_key: <your-api-key-here>',
    'password: "changeme123"',
    'password: hunter22',
    'token = os.environ["API_TOKEN"]',
    'secret: DB_PASSWORD_SECRET',
    'password: "{{ .Values.db.password }}"',
    'tokenizer = BertTokenizer.from_pretrained(name)',
    'const sa = `automountServiceAccountToken: false\\nkind: ServiceAccount\\n`;',
  ])('ignores %j', (text) => {
    expect(secrets(text)).toEqual([]);
  });
});

describe('generic-secret on identifiers', () => {
  it('takes kebab- and snake-case words for names, not secrets', async () => {
    const { scanSecrets } = await import('../../search/index.js');
    const { genericSecretAssignment } = await import('./secret-assignment.js');
    const scan = (text: string) => scanSecrets(text, { detectors: [genericSecretAssignment] }).map((m) => m.secret);
    expect(scan('### secret:airtable-token\nsecretRef: db-credentials\nsecret: tls_private_key\nsecret: auth0-client-secret\n  secret:url-credentials: off\n')).toEqual([]);
    expect(scan('secret: kQ9-tr4Zp2-wX8m\npassword: x7k2-p9q4-m3n8\n')).toEqual(['kQ9-tr4Zp2-wX8m', 'x7k2-p9q4-m3n8']);
  });

  it('takes symbol names, comparisons and address-of in code for code, and still reports one-word passwords', async () => {
    const { scanSecrets } = await import('../../search/index.js');
    const { genericSecretAssignment } = await import('./secret-assignment.js');
    const scan = (text: string) => scanSecrets(text, { detectors: [genericSecretAssignment] }).map((m) => m.secret);
    const code = [
      '    "AuthenticationV1TokenRequest": AuthenticationV1TokenRequest,',
      '  assert( (pParse->sNameToken.z==pName2->z && pName2->z!=0)',
      '    Fts3PhraseToken *pToken = &pPhrase->aToken[iToken];',
      '  nextLastSignificantToken = "?NonExpressionParenEnd";',
      '  const secretKeySelector = v1SecretKeySelector;',
      '    *pnToken = pPhrase->nToken;',
      '  if( nToken>FTS5_MAX_TOKEN_SIZE ) nToken = FTS5_MAX_TOKEN_SIZE;',
      '  nextLastSignificantToken = "?InterpolationInJSX";',
      '  const exclamationToken = !questionToken && !scanner.hasPrecedingLineBreak();',
      '  "Unexpected_token_1012": "Neočekávaný token",',
      '  "Unexpected_token_1012": "予期しないトークンです。",',
      '    nToken = iEnd-iStart;',
      '    pGlobal->api.xCreateTokenizer_v2 = fts5CreateTokenizer_v2;',
    ].join('\n');
    expect(scan(code)).toEqual([]);
    expect(scan('DB_PASSWORD=Summer2024x!\n')).toEqual(['Summer2024x!']);
  });
});
