import { describe, expect, it } from 'vitest';
import { BASE62, HEX, randomText } from '../detectors/testing/tokens.js';
import { isPlaceholder } from './placeholders.js';

describe('isPlaceholder', () => {
  it.each([
    'xxxxxxxxxxxx', 'aaaaaaaa', '00000000', 'abababab', 'changeme', 'CHANGE_ME_PLEASE', 'password', 'Password123', 'mysecret',
    'example-token', '<your-token>', '<token>', '${DB_PASSWORD}', '${{ secrets.TOKEN }}', '$(cat /run/secret)', '$DB_PASS',
    '{{ .Values.password }}', '{{password}}', '%s', 'user:%s', '%(password)s', '%API_KEY%', '***', '********', 'REDACTED',
    'dummy-key-123', 'test', 'test1234', 'sample_api_key', 'foobar', 'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'ghp_16C7e42F292c6912E7710c838347Ae178B4a', '__TOKEN__', '@DB_PASSWORD@', '#{db.password}', '', '   ',
  ])('rejects %j', (value) => expect(isPlaceholder(value)).toBe(true));

  it.each([
    ['an alphabet and digit run', 'abc123xyz'],
    ['an alphabet and digit run, longer', 'abc123xyz789def456'],
    ['runs in blocks', 'abcd1234efgh5678'],
    ['a hex run', '0123456789abcdef0123456789abcdef'],
    ['a descending run', 'zyxw9876'],
    ['a run behind a vendor prefix', 'sk-abcdefghijklmnop1234567890'],
    ['words run together', 'RANDOMSTRINGHERE'],
    ['words with separators', 'your_api_key_goes_here'],
    ['words in kebab case with digits', 'insert-token-here-123'],
    ['words in camel case', 'MySuperSecretAccessToken'],
    ['a greeting', 'hello-world'],
    ['a documentation URL password', 'pass'],
    ['another documentation URL password', 'xyz'],
    ["a vendor's documented example", '123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11'],
    ['a value elided in documentation', 'ops_eyJzaWduSW5BZGRyZXNzIjoiaHR0cHM6...'],
    ['a value elided in the middle', 'sk-proj-abc\u2026xyz9'],
    ['a value masked with hashes', 'xoxp-572370529330-573807301142-572331691188-####################'],
  ])('rejects %s: %j', (_, value) => expect(isPlaceholder(value)).toBe(true));

  it.each(['Zq8r3TfW1xLm9PvK', 'hunter2!Xq', 'ghp_R4nd0mT0k3nV4lu3Qw3rtyZx9Lp2Mn8Kj5Hg', 'tr0ub4dor&3', 'latest-contest-9f8e7d', 'correcthorsebatterystaple', 'production'])(
    'keeps %j',
    (value) => expect(isPlaceholder(value)).toBe(false),
  );

  it('keeps random keys, however many', () => {
    const random = [
      ...Array.from({ length: 500 }, (_, seed) => randomText(HEX, 32, seed)),
      ...Array.from({ length: 500 }, (_, seed) => randomText(BASE62, 40, 1000 + seed)),
      ...Array.from({ length: 500 }, (_, seed) => randomText(BASE62, 12, 2000 + seed)),
    ];
    expect(random.filter(isPlaceholder)).toEqual([]);
  });
});
