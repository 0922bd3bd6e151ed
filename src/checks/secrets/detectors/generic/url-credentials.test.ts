import { describe, expect, it } from 'vitest';
import { scanSecrets } from '../../search/scan.js';
import { urlCredentials } from './url-credentials.js';

const secrets = (text: string) => scanSecrets(text, { detectors: [urlCredentials], maxDecodeDepth: 0 }).map((h) => h.secret);

describe('url-credentials', () => {
  // The search reads only `lookBack` characters before `://` (or back to the line's start when that is near), enough
  // for the longest scheme validate reads.
  it('reads the scheme before the URL after a long line', () => {
    const before = `${'-'.repeat(3000)}\n${'x'.repeat(400)} `;
    expect(secrets(`${before}mongodb+srv://admin:kH7mQ2vL9x@cluster0.example.net`)).toEqual(['kH7mQ2vL9x']);
    // A password that is the scheme's name is a default: the whole scheme (20 characters) must be read to see it.
    expect(secrets(`${before}xk9m4p7q1w8e5r3t6y0z://admin:xk9m4p7q1w8e5r3t6y0z@host`)).toEqual([]);
  });

  it.each([
    ['DATABASE_URL=postgres://app:Zq8r3TfW1x@db.internal:5432/app', 'Zq8r3TfW1x'],
    ['url: "postgresql://svc_user:p%40ss-W0rd-9@10.0.0.4/orders"', 'p%40ss-W0rd-9'],
    ['MONGO=mongodb+srv://admin:kH7mQ2vL9x@cluster0.ab1cd.mongodb.net/?retryWrites=true', 'kH7mQ2vL9x'],
    ['redis://:s8Fk2Lq0Zx@cache:6379/0', 's8Fk2Lq0Zx'],
    ['amqp://guest2:b7Hq9Lm3Xz@rabbit/vhost', 'b7Hq9Lm3Xz'],
    ['mysql://root:N0tS0S3cret@[::1]:3306/db', 'N0tS0S3cret'],
    ['git clone https://deploy:ghx7Yq2LmZ9@git.internal/repo.git', 'ghx7Yq2LmZ9'],
  ])('finds the password in %s', (text, secret) => {
    expect(secrets(text)).toEqual([secret]);
  });

  it.each([
    'postgres://user:password@localhost/db',
    'postgres://postgres:postgres@db:5432/app',
    'redis://user:${REDIS_PASSWORD}@cache',
    'mysql://root:<password>@host/db',
    'amqp://user:***@broker',
    'https://user:pass@example.com',
    'https://example.com:8443/path',
    'http://localhost:8080@foo',
    '"postgres://" + user + ":" + password + "@" + host',
    'ftp://anonymous:@ftp.gnu.org',
    '://nouser:Zq8r3TfW1x@host',
  ])('ignores %j', (text) => {
    expect(secrets(text)).toEqual([]);
  });
});
