import type { SecretDetector } from '../../types.js';
import { settingPrefix } from '../assignment.js';
import { TOKEN_END, TOKEN_START, looksRandom, structural } from './support.js';

const REFERENCES = ['https://developer.squareup.com/docs/build-basics/access-tokens'];

export const squareAccessToken: SecretDetector = {
  id: 'square-access-token',
  title: 'Square access token',
  severity: 'critical',
  keywords: ['sq0atp-', 'square'],
  // Legacy `sq0atp-` tokens stand alone; current `EAAA…` tokens share Meta's prefix, so they need a Square context.
  pattern: new RegExp(
    `(?:${TOKEN_START}(?=sq0atp-)|${settingPrefix('square', 'one-level')})(?<secret>sq0atp-[A-Za-z0-9_-]{22}|EAAA[A-Za-z0-9_-]{60})${TOKEN_END}`,
  ),
  validate: structural((secret) => looksRandom(secret.slice(7))),
  remediation:
    'Revoke the token in the Square Developer Console (application > OAuth / Credentials > Replace personal access token) and update the integration.',
  references: REFERENCES,
  aliases: { gitleaks: ['square-access-token'], trufflehog: ['Square'] },
};

export const squareOAuthSecret: SecretDetector = {
  id: 'square-oauth-secret',
  title: 'Square OAuth application secret',
  severity: 'high',
  keywords: ['sq0csp-'],
  pattern: new RegExp(`${TOKEN_START}(?<secret>sq0csp-[A-Za-z0-9_-]{43})${TOKEN_END}`),
  validate: structural((secret) => looksRandom(secret.slice(7))),
  remediation: 'Replace the application secret in the Square Developer Console (application > OAuth > Replace secret).',
  references: REFERENCES,
  aliases: { trufflehog: ['SquareApp'] },
};

export const SQUARE_DETECTORS = [squareAccessToken, squareOAuthSecret];
