import { describeDetectors } from '../testing/cases.js';
import { BASE62, BASE64URL, randomText } from '../testing/tokens.js';
import { vaultBatchToken, vaultLegacyToken, vaultServiceToken } from './vault.js';

const service = `hvs.CAESI${randomText(BASE64URL, 86, 1)}`;
const devRoot = `hvs.${randomText(BASE62, 24, 2)}`;
const batch = `hvb.AAAAAQ${randomText(BASE64URL, 150, 3)}`;
const legacy = `s.${randomText(BASE62, 24, 4)}`;

describeDetectors([
  {
    detector: vaultServiceToken,
    found: [
      { text: `export VAULT_TOKEN=${service}`, secret: service },
      { text: `curl -H "X-Vault-Token: ${devRoot}" http://127.0.0.1:8200/v1/sys/health`, secret: devRoot },
    ],
    ignored: [
      { why: 'a placeholder', text: `VAULT_TOKEN=hvs.${'x'.repeat(30)}` },
      { why: 'a too-short value', text: `VAULT_TOKEN=hvs.${randomText(BASE62, 10, 5)}` },
    ],
  },
  {
    detector: vaultBatchToken,
    found: [
      { text: `VAULT_TOKEN=${batch}`, secret: batch },
      { text: `{"auth": {"client_token": "${batch}"}}`, secret: batch },
    ],
    ignored: [
      { why: 'a too-short value', text: `VAULT_TOKEN=hvb.${randomText(BASE64URL, 80, 6)}` },
      { why: 'a placeholder', text: `VAULT_TOKEN=hvb.${'A'.repeat(150)}` },
    ],
  },
  {
    detector: vaultLegacyToken,
    found: [
      { text: `export VAULT_TOKEN=${legacy}`, secret: legacy },
      { text: `vault:\n  vault_token: "${legacy}"\n`, secret: legacy },
    ],
    ignored: [
      { why: 'an s. value without Vault context', text: `token: ${legacy}` },
      { why: 'letters only', text: 'VAULT_TOKEN=s.OnlyLettersHereNoDigitsAtAl' },
    ],
  },
]);
