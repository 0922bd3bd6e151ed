import type { SecretDetector } from '../../types.js';
import { decodeBase64Json, hasKeys, looksRandom, prefixed, structural } from './support.js';

const REFERENCES = ['https://docs.sentry.io/account/auth-tokens/'];
const REVOKE = 'Revoke the token in Sentry (Settings > Auth Tokens, or Organization Settings > Auth Tokens) and create a new one with the minimum scopes.';

export const sentryOrgToken: SecretDetector = {
  id: 'sentry-org-token',
  title: 'Sentry organization auth token',
  severity: 'high',
  keywords: ['sntrys_'],
  // `sntrys_<base64 JSON claims with iat/url/org>_<secret>`.
  pattern: prefixed('sntrys_', 'eyJ[A-Za-z0-9+/]{30,400}={0,2}_[A-Za-z0-9+/]{43}'),
  validate: structural((secret) => hasKeys(decodeBase64Json(secret.slice(7, secret.lastIndexOf('_'))), ['iat'])),
  remediation: REVOKE,
  references: REFERENCES,
  aliases: { gitleaks: ['sentry-org-token'], trufflehog: ['SentryOrgToken'] },
};

export const sentryUserToken: SecretDetector = {
  id: 'sentry-user-token',
  title: 'Sentry user auth token',
  severity: 'high',
  keywords: ['sntryu_'],
  pattern: prefixed('sntryu_', '[a-f0-9]{64}'),
  validate: structural((secret) => looksRandom(secret.slice(7))),
  remediation: REVOKE,
  references: REFERENCES,
  aliases: { gitleaks: ['sentry-user-token'], trufflehog: ['SentryToken'] },
};

export const sentryDsnSecret: SecretDetector = {
  id: 'sentry-dsn-secret',
  title: 'Sentry DSN with secret key',
  // The public DSN is meant for clients; only the legacy `public:secret@` form carries a secret.
  severity: 'medium',
  keywords: ['sentry', 'dsn'],
  pattern: /https?:\/\/[a-f0-9]{32}:(?<secret>[a-f0-9]{32})@[A-Za-z0-9.-]{1,253}(?::\d{1,5})?\/(?:[\w.-]{1,64}\/)?\d{1,12}(?![\w])/,
  validate: structural((secret) => looksRandom(secret)),
  remediation:
    'Revoke the client key in Sentry (Project Settings > Client Keys (DSN) > Revoke), create a new key and use the secret-less DSN in clients.',
  references: ['https://docs.sentry.io/concepts/key-terms/dsn-explainer/'],
  aliases: { trufflehog: ['Sentry'] },
};

export const SENTRY_DETECTORS = [sentryOrgToken, sentryUserToken, sentryDsnSecret];
