import { describe, expect, it } from 'vitest';
import { scanSecrets } from '../../search/scan.js';
import { genericSecretAssignment } from './secret-assignment.js';
import { BASE62, randomText } from '../testing/tokens.js';

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
    ['password for a public key', 'PUBLIC_KEY_PASSWORD=Zq8r3TfW1xLm9PvK', 'Zq8r3TfW1xLm9PvK'],
    // Each spelling of the names is a keyword of its own: no other keyword is near these.
    ['dashed private key', 'signing.private-key = Zq8r3TfW1xLm9PvK', 'Zq8r3TfW1xLm9PvK'],
    ['dotted auth key', 'client.auth.key: "k8Hf2Lq9xVb3Nm7W"', 'k8Hf2Lq9xVb3Nm7W'],
    ['value in a string with escaped newlines', 'const env = "DB_PASSWORD=Zq8r3TfW1xLm9PvK\\nPORT=5432";', 'Zq8r3TfW1xLm9PvK\\nPORT=5432'],
  ])('finds a %s assignment', (_kind, text, secret) => {
    expect(secrets(text)).toEqual([secret]);
  });

  // The search reads only `lookBack` characters before a keyword (and back to its line's start when that is near):
  // the properties form's lookbehind and the public-setting check read furthest back, after a long line and far from
  // any other keyword.
  it('reads as far back as it needs after a long line: a properties key of 80 characters, a public qualifier', () => {
    const before = `${'-'.repeat(3000)}\n`;
    expect(secrets(`${before}${'a.'.repeat(40)}password Tr0ub4dor3xQ\nnext 1`)).toEqual(['Tr0ub4dor3xQ']);
    expect(secrets(`${before}${'b'.repeat(300)} publishable_token=Zq8r3TfW1xLm9PvK`)).toEqual([]);
    expect(secrets(`${before}${'b'.repeat(300)} private_token=Zq8r3TfW1xLm9PvK`)).toEqual(['Zq8r3TfW1xLm9PvK']);
  });

  it.each([
    'password: ${DB_PASSWORD}',
    'From a Secret: $RAMPART_DATABASE.',
    'token: ${API_TOKEN}),',
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

describe('generic-secret in each assignment form', () => {
  // Generated per row, so every form is proven with a value nobody wrote by hand.
  const value = (seed: number) => `${randomText(BASE62, 14, seed)}-${randomText(BASE62, 6, seed + 1)}`;
  const forms: [string, (v: string) => string][] = [
    ['Go :=', (v) => `dbPassword := "${v}"`],
    ['Go typed var', (v) => `var apiToken string = "${v}"`],
    ['Go const', (v) => `const authKey = "${v}"`],
    ['TypeScript typed', (v) => `private readonly secret: string = '${v}';`],
    ['Makefile ::=', (v) => `DB_PASSWORD ::= ${v}`],
    ['Makefile :::=', (v) => `DB_PASSWORD :::= ${v}`],
    ['Makefile ?=', (v) => `REGISTRY_TOKEN ?= ${v}`],
    ['Makefile +=', (v) => `HELM_ARGS_PASSWORD += ${v}`],
    ['PHP .=', (v) => `$password .= '${v}';`],
    ['PHP define', (v) => `define('DB_PASSWORD', '${v}');`],
    ['System.setProperty', (v) => `System.setProperty("javax.net.ssl.keyStorePassword", "${v}");`],
    ['os.environ', (v) => `os.environ["SERVICE_TOKEN"] = "${v}"`],
    ['setenv', (v) => `setenv("API_KEY","${v}", 1);`],
    ['config.put', (v) => `config.put("password", "${v}");`],
    ['XML element', (v) => `<password>${v}</password>`],
    ['XML element, value on its own line', (v) => `<db.password>\n    ${v}\n</db.password>`],
    ['XML attribute', (v) => `<datasource user="app" password="${v}"/>`],
    ['.NET appSettings', (v) => `<add key="ApiToken" value="${v}" />`],
    ['YAML literal block', (v) => `password: |\n  ${v}\n`],
    ['YAML folded block', (v) => `client_secret: >-\n    ${v}\n`],
    ['.env with export', (v) => `export GITLAB_TOKEN=${v}`],
    ['.env quoted', (v) => `export DB_PASSWORD="${v}"`],
    ['Terraform', (v) => `  password = "${v}"`],
    ['Terraform heredoc', (v) => `  client_secret = <<-EOT\n    ${v}\n  EOT`],
    ['HCL variable default', (v) => `variable "db_password" {\n  default = "${v}"\n}`],
    ['Java properties =', (v) => `spring.datasource.password=${v}`],
    ['Java properties :', (v) => `spring.datasource.password: ${v}`],
    ['Java properties, space', (v) => `mail.smtp.password ${v}\nmail.smtp.port 587`],
    ['TOML', (v) => `[database]\npassword = "${v}"`],
    ['TOML literal', (v) => `api_key = '${v}'`],
    ['INI', (v) => `[smtp]\npassword : ${v}`],
  ];
  it.each(forms.map(([form, write], i) => ({ form, text: write(value(100 + 2 * i)), secret: value(100 + 2 * i) })))(
    'finds a random value in $form',
    ({ text, secret }) => {
      expect(secrets(text)).toEqual([secret]);
    },
  );

  it('keeps Java properties escapes in the value', () => {
    expect(secrets('db.password=Xk9\\:pQ2\\=zL7wR')).toEqual(['Xk9\\:pQ2\\=zL7wR']);
  });
});

describe('generic-secret stays quiet on', () => {
  it.each([
    // Placeholders and documentation values.
    ['an alphabet run', 'api_key: abc123xyz789'],
    ['words run together', 'SECRET_KEY=RANDOMSTRINGHERE'],
    ['doc words with separators', 'token: "your_api_token_goes_here"'],
    ['an angle-bracket placeholder', 'password = <your-token>'],
    ['a shell variable', 'password: ${DB_PASSWORD}'],
    ['a Helm value', 'password: "{{ .Values.db.password }}"'],
    ['changeme', 'DB_PASSWORD=changeme'],
    ['filler', 'api_key = "xxxxxxxxxxxxxxxx"'],
    // Code expressions.
    ['optional chaining', 'const token = options?.initialAccessToken;'],
    ['a non-null member access', 'token: config.auth!.token!,'],
    ['this.token', 'password = this.password'],
    ['a getter call', 'password = getPassword()'],
    ['process.env', 'const apiKey = process.env.API_KEY'],
    ['an index expression', 'password = config["db_password"]'],
    ['a Ruby instance variable', 'token = @access_token'],
    ['a Rust path call', 'let token = env::var("TOKEN")'],
    ['a function name', 'token: createAccessTokenFromRefresh,'],
    // Environment-variable names and file paths.
    ['an environment-variable name', 'password: PASSWORD_FILE_CONTENTS'],
    ['a _FILE variable name', 'POSTGRES_PASSWORD=POSTGRES_PASSWORD_FILE'],
    ['a relative file path', 'GOOGLE_APPLICATION_CREDENTIALS=.deploystack/creds.json'],
    ['a mounted secret path', 'password: /run/secrets/db'],
    ['a home path', 'credentials = ~/.aws/credentials'],
    ['a Windows path', 'private_key = C:\\keys\\signing.pfx'],
    ['a URL', 'token: https://vault.internal/v1/auth/token'],
    ['a URN', "'Lock-Token': 'urn:uuid:a515cfa4-5da4-42e1-b5b5-00a0451e6bf7'"],
    ['a home directory', "PWD: '/Users/maciej'"],
    // C declarations, which look like Java properties' `key value` form.
    ['a C pointer parameter', '    Token *pIdToken,'],
    ['a C double-pointer parameter', '  sqlite3_tokenizer_module const**ppModule'],
    // Values their setting calls public, and anti-forgery tokens made per session.
    ['a public token', 'publicToken = "9Qv3LmZk7TfW1xRp8NbY2cHs4dGj6KuE0aXo"'],
    ['a publishable key', 'PUBLISHABLE_API_KEY: "q8Zr3TfW1xLm9PvKj2Hd"'],
    ['a CSRF token', 'csrf-token=Q2x7Vb9kLm3ZpR8tW1nY4sHd6Jf0GcXe'],
    ['an XSRF token in a header', 'X-XSRF-TOKEN: Q2x7Vb9kLm3ZpR8tW1nY4sHd6Jf0GcXe'],
    ["Rails' anti-forgery token in a form", '<input type="hidden" name="authenticity_token" value="7SWa-Fo1_hsC6oovfBsJFLGPUl2EhkSWPbJhWANwgaJW" />'],
    ['a badge token in an image URL', '[![coverage](https://codecov.io/gh/acme/app/graph/badge.svg?token=Qm7XkV2pLz)](https://codecov.io/gh/acme/app)'],
    // Image names in command lines.
    ['an image flag', 'kubectl run token-checker --image=ghcr.io/acme/token-checker:v1.2.3'],
    ['kubectl set image', 'kubectl set image deploy/token-service token-service=registry.acme.io/platform/token-service:1.4.2'],
    ['an image tag', 'secret-sync ghcr.io/acme/secret-sync:latest'],
    // Dependencies: a package and its version after a name that ends in a keyword.
    ['a Maven coordinate', 'notes = "Maven - io.jsonwebtoken:jjwt-jackson-0.11.2"'],
    ['an npm package at a version', 'tokenizer: "left-pad@1.3.0"'],
    // Elided and masked values in documentation.
    ['a value cut short with an ellipsis', 'export OP_SERVICE_ACCOUNT_TOKEN=ops_eyJzaWduSW5BZGRyZXNzIjoiaHR0cHM6...'],
    ['a value masked with hashes', '"token4": "xoxp-572370529330-573807301142-572331691188-####################"'],
    // Prose, which the properties form (`key value` alone on a line) must not take for a setting.
    ['a sentence starting with the keyword', 'Password must be at least 8 characters.'],
    ['a sentence ending with a long word', 'token documentation'],
    ['an indented sentence', '  secret ingredients: none'],
    // Keywords inside longer words.
    ['a keyword glued inside a camelCase word', 'const detokenIzed = "q8Zr3TfW1xLm9PvK"'],
    ['a keyword starting inside a camelCase word', 'const isNonsecretValue = "q8Zr3TfW1xLm9PvK"'],
  ])('%s', (_, text) => {
    expect(secrets(text)).toEqual([]);
  });
});
