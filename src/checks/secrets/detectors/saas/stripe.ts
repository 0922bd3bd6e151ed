import type { SecretDetector } from '../../types.js';
import { TOKEN_END, TOKEN_START, looksRandom, prefixed, structural, tail } from './support.js';

const REFERENCES = ['https://docs.stripe.com/keys'];
const ROLL =
  'Roll the key in the Stripe Dashboard (Developers > API keys > Roll key), choosing an immediate expiry, then update the deployment secret.';
// Key bodies are base62; publishable keys (`pk_`) are meant to be public and are deliberately not matched.
const KEY_BODY = '[A-Za-z0-9]{24,247}';
const randomTail = structural((secret) => looksRandom(tail(secret), 10));

export const stripeSecretKey: SecretDetector = {
  id: 'stripe-secret-key',
  title: 'Stripe live secret key',
  severity: 'critical',
  keywords: ['sk_live_'],
  pattern: prefixed('sk_live_', KEY_BODY),
  validate: randomTail,
  remediation: ROLL,
  references: REFERENCES,
  aliases: { gitleaks: ['stripe-access-token'], trufflehog: ['Stripe'] },
};

export const stripeRestrictedKey: SecretDetector = {
  id: 'stripe-restricted-key',
  title: 'Stripe live restricted key',
  // Live, but limited to the permissions it was created with.
  severity: 'high',
  keywords: ['rk_live_'],
  pattern: prefixed('rk_live_', KEY_BODY),
  validate: randomTail,
  remediation: ROLL,
  references: REFERENCES,
  aliases: { gitleaks: ['stripe-access-token'], trufflehog: ['Stripe'] },
};

export const stripeTestKey: SecretDetector = {
  id: 'stripe-test-key',
  title: 'Stripe test-mode secret key',
  severity: 'low',
  rationale:
    'Test-mode keys move no money and reach only test-mode objects, so one in a repository is low; it still exposes the test data and lets anyone create objects and webhooks in the test account, so roll it.',
  keywords: ['sk_test_', 'rk_test_'],
  pattern: new RegExp(`${TOKEN_START}(?<secret>[sr]k_test_${KEY_BODY})${TOKEN_END}`),
  validate: randomTail,
  remediation: ROLL,
  references: REFERENCES,
  aliases: { gitleaks: ['stripe-access-token'], trufflehog: ['Stripe'] },
};

export const stripeWebhookSecret: SecretDetector = {
  id: 'stripe-webhook-secret',
  title: 'Stripe webhook signing secret',
  // Lets anyone forge signed webhook events (fake payments) to the endpoint.
  severity: 'high',
  keywords: ['whsec_'],
  pattern: prefixed('whsec_', '[A-Za-z0-9+/]{32,88}={0,2}', '(?![A-Za-z0-9_+/=-])'),
  validate: randomTail,
  remediation:
    'Roll the endpoint signing secret in the Stripe Dashboard (Developers > Webhooks > endpoint > Roll secret) and update the receiver.',
  references: ['https://docs.stripe.com/webhooks#verify-events'],
};

export const STRIPE_DETECTORS = [stripeSecretKey, stripeRestrictedKey, stripeTestKey, stripeWebhookSecret];
