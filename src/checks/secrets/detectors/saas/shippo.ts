import type { SecretDetector } from '../../types.js';
import { prefixed } from './support.js';

const REFERENCES = ['https://docs.goshippo.com/docs/guides_general/authentication'];
const REVOKE = 'Delete the key (Shippo portal > API Configuration > Developer keys), create a new one and update the deployment secret.';

export const shippoLiveToken: SecretDetector = {
  id: 'shippo-live-api-token',
  title: 'Shippo live API token',
  severity: 'high',
  rationale: 'A live token buys shipping labels on the account\'s payment method and reads its customers\' addresses.',
  keywords: ['shippo_live_'],
  pattern: prefixed('shippo_live_', '[a-f0-9]{40}'),
  minEntropy: 3,
  remediation: REVOKE,
  references: REFERENCES,
  aliases: { gitleaks: ['shippo-api-token'] },
};

export const shippoTestToken: SecretDetector = {
  id: 'shippo-test-api-token',
  title: 'Shippo test API token',
  severity: 'low',
  rationale: 'Test mode charges nothing and holds test data only, but the token still acts on the account.',
  keywords: ['shippo_test_'],
  pattern: prefixed('shippo_test_', '[a-f0-9]{40}'),
  minEntropy: 3,
  remediation: REVOKE,
  references: REFERENCES,
  aliases: { gitleaks: ['shippo-api-token'] },
};

export const SHIPPO_DETECTORS: SecretDetector[] = [shippoLiveToken, shippoTestToken];
