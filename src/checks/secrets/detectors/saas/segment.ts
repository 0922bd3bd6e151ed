import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural } from './support.js';

export const segmentPublicApiToken: SecretDetector = {
  id: 'segment-public-api-token',
  title: 'Segment Public API token',
  severity: 'high',
  keywords: ['sgp_'],
  pattern: prefixed('sgp_', '[A-Za-z0-9]{64}'),
  validate: structural((secret) => looksRandom(secret.slice(4), 16)),
  remediation: 'Revoke the token in Segment (Settings > Workspace settings > Access Management > Tokens) and create a new one.',
  references: ['https://docs.segmentapis.com/tag/Getting-Started#section/Get-an-API-token'],
  aliases: { trufflehog: ['Segment'] },
};

export const SEGMENT_DETECTORS = [segmentPublicApiToken];
