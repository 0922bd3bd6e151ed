import type { SecretDetector } from '../../types.js';
import { TOKEN_END, TOKEN_START, looksRandom, structural } from './support.js';

const REFERENCES = ['https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens'];
const randomHex = structural((secret) => looksRandom(secret.slice(6)));

export const shopifyAccessToken: SecretDetector = {
  id: 'shopify-access-token',
  title: 'Shopify access token',
  severity: 'high',
  keywords: ['shpat_', 'shpca_', 'shppa_'],
  // Admin API (`shpat_`), custom app (`shpca_`) and private app (`shppa_`) tokens.
  pattern: new RegExp(`${TOKEN_START}(?<secret>shp(?:at|ca|pa)_[a-fA-F0-9]{32})${TOKEN_END}`),
  validate: randomHex,
  remediation:
    'Uninstall and reinstall the app or rotate its credentials in the Shopify admin / Partner Dashboard (API credentials > Rotate), which invalidates the token.',
  references: REFERENCES,
  aliases: {
    gitleaks: ['shopify-access-token', 'shopify-custom-access-token', 'shopify-private-app-access-token'],
    trufflehog: ['Shopify'],
  },
};

export const shopifySharedSecret: SecretDetector = {
  id: 'shopify-shared-secret',
  title: 'Shopify app shared secret',
  severity: 'high',
  keywords: ['shpss_'],
  pattern: new RegExp(`${TOKEN_START}(?<secret>shpss_[a-fA-F0-9]{32})${TOKEN_END}`),
  validate: randomHex,
  remediation: 'Rotate the client secret in the Shopify Partner Dashboard (app > API credentials > Rotate).',
  references: REFERENCES,
  aliases: { gitleaks: ['shopify-shared-secret'] },
};

export const SHOPIFY_DETECTORS = [shopifyAccessToken, shopifySharedSecret];
