import { assignmentPattern } from '../assignment.js';
import { mixesLettersAndDigits } from '../checksum.js';
import type { SecretDetector } from '../../types.js';

export const vercelAccessToken: SecretDetector = {
  id: 'vercel-access-token',
  title: 'Vercel access token',
  severity: 'high',
  keywords: ['vercel'],
  pattern: assignmentPattern('vercel', '[A-Za-z0-9]{24}', { secretCase: 'insensitive', nesting: 'none' }),
  minEntropy: 3.8,
  validate: mixesLettersAndDigits,
  remediation: 'Delete the token (Account settings > Tokens) and create a replacement scoped to one team with an expiry.',
  references: ['https://vercel.com/docs/rest-api#creating-an-access-token'],
  aliases: { trufflehog: ['Vercel'] },
};

export const DETECTORS: SecretDetector[] = [vercelAccessToken];
