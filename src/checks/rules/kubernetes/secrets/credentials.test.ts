import { describe, expect, it } from 'vitest';
import { credentialsIn, findCredential, isPlaceholder, isTrivialValue, looksLikeCredentialName, urlPassword } from './credentials.js';

describe('looksLikeCredentialName', () => {
  it.each([
    'DB_PASSWORD', 'dbPassword', 'db-passwd', 'SMTP_PASS', 'PASSPHRASE', 'MYSQL_ROOT_PWD', 'clientSecret', 'JWT_SECRET',
    'GITHUB_TOKEN', 'OAuth2Token', 'accessToken', 'API_KEY', 'apiKey', 'apikey', 'AWS_SECRET_ACCESS_KEY', 'PRIVATE_KEY',
    'STRIPE_SECRET_KEY', 'signing_key', 'GOOGLE_CREDENTIALS', 'spring.datasource.password', 'ldapPwd', 'SMTP.Pass', 'masterKey',
  ])('accepts %s', (name) => {
    expect(looksLikeCredentialName(name)).toBe(true);
  });

  it.each([
    'PASSWORD_FILE', 'DB_PASSWORD_PATH', 'TOKEN_URL', 'OAUTH_TOKEN_ENDPOINT', 'AWS_ACCESS_KEY_ID', 'SECRET_NAME', 'TOKEN_TTL',
    'PASSWORD_MIN_LENGTH', 'API_KEY_HEADER', 'MAX_TOKENS', 'TOKENIZER', 'CACHE_KEY', 'SORT_KEY', 'PASS_THROUGH', 'USE_TOKEN',
    'ENABLE_PASSWORD_AUTH', 'PWD', 'SECRETS_BACKEND', 'LOG_LEVEL',
  ])('rejects %s', (name) => {
    expect(looksLikeCredentialName(name)).toBe(false);
  });
});

describe('values', () => {
  it.each(['', 'ab', '${DB_PASSWORD}', '$(DB_PASSWORD)', 'postgres://$(USER):$(PASS)@db', '{{ .Values.password }}', '<password>',
    '********', 'xxxx', 'true', 'Disabled', '8080', '30s', '/run/secrets/db', 'https://auth.example.com/token',
    'arn:aws:secretsmanager:eu-west-1:123:secret:db', 'vault:secret/data/db#password'])('treats %j as trivial', (value) => {
    expect(isTrivialValue(value)).toBe(true);
  });

  it.each(['hunter22', 'pass', 'sk_live_abc123', 'changeme'])('treats %j as a literal', (value) => {
    expect(isTrivialValue(value)).toBe(false);
    expect(isPlaceholder(value)).toBe(false);
  });

  it('finds literal passwords in URLs but not references or password-less URLs', () => {
    expect(urlPassword('postgres://app:s3cr3t@db:5432/app')).toBe('s3cr3t');
    expect(urlPassword('redis://:s3cr3t@cache:6379')).toBe('s3cr3t');
    expect(urlPassword('postgres://app:${DB_PASSWORD}@db/app')).toBeUndefined();
    expect(urlPassword('https://user@example.com')).toBeUndefined();
  });

  it('finds a URL password after megabytes of text that only resemble URLs', () => {
    const noise = 'x'.repeat(1_000_000) + 'a://b'.repeat(100_000);
    expect(urlPassword(`${noise} amqp://guest:guestpw1@mq:5672`)).toBe('guestpw1');
    expect(urlPassword(noise)).toBeUndefined();
  });

  it('classifies a name and value pair', () => {
    expect(findCredential('DB_PASSWORD', 'hunter22')).toEqual({ kind: 'named', length: 8 });
    expect(findCredential('DATABASE_URL', 'mysql://u:pw12@db/x')).toEqual({ kind: 'url-password', length: 4 });
    expect(findCredential('TLS', '-----BEGIN EC PRIVATE KEY-----\nabc')).toEqual({ kind: 'private-key' });
    expect(findCredential('DB_PASSWORD', '${DB_PASSWORD}')).toBeUndefined();
    expect(findCredential('LOG_LEVEL', 'debug')).toBeUndefined();
  });
});

describe('credentialsIn', () => {
  it('numbers the lines of an embedded file, several JSON pairs on one line included', () => {
    const file = '# comment\n\n{"user": "app", "password": "hunter22", "token": "sk_live_abc123"}\nDB_PASSWORD=swordfish\n';
    expect(credentialsIn('config', file).map((h) => [h.setting, h.line, h.finding.kind])).toEqual([
      ['password', 3, 'named'],
      ['token', 3, 'named'],
      ['DB_PASSWORD', 4, 'named'],
    ]);
  });

  it('reads the last line of a file without a final newline', () => {
    expect(credentialsIn('app.properties', 'a=b\nspring.datasource.password=hunter22').map((h) => [h.setting, h.line])).toEqual([['spring.datasource.password', 2]]);
  });

  it('counts the lines it skips: first line, runs of plain lines, CRLF, a URL line, a comment with a name', () => {
    const plain = Array.from({ length: 40 }, (_, i) => `"panel${i}": "rate(http_requests_total[5m])",`).join('\n');
    const file = `API_KEY=k3yM4t3r1al\n${plain}\r\n# password=not-this-one\n\n${plain}\nurl: https://admin:s3cr3tpw@db.example:5432\r\nSECRET_TOKEN=abcdef123\n${plain}`;
    expect(credentialsIn('config', file).map((h) => [h.setting, h.line, h.finding.kind])).toEqual([
      ['API_KEY', 1, 'named'],
      ['url', 84, 'url-password'],
      ['SECRET_TOKEN', 85, 'named'],
    ]);
    expect(credentialsIn('config', `${plain}\n${plain}`)).toEqual([]);
  });
});
