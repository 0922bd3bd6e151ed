import { describeDetectors } from '../testing/cases.js';
import { BASE64URL, HEX, randomText } from '../testing/tokens.js';
import { cloudflareApiToken, cloudflareGlobalApiKey, cloudflareOriginCaKey } from './cloudflare.js';

const apiToken = randomText(BASE64URL, 40, 1);
const globalKey = randomText(HEX, 37, 2);
const originKey = `v1.0-${randomText(HEX, 24, 3)}-${randomText(HEX, 146, 4)}`;

describeDetectors([
  {
    detector: cloudflareApiToken,
    found: [
      { text: `export CLOUDFLARE_API_TOKEN=${apiToken}`, secret: apiToken },
      { text: `dns_cloudflare_api_token = ${apiToken}\n`, secret: apiToken },
      { text: `env:\n  - name: CF_API_TOKEN\n    value: "${apiToken}"\n`, secret: apiToken },
    ],
    ignored: [
      { why: 'a value without context', text: `token: ${apiToken}` },
      { why: 'a placeholder', text: `CLOUDFLARE_API_TOKEN=${'x'.repeat(40)}` },
      { why: 'a zone ID (32 hex)', text: `CLOUDFLARE_ZONE_ID=${randomText(HEX, 32, 5)}` },
    ],
  },
  {
    detector: cloudflareGlobalApiKey,
    found: [
      { text: `export CLOUDFLARE_API_KEY=${globalKey}`, secret: globalKey },
      { text: `curl -H "X-Auth-Key: ${globalKey}" https://api.cloudflare.com/client/v4/zones`, secret: globalKey },
    ],
    ignored: [
      { why: 'a 40-hex value', text: `CLOUDFLARE_API_KEY=${randomText(HEX, 40, 6)}` },
      { why: 'a placeholder', text: `CF_API_KEY=${'0'.repeat(37)}` },
    ],
  },
  {
    detector: cloudflareOriginCaKey,
    found: [
      { text: `CF_ORIGIN_CA_KEY=${originKey}`, secret: originKey },
      { text: `provider "cloudflare" {\n  api_user_service_key = "${originKey}"\n}`, secret: originKey },
    ],
    ignored: [
      { why: 'a truncated key', text: `key: ${originKey.slice(0, 120)}` },
      { why: 'a version string', text: 'image: app:v1.0-abc' },
    ],
  },
]);
