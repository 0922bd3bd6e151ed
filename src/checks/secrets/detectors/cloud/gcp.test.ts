import { generateKeyPairSync } from 'node:crypto';
import { describeDetectors } from '../testing/cases.js';
import { BASE64URL, BASE62, randomText } from '../testing/tokens.js';
import { gcpApiKey, gcpServiceAccountKey, googleOauthClientSecret } from './gcp.js';

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const keyFile = (privateKey: string, type = 'service_account'): string =>
  JSON.stringify(
    {
      type,
      project_id: 'demo-project',
      private_key_id: randomText('0123456789abcdef', 40, 1),
      private_key: privateKey,
      client_email: 'ci@demo-project.iam.gserviceaccount.com',
    },
    null,
    2,
  );
const escaped = JSON.stringify(pem).slice(1, -1);
const corrupted = pem.replace(/\n([A-Za-z0-9+/]{10})/, '\nAAAAAAAAAA');
const apiKey = `AIza${randomText(BASE64URL, 35, 2)}`;
const clientSecret = `GOCSPX-${randomText(BASE64URL, 28, 3)}`;

describeDetectors([
  {
    detector: gcpServiceAccountKey,
    found: [
      { text: keyFile(pem), secret: escaped, confirmedBy: 'structure' },
      { text: `apiVersion: v1\nkind: Secret\nstringData:\n  key.json: '${JSON.stringify({ type: 'service_account', private_key: pem })}'\n`, secret: escaped },
    ],
    ignored: [
      { why: 'a key that does not parse', text: keyFile(corrupted) },
      { why: 'another credential type', text: keyFile(pem, 'authorized_user') },
    ],
  },
  {
    detector: gcpApiKey,
    found: [
      { text: `GOOGLE_API_KEY=${apiKey}`, secret: apiKey },
      { text: `<script src="https://maps.googleapis.com/maps/api/js?key=${apiKey}&callback=init"></script>`, secret: apiKey },
    ],
    ignored: [
      { why: 'a placeholder', text: `key: AIza${'x'.repeat(35)}` },
      { why: 'a longer string', text: `key: ${apiKey}${randomText(BASE62, 4, 9)}` },
    ],
  },
  {
    detector: googleOauthClientSecret,
    found: [
      { text: `{"web": {"client_id": "1234.apps.googleusercontent.com", "client_secret": "${clientSecret}"}}`, secret: clientSecret },
      { text: `GOOGLE_CLIENT_SECRET=${clientSecret}\n`, secret: clientSecret },
    ],
    ignored: [
      { why: 'a placeholder', text: 'client_secret: GOCSPX-xxxxxxxxxxxxxxxxxxxxxxxxxxxx' },
      { why: 'a too-short value', text: `client_secret: GOCSPX-${randomText(BASE62, 20, 4)}` },
    ],
  },
]);
