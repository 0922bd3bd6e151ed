import { parsesAsPrivateKey } from '../checksum.js';
import type { SecretDetector } from '../../types.js';

export const gcpServiceAccountKey: SecretDetector = {
  id: 'gcp-service-account-key',
  title: 'Google Cloud service account key (JSON)',
  severity: 'critical',
  keywords: ['service_account'],
  // The key file lists `type` before `private_key`; the secret is the PEM with its JSON `\n` escapes.
  pattern:
    /"type"\s{0,4}:\s{0,4}"service_account"[^}]{0,600}?"private_key"\s{0,4}:\s{0,4}"(?<secret>-----BEGIN (?:RSA )?PRIVATE KEY-----[A-Za-z0-9+/=\\\s]{100,6000}-----END (?:RSA )?PRIVATE KEY-----(?:\\n)?)"/,
  validate: (secret) => parsesAsPrivateKey(secret),
  maxMatchLength: 7000,
  remediation:
    'Delete the key (IAM & Admin > Service accounts > Keys, or `gcloud iam service-accounts keys delete`), check Cloud Audit Logs for its use, and prefer Workload Identity over exported keys.',
  references: ['https://cloud.google.com/iam/docs/keys-create-delete'],
  aliases: { trufflehog: ['GCP'] },
};

export const gcpApiKey: SecretDetector = {
  id: 'gcp-api-key',
  title: 'Google API key',
  severity: 'high',
  keywords: ['aiza'],
  pattern: /(?<![\w-])(?<secret>AIza[A-Za-z0-9_-]{35})(?![\w-])/,
  minEntropy: 3.5,
  remediation:
    'Delete or regenerate the key (APIs & Services > Credentials) and restrict its replacement to the APIs and referrers/IPs that need it.',
  references: ['https://cloud.google.com/docs/authentication/api-keys'],
  aliases: { gitleaks: ['gcp-api-key'] },
};

/**
 * An `AIza` key where a web page or a Firebase app config hands it to the client: the Maps JavaScript API loader URL,
 * a Firebase web config (`apiKey` beside `authDomain: "….firebaseapp.com"`, or a setting named for Firebase), an
 * Android `google-services.json` (`current_key`) or an iOS `GoogleService-Info.plist` (`API_KEY`). There the key is meant to be read by every visitor, and its protection is the HTTP-referrer or app
 * restriction set on it, not secrecy. Everywhere else an `AIza` key stays `gcp-api-key` (high): the same format
 * authenticates server-side calls (Gemini, Translation, …), and a key is unrestricted until someone restricts it.
 */
export const googleBrowserApiKey: SecretDetector = {
  id: 'google-browser-api-key',
  title: 'Google API key given to browsers (restrict it, do not hide it)',
  severity: 'low',
  keywords: ['maps.googleapis.com', 'firebase', 'current_key', 'api_key</key>'],
  // One `secret` group (Node 20 has no duplicate group names): the context is checked by lookbehinds after the key.
  pattern: new RegExp(
    String.raw`(?<secret>AIza[\w-]{35})(?![\w-])(?:(?<=(?:` +
      [
        // <script src="https://maps.googleapis.com/maps/api/js?key=AIza…&callback=…">
        String.raw`maps\.googleapis\.com\/maps\/api\/[\w\/]{1,40}\?(?:[\w.%-]{1,40}=[^&"'\s]{0,100}&(?:amp;)?){0,6}key=`,
        // Android google-services.json: "current_key": "AIza…"; iOS GoogleService-Info.plist: <key>API_KEY</key><string>
        String.raw`"current_key"[ \t]{0,4}:[ \t]{0,4}"`,
        String.raw`<key>API_KEY<\/key>\s{0,40}<string>`,
        // A setting named for Firebase: VITE_FIREBASE_API_KEY=AIza…, firebaseApiKey: 'AIza…'
        String.raw`(?:FIREBASE|[Ff]irebase)\w{0,30}(?:API_?KEY|[Aa]pi_?[Kk]ey)["']?[ \t]{0,4}[:=][ \t]{0,4}["']?`,
      ].join('|') +
      String.raw`)AIza[\w-]{35})` +
      // firebaseConfig = { apiKey: "AIza…", authDomain: "app.firebaseapp.com", … }
      String.raw`|(?<=(?:apiKey|api_key|apikey|API_KEY)["']?[ \t]{0,4}[:=][ \t]{0,4}["']AIza[\w-]{35})(?=["'][^{}]{0,400}?\.firebaseapp\.com))`,
  ),
  minEntropy: 3.5,
  // A browser context is structure the bare key lacks: it wins over `gcp-api-key` on the same span.
  validate: () => 'structure',
  rationale:
    "Google documents API keys used by the Maps JavaScript API and Firebase web and mobile apps as identifiers sent by every client, protected by application restrictions (HTTP referrers, Android or iOS apps) and API restrictions rather than by secrecy. Reported as low so the key's restrictions get checked: an unrestricted key lets anyone call every API enabled in the project, billed to it (Gemini keys share the AIza format, which is why a key outside these contexts is reported as gcp-api-key, high).",
  remediation:
    'Check the key in APIs & Services > Credentials: set application restrictions (HTTP referrers, or the Android/iOS app) and API restrictions to exactly the APIs the page or app calls, and set a quota; regenerate it if it was ever unrestricted.',
  references: [
    'https://cloud.google.com/docs/authentication/api-keys',
    'https://developers.google.com/maps/api-security-best-practices',
    'https://firebase.google.com/docs/projects/api-keys',
    'https://ai.google.dev/gemini-api/docs/api-key',
  ],
  // The same token format as gcp-api-key, so an allow-list entry written for Gitleaks' rule applies to both.
  aliases: { gitleaks: ['gcp-api-key'] },
};

export const googleOauthClientSecret: SecretDetector = {
  id: 'google-oauth-client-secret',
  title: 'Google OAuth client secret',
  severity: 'high',
  keywords: ['gocspx-'],
  pattern: /(?<![\w-])(?<secret>GOCSPX-[A-Za-z0-9_-]{28})(?![\w-])/,
  minEntropy: 3.5,
  remediation: 'Add a new secret to the OAuth client (APIs & Services > Credentials), deploy it, then disable and delete the leaked one.',
  references: ['https://support.google.com/cloud/answer/15549257'],
  aliases: { trufflehog: ['GoogleOauth2'] },
};

export const DETECTORS: SecretDetector[] = [gcpServiceAccountKey, googleBrowserApiKey, gcpApiKey, googleOauthClientSecret];
