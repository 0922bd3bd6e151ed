import { describe, expect, it } from 'vitest';
import { isPlaceholder } from './placeholders.js';

describe('isPlaceholder', () => {
  it.each([
    'xxxxxxxxxxxx', 'aaaaaaaa', '00000000', 'abababab', 'changeme', 'CHANGE_ME_PLEASE', 'password', 'Password123', 'mysecret',
    'example-token', '<your-token>', '<token>', '${DB_PASSWORD}', '${{ secrets.TOKEN }}', '$(cat /run/secret)', '$DB_PASS',
    '{{ .Values.password }}', '{{password}}', '%s', 'user:%s', '%(password)s', '%API_KEY%', '***', '********', 'REDACTED',
    'dummy-key-123', 'test', 'test1234', 'sample_api_key', 'foobar', 'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'ghp_16C7e42F292c6912E7710c838347Ae178B4a', '__TOKEN__', '@DB_PASSWORD@', '#{db.password}', '', '   ',
  ])('rejects %j', (value) => expect(isPlaceholder(value)).toBe(true));

  it.each(['Zq8r3TfW1xLm9PvK', 'hunter2!Xq', 'ghp_R4nd0mT0k3nV4lu3Qw3rtyZx9Lp2Mn8Kj5Hg', 'tr0ub4dor&3', 'latest-contest-9f8e7d'])(
    'keeps %j',
    (value) => expect(isPlaceholder(value)).toBe(false),
  );
});
