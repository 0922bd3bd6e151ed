import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural, tail } from './support.js';

const REFERENCES = ['https://planetscale.com/docs/concepts/service-tokens', 'https://planetscale.com/docs/concepts/connection-strings'];
const randomTail = structural((secret) => looksRandom(tail(secret), 12));

export const planetscaleToken: SecretDetector = {
  id: 'planetscale-api-token',
  title: 'PlanetScale service or OAuth token',
  severity: 'high',
  keywords: ['pscale_tkn_', 'pscale_oauth_'],
  pattern: prefixed('pscale_', '(?:tkn|oauth)_[A-Za-z0-9=.-]{32,64}', '(?![A-Za-z0-9_=.-])'),
  validate: randomTail,
  remediation: 'Delete the service token in PlanetScale (Organization settings > Service tokens) and create a new one.',
  references: REFERENCES,
  aliases: { gitleaks: ['planetscale-api-token', 'planetscale-oauth-token'], trufflehog: ['PlanetScale'] },
};

export const planetscalePassword: SecretDetector = {
  id: 'planetscale-password',
  title: 'PlanetScale database password',
  severity: 'high',
  keywords: ['pscale_pw_'],
  pattern: prefixed('pscale_pw_', '[A-Za-z0-9=.-]{32,64}', '(?![A-Za-z0-9_=.-])'),
  validate: randomTail,
  remediation: 'Delete the password in PlanetScale (database > Settings > Passwords) and create a new one for the branch.',
  references: REFERENCES,
  aliases: { gitleaks: ['planetscale-password'], trufflehog: ['PlanetScaleDb'] },
};

export const PLANETSCALE_DETECTORS = [planetscaleToken, planetscalePassword];
