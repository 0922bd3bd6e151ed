import { describeDetectors } from '../testing/cases.js';
import { HEX, randomText } from '../testing/tokens.js';
import { digitaloceanOauthToken, digitaloceanPat, digitaloceanRefreshToken } from './digitalocean.js';

const token = (prefix: string, seed: number): string => `${prefix}${randomText(HEX, 64, seed)}`;
const pat = token('dop_v1_', 1);
const oauth = token('doo_v1_', 2);
const refresh = token('dor_v1_', 3);

describeDetectors([
  {
    detector: digitaloceanPat,
    found: [
      { text: `export DIGITALOCEAN_ACCESS_TOKEN=${pat}`, secret: pat },
      { text: `provider "digitalocean" {\n  token = "${pat}"\n}`, secret: pat },
    ],
    ignored: [
      { why: 'a placeholder', text: `token = "dop_v1_${'0'.repeat(64)}"` },
      { why: 'a too-short token', text: `token = "dop_v1_${randomText(HEX, 60, 4)}"` },
    ],
  },
  {
    detector: digitaloceanOauthToken,
    found: [
      { text: `{"access_token": "${oauth}", "token_type": "bearer"}`, secret: oauth },
      { text: `Authorization: Bearer ${oauth}`, secret: oauth },
    ],
    ignored: [
      { why: 'upper-case hex', text: `token: ${oauth.toUpperCase()}` },
      { why: 'a longer string', text: `token: ${oauth}abc` },
    ],
  },
  {
    detector: digitaloceanRefreshToken,
    found: [
      { text: `{"refresh_token": "${refresh}"}`, secret: refresh },
      { text: `DO_REFRESH_TOKEN=${refresh}\n`, secret: refresh },
    ],
    ignored: [
      { why: 'a placeholder', text: `refresh: dor_v1_${'f'.repeat(64)}` },
      { why: 'non-hex characters', text: `refresh: dor_v1_${randomText('ghijklmnop', 64, 5)}` },
    ],
  },
]);
