import { describe, expect, it } from 'vitest';
import { scanSecrets } from '../../search/scan.js';
import { netrcPassword } from './netrc.js';

const secrets = (text: string) => scanSecrets(text, { detectors: [netrcPassword], maxDecodeDepth: 0 }).map((h) => h.secret);

describe('netrc-password', () => {
  it('finds passwords on one line and across lines', () => {
    expect(secrets('machine github.com login bot password ghx7Yq2LmZ9Tk')).toEqual(['ghx7Yq2LmZ9Tk']);
    expect(secrets('machine api.heroku.com\n  login me@example.org\n  password 7c1e9a42-5d3b-4f86-b0e7-29a4c6d81f53\n')).toEqual([
      '7c1e9a42-5d3b-4f86-b0e7-29a4c6d81f53',
    ]);
  });

  it('ignores placeholders and prose', () => {
    expect(secrets('machine example.com login user password <password>')).toEqual([]);
    expect(secrets('machine host login me password $NETRC_PASSWORD')).toEqual([]);
    expect(secrets('The state machine resets the password field.')).toEqual([]);
  });
});
