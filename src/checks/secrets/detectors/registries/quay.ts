import { assignmentPattern } from '../assignment.js';
import { mixesLettersAndDigits } from '../checksum.js';
import type { Confirmation, SecretDetector } from '../../types.js';

/** Robot tokens are upper-case alphanumerics; the assignment pattern is case-insensitive. */
function robotToken(secret: string): Confirmation | false {
  return /^[A-Z0-9]+$/.test(secret) ? mixesLettersAndDigits(secret) : false;
}

export const quayRobotToken: SecretDetector = {
  id: 'quay-robot-token',
  title: 'Quay.io robot account token',
  severity: 'high',
  keywords: ['quay'],
  pattern: assignmentPattern('quay', '[A-Z0-9]{32,64}', { secretCase: 'insensitive', nesting: 'none' }),
  minEntropy: 3.5,
  validate: robotToken,
  remediation: 'Regenerate the robot token (organization > Robot Accounts > robot > Regenerate token) and update the pull secrets that use it.',
  references: ['https://docs.quay.io/glossary/robot-accounts.html'],
};

export const DETECTORS: SecretDetector[] = [quayRobotToken];
