import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural } from './support.js';

export const figmaPersonalAccessToken: SecretDetector = {
  id: 'figma-personal-access-token',
  title: 'Figma personal access token',
  severity: 'high',
  keywords: ['figd_'],
  pattern: prefixed('figd_', '[A-Za-z0-9_-]{38,48}'),
  validate: structural((secret) => looksRandom(secret.slice(5), 12)),
  remediation: 'Revoke the token in Figma (Settings > Security > Personal access tokens) and create a new, scoped one.',
  references: ['https://developers.figma.com/docs/rest-api/authentication/'],
  aliases: { trufflehog: ['FigmaPersonalAccessTokenV2'] },
};

export const FIGMA_DETECTORS = [figmaPersonalAccessToken];
