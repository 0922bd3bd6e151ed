import type { SecretDetector } from '../../types.js';
import { TOKEN_START, looksRandom, structural } from './support.js';

export const mailchimpApiKey: SecretDetector = {
  id: 'mailchimp-api-key',
  title: 'Mailchimp API key',
  severity: 'high',
  keywords: ['-us'],
  // The data-center suffix (`-us21`) makes the 32 hex digits specific enough without a context word.
  pattern: new RegExp(`${TOKEN_START}(?<secret>[a-f0-9]{32}-us\\d{1,2})(?![A-Za-z0-9_-])`),
  // 37 characters at most, the keyword near their end.
  maxMatchLength: 48,
  validate: structural((secret) => looksRandom(secret.slice(0, 32))),
  remediation: 'Disable the key under Profile > Extras > API keys in Mailchimp and create a new one.',
  references: ['https://mailchimp.com/developer/marketing/guides/quick-start/#generate-your-api-key'],
  aliases: { gitleaks: ['mailchimp-api-key'], trufflehog: ['Mailchimp'] },
};

export const MAILCHIMP_DETECTORS = [mailchimpApiKey];
