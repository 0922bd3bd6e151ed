import { describe, expect, it } from 'vitest';
import { scanSecrets } from '../../search/scan.js';
import { netrcPassword } from './netrc.js';

const secrets = (text: string) => scanSecrets(text, { detectors: [netrcPassword], maxDecodeDepth: 0 }).map((h) => h.secret);

describe('netrc-password', () => {
  it('finds passwords on one line and across lines', () => {
    expect(secrets('machine github.com login bot password ghx7Yq2LmZ9Tk')).toEqual(['ghx7Yq2LmZ9Tk']);
    expect(secrets('machine api.heroku.com\n  login me@example.org\n  password 01234567-89ab-4cde-f012-3456789abcde\n')).toEqual([
      '01234567-89ab-4cde-f012-3456789abcde',
    ]);
  });

  it('ignores placeholders and prose', () => {
    expect(secrets('machine example.com login user password <password>')).toEqual([]);
    expect(secrets('machine host login me password $NETRC_PASSWORD')).toEqual([]);
    expect(secrets('The state machine resets the password field.')).toEqual([]);
  });
});
