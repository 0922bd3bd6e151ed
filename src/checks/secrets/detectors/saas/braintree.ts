import type { SecretDetector } from '../../types.js';
import { looksRandom, structural } from './support.js';

export const braintreeAccessToken: SecretDetector = {
  id: 'braintree-access-token',
  title: 'PayPal Braintree production access token',
  severity: 'critical',
  keywords: ['access_token$production$'],
  pattern: /(?<secret>access_token\$production\$[a-z0-9]{16}\$[a-f0-9]{32})(?![A-Za-z0-9])/,
  validate: structural((secret) => looksRandom(secret.slice(secret.lastIndexOf('$') + 1))),
  remediation:
    'Revoke the access token in the PayPal Developer Dashboard / Braintree Control Panel (API > Access tokens) and issue a new one.',
  references: ['https://developer.paypal.com/braintree/docs/guides/authorization/access-token'],
  aliases: { gitleaks: ['braintree-access-token'], trufflehog: ['PayPalOauth'] },
};

export const BRAINTREE_DETECTORS = [braintreeAccessToken];
