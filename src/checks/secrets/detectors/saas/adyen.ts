import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING } from './support.js';

export const adyenApiKey: SecretDetector = {
  id: 'adyen-api-key',
  title: 'Adyen API key',
  severity: 'critical',
  keywords: ['adyen'],
  // Keys start with `AQE` and mix base64 and separators; the context keeps other base64 blobs out.
  pattern: assignmentPattern(
    'adyen',
    'AQE[A-Za-z0-9+/=._-]{60,250}',
    { ...VENDOR_SETTING, end: '(?![A-Za-z0-9+/=._-])' },
  ),
  minEntropy: 4,
  remediation:
    'Generate a new key for the API credential in the Adyen Customer Area (Developers > API credentials), deploy it, then revoke the old one.',
  references: ['https://docs.adyen.com/development-resources/api-credentials/'],
  aliases: { gitleaks: ['adyen-api-key'] },
};

export const ADYEN_DETECTORS = [adyenApiKey];
