import type { SecretDetector } from '../../types.js';
import { UUID } from '../assignment.js';
import { looksRandom, prefixed, structural } from './support.js';

export const hubspotPrivateAppToken: SecretDetector = {
  id: 'hubspot-private-app-token',
  title: 'HubSpot private app access token',
  severity: 'high',
  keywords: ['pat-na', 'pat-eu', 'pat-ap'],
  pattern: prefixed('pat-', `(?:na|eu|ap)\\d-${UUID}`),
  validate: structural((secret) => looksRandom(secret.slice(8).replace(/-/g, ''))),
  remediation: 'Rotate the token in HubSpot (Settings > Integrations > Private apps > app > Auth > Rotate).',
  references: ['https://developers.hubspot.com/docs/api/private-apps'],
  aliases: { trufflehog: ['HubSpotApiKey'] },
};

export const HUBSPOT_DETECTORS = [hubspotPrivateAppToken];
