import { assignmentPattern } from '../assignment.js';
import { mixesLettersAndDigits } from '../checksum.js';
import type { SecretDetector } from '../../types.js';

export const netlifyAccessToken: SecretDetector = {
  id: 'netlify-access-token',
  title: 'Netlify personal access token',
  severity: 'high',
  keywords: ['netlify'],
  pattern: assignmentPattern('netlify', '[A-Za-z0-9_-]{40,46}', { secretCase: 'insensitive', nesting: 'none' }),
  minEntropy: 4,
  validate: mixesLettersAndDigits,
  remediation: 'Delete the token (User settings > Applications > Personal access tokens) and create one with an expiry.',
  references: ['https://docs.netlify.com/api/get-started/#authentication'],
  aliases: { gitleaks: ['netlify-access-token'], trufflehog: ['Netlify'] },
};

export const DETECTORS: SecretDetector[] = [netlifyAccessToken];
