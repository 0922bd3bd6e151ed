import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from './support.js';

export const boxToken: SecretDetector = {
  id: 'box-api-token',
  title: 'Box client secret or developer token',
  severity: 'high',
  keywords: ['box'],
  // `box` alone is everywhere (checkbox, sandbox); require it to start a credential-like setting name.
  pattern: assignmentPattern(
    '(?<![A-Za-z])box[_.-]?(?:client|developer|access|api)?[_.-]?(?:secret|token)',
    '[A-Za-z0-9]{32}',
    VENDOR_SETTING,
  ),
  minEntropy: 3.5,
  validate: structural((secret) => looksRandom(secret)),
  remediation:
    'Reset the client secret in the Box Developer Console (app > Configuration > Reset) and revoke developer tokens; they expire after an hour but refresh tokens do not.',
  references: ['https://developer.box.com/guides/authentication/tokens/'],
  aliases: { trufflehog: ['Box'] },
};

export const BOX_DETECTORS = [boxToken];
