import type { SecretDetector } from '../../types.js';
import { TOKEN_START, looksRandom, prefixed, structural } from '../saas/support.js';

const REFERENCES = ['https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/'];
const REMEDIATION =
  'Delete the key in New Relic (API keys UI, one.newrelic.com > API keys), create a new one and update the agents or scripts using it.';
const randomBody = structural((secret) => looksRandom(secret.slice(5)));

export const newRelicUserKey: SecretDetector = {
  id: 'new-relic-user-api-key',
  title: 'New Relic user API key',
  severity: 'high',
  keywords: ['nrak-'],
  pattern: prefixed('NRAK-', '[A-Z0-9]{27}'),
  validate: randomBody,
  remediation: REMEDIATION,
  references: REFERENCES,
  aliases: { gitleaks: ['new-relic-user-api-key'], trufflehog: ['NewRelicPersonalApiKey'] },
};

export const newRelicBrowserKey: SecretDetector = {
  id: 'new-relic-browser-key',
  title: 'New Relic browser ingest key',
  // Shipped in page source by design; reported so it is at least known, not because it grants access.
  severity: 'low',
  keywords: ['nrjs-'],
  pattern: prefixed('NRJS-', '[a-f0-9]{19}'),
  validate: randomBody,
  remediation: REMEDIATION,
  references: REFERENCES,
  aliases: { gitleaks: ['new-relic-browser-api-token'] },
};

export const newRelicInsertKey: SecretDetector = {
  id: 'new-relic-insert-key',
  title: 'New Relic Insights insert key',
  severity: 'medium',
  keywords: ['nrii-'],
  pattern: prefixed('NRII-', '[A-Za-z0-9_-]{32}'),
  validate: randomBody,
  remediation: REMEDIATION,
  references: REFERENCES,
  aliases: { gitleaks: ['new-relic-insert-key'] },
};

export const newRelicLicenseKey: SecretDetector = {
  id: 'new-relic-license-key',
  title: 'New Relic ingest license key',
  severity: 'high',
  keywords: ['nral'],
  // Current license keys are 40 characters ending in `NRAL`.
  pattern: new RegExp(`${TOKEN_START}(?<secret>[a-f0-9]{36}NRAL)(?![A-Za-z0-9_-])`),
  validate: structural((secret) => looksRandom(secret.slice(0, 36))),
  remediation: REMEDIATION,
  references: REFERENCES,
  aliases: { trufflehog: ['NewRelicLicenseKey'] },
};

export const NEW_RELIC_DETECTORS = [newRelicUserKey, newRelicBrowserKey, newRelicInsertKey, newRelicLicenseKey];
