import { describe, expect, it } from 'vitest';
import { crc32Base62, githubStyleChecksum } from '../checksum.js';
import { describeDetectors } from '../testing/cases.js';
import { BASE62, checksummedToken, randomText } from '../testing/tokens.js';
import {
  githubFineGrainedPat,
  githubOauthToken,
  githubPat,
  githubRefreshToken,
  githubServerToServerToken,
  githubUserToServerToken,
} from './github.js';

/** Same random part, wrong checksum: what a typo or a hand-made fake looks like. */
const withBadChecksum = (token: string): string => `${token.slice(0, -6)}${token.slice(-6) === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA'}`;

describe('GitHub token checksum', () => {
  it('accepts a token whose last 6 characters are the base62 CRC32 of the 30 before them', () => {
    const random = randomText(BASE62, 30, 42);
    expect(githubStyleChecksum(`ghp_${random}${crc32Base62(random)}`)).toBe('checksum');
  });
  it('rejects a wrong checksum and a wrong length', () => {
    expect(githubStyleChecksum(withBadChecksum(checksummedToken('ghp_', 1)))).toBe(false);
    expect(githubStyleChecksum('ghp_abc')).toBe(false);
  });
});

const classic = [githubPat, githubOauthToken, githubUserToServerToken, githubServerToServerToken, githubRefreshToken];
const fineGrained = `github_pat_11${randomText(BASE62, 20, 90)}_${randomText(BASE62, 59, 91)}`;
const longer = `github_pat_11${randomText(BASE62, 24, 92)}_${randomText(BASE62, 76, 93)}`;

describeDetectors([
  ...classic.map((detector, i) => {
    const prefix = detector.keywords[0] ?? '';
    const token = checksummedToken(prefix, 10 + i);
    const other = checksummedToken(prefix, 20 + i);
    return {
      detector,
      found: [
        { text: `export GITHUB_TOKEN=${token}\n`, secret: token, confirmedBy: 'checksum' as const },
        { text: `git clone https://x-access-token:${other}@github.com/acme/app.git`, secret: other },
        { text: `{"token": "${token}"}`, secret: token },
      ],
      ignored: [
        { why: 'the documented placeholder', text: `GITHUB_TOKEN=${prefix}${'x'.repeat(36)}` },
        { why: 'a wrong checksum', text: `GITHUB_TOKEN=${withBadChecksum(token)}` },
        { why: 'a 35-character body', text: `GITHUB_TOKEN=${token.slice(0, -1)}` },
      ],
    };
  }),
  {
    detector: githubFineGrainedPat,
    found: [
      { text: `export GH_TOKEN=${fineGrained}`, secret: fineGrained },
      { text: `- uses: actions/checkout@v4\n  with:\n    token: ${fineGrained}\n`, secret: fineGrained },
      { text: `GH_TOKEN="${longer}"`, secret: longer },
    ],
    ignored: [
      { why: 'a placeholder', text: `GH_TOKEN=github_pat_${'x'.repeat(22)}_${'x'.repeat(59)}` },
      { why: 'a truncated token', text: `GH_TOKEN=${fineGrained.slice(0, -5)}` },
      { why: 'a repeated tail', text: `GH_TOKEN=github_pat_11${randomText(BASE62, 20, 94)}_${'Ab'.repeat(30)}` },
    ],
  },
]);
