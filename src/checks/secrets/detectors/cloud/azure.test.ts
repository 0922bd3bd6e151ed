import { randomBytes } from 'node:crypto';
import { describeDetectors } from '../testing/cases.js';
import { BASE62, randomText } from '../testing/tokens.js';
import { azureAdClientSecret, azureSasToken, azureStorageAccountKey } from './azure.js';

const accountKey = randomBytes(64).toString('base64');
const signature = encodeURIComponent(randomBytes(32).toString('base64'));
const sasQuery = `sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2030-01-01T00:00:00Z&spr=https&sig=${signature}`;
const clientSecret = `${randomText(BASE62, 3, 1)}8Q~${randomText(`${BASE62}_~.-`, 34, 2)}`;

describeDetectors([
  {
    detector: azureStorageAccountKey,
    found: [
      {
        text: `"ConnectionStrings": {"Blob": "DefaultEndpointsProtocol=https;AccountName=demo;AccountKey=${accountKey};EndpointSuffix=core.windows.net"}`,
        secret: accountKey,
        confirmedBy: 'structure',
      },
      { text: `export AZURE_STORAGE_KEY="${accountKey}"`, secret: accountKey },
    ],
    ignored: [
      { why: 'a 32-byte value', text: `AccountKey=${randomBytes(32).toString('base64')};` },
      { why: 'a placeholder', text: `AccountKey=${'A'.repeat(86)}==;` },
      { why: 'a bare base64 value without context', text: `key: ${accountKey}` },
    ],
  },
  {
    detector: azureSasToken,
    found: [
      { text: `BLOB_URL=https://demo.blob.core.windows.net/backups?${sasQuery}`, secret: signature, confirmedBy: 'structure' },
      { text: `sas_token: "?${sasQuery}"`, secret: signature },
    ],
    ignored: [
      { why: 'a sig parameter outside a SAS', text: `https://example.com/callback?id=7&sig=${signature}` },
      { why: 'a signature of the wrong size', text: `?sv=2022-11-02&se=2030-01-01&sig=${encodeURIComponent(randomBytes(33).toString('base64'))}` },
    ],
  },
  {
    detector: azureAdClientSecret,
    found: [
      { text: `AZURE_CLIENT_SECRET=${clientSecret}\n`, secret: clientSecret },
      { text: `{"clientSecret": "${clientSecret}"}`, secret: clientSecret },
    ],
    ignored: [
      { why: 'a placeholder', text: 'AZURE_CLIENT_SECRET=abc8Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' },
      { why: 'a too-short value', text: `secret: ${randomText(BASE62, 3, 3)}8Q~${randomText(BASE62, 20, 4)}` },
    ],
  },
]);
