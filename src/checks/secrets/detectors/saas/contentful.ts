import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural } from './support.js';

export const contentfulPersonalAccessToken: SecretDetector = {
  id: 'contentful-personal-access-token',
  title: 'Contentful personal access token',
  severity: 'high',
  keywords: ['cfpat-'],
  pattern: prefixed('CFPAT-', '[A-Za-z0-9_-]{43}'),
  validate: structural((secret) => looksRandom(secret.slice(6))),
  remediation: 'Revoke the token in Contentful (Settings > CMA tokens > Revoke) and create a new one.',
  references: ['https://www.contentful.com/developers/docs/references/authentication/'],
  aliases: { trufflehog: ['ContentfulPersonalAccessToken'] },
};

export const CONTENTFUL_DETECTORS = [contentfulPersonalAccessToken];
