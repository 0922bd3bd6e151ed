import type { SecretDetector } from '../../types.js';

const REFERENCES = ['https://docs.digitalocean.com/reference/api/create-personal-access-token/'];

export const digitaloceanPat: SecretDetector = {
  id: 'digitalocean-pat',
  title: 'DigitalOcean personal access token',
  severity: 'critical',
  keywords: ['dop_v1_'],
  pattern: /(?<![\w])(?<secret>dop_v1_[a-f0-9]{64})(?![\w])/,
  minEntropy: 3,
  remediation: 'Delete the token (API > Tokens > Personal access tokens) and create a scoped replacement with an expiry.',
  references: REFERENCES,
  aliases: { gitleaks: ['digitalocean-pat'], trufflehog: ['DigitalOceanV2'] },
};

export const digitaloceanOauthToken: SecretDetector = {
  id: 'digitalocean-oauth-token',
  title: 'DigitalOcean OAuth access token',
  severity: 'high',
  keywords: ['doo_v1_'],
  pattern: /(?<![\w])(?<secret>doo_v1_[a-f0-9]{64})(?![\w])/,
  minEntropy: 3,
  remediation: 'Revoke the token (POST /v1/oauth/revoke, or remove the authorized application under Settings > Applications).',
  references: ['https://docs.digitalocean.com/reference/api/oauth/'],
  aliases: { gitleaks: ['digitalocean-access-token'], trufflehog: ['DigitalOceanV2'] },
};

export const digitaloceanRefreshToken: SecretDetector = {
  id: 'digitalocean-refresh-token',
  title: 'DigitalOcean OAuth refresh token',
  severity: 'high',
  keywords: ['dor_v1_'],
  pattern: /(?<![\w])(?<secret>dor_v1_[a-f0-9]{64})(?![\w])/,
  minEntropy: 3,
  remediation: 'Revoke the grant (remove the authorized application under Settings > Applications) so the refresh token stops minting access tokens.',
  references: ['https://docs.digitalocean.com/reference/api/oauth/'],
  aliases: { gitleaks: ['digitalocean-refresh-token'], trufflehog: ['DigitalOceanV2'] },
};

export const DETECTORS: SecretDetector[] = [digitaloceanPat, digitaloceanOauthToken, digitaloceanRefreshToken];
