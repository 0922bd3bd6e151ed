import { generateKeyPairSync } from 'node:crypto';
import { describeDetectors } from '../testing/cases.js';
import { BASE64URL, BASE62, randomText } from '../testing/tokens.js';
import { describe, expect, it } from 'vitest';
import { scanSecrets } from '../../search/index.js';
import { DETECTORS as CATALOGUE } from '../index.js';
import { gcpApiKey, gcpServiceAccountKey, googleBrowserApiKey, googleOauthClientSecret } from './gcp.js';

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
const firebaseKey = `AIza${randomText(BASE64URL, 35, 5)}`;
const androidKey = `AIza${randomText(BASE64URL, 35, 6)}`;
const firebaseConfig = `const firebaseConfig = {\n  apiKey: "${firebaseKey}",\n  authDomain: "demo-app.firebaseapp.com",\n  projectId: "demo-app",\n};`;
const googleServices = JSON.stringify({ client: [{ api_key: [{ current_key: androidKey }] }] }, null, 2);
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
    detector: googleBrowserApiKey,
    found: [
      { text: `<script async src="https://maps.googleapis.com/maps/api/js?key=${apiKey}&callback=initMap"></script>`, secret: apiKey, confirmedBy: 'structure' },
      { text: `<script src="https://maps.googleapis.com/maps/api/js?libraries=places&amp;key=${apiKey}"></script>`, secret: apiKey },
      { text: firebaseConfig, secret: firebaseKey },
      { text: googleServices, secret: androidKey },
      { text: `VITE_FIREBASE_API_KEY=${firebaseKey}\nVITE_FIREBASE_PROJECT_ID=demo-app\n`, secret: firebaseKey },
      { text: `<dict>\n\t<key>API_KEY</key>\n\t<string>${androidKey}</string>\n\t<key>GCM_SENDER_ID</key>`, secret: androidKey },
    ],
    ignored: [
      { why: 'a key in a server-side setting', text: `GEMINI_API_KEY=${apiKey}\nAUTH_DOMAIN=demo-app.firebaseapp.com` },
      { why: 'a Maps web service call (server side)', text: `curl "https://maps.googleapis.com/maps/api/geocode/json?address=x"\nMAPS_KEY=${apiKey}` },
      { why: 'a Firebase project next to a key in another setting', text: `FIREBASE_PROJECT=demo\nTRANSLATE_API_KEY=${apiKey}` },
      { why: 'a firebase config whose apiKey is a placeholder', text: `apiKey: "AIza${'x'.repeat(35)}",\nauthDomain: "a.firebaseapp.com"` },
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

describe('Google API keys within the whole catalogue', () => {
  const ids = (text: string) => scanSecrets(text, { detectors: CATALOGUE }).map((m) => [m.detector.id, m.detector.severity]);
  it('reports a browser key as low and the same format elsewhere as high', () => {
    expect(ids(firebaseConfig)).toEqual([['google-browser-api-key', 'low']]);
    expect(ids(`<script src="https://maps.googleapis.com/maps/api/js?key=${apiKey}"></script>`)).toEqual([['google-browser-api-key', 'low']]);
    expect(ids(`GEMINI_API_KEY=${apiKey}`)).toEqual([['gcp-api-key', 'high']]);
  });
});
