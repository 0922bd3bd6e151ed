import { assignmentPattern } from '../assignment.js';
import type { Confirmation, SecretDetector } from '../../types.js';

/** Harbor generates robot secrets with upper case, lower case and digits. */
function robotSecret(secret: string): Confirmation | false {
  return /[A-Z]/.test(secret) && /[a-z]/.test(secret) && /[0-9]/.test(secret) ? 'keyword' : false;
}

export const harborRobotSecret: SecretDetector = {
  id: 'harbor-robot-secret',
  title: 'Harbor robot account secret',
  severity: 'high',
  keywords: ['harbor'],
  pattern: assignmentPattern('harbor', '[A-Za-z0-9]{32}', { secretCase: 'insensitive', nesting: 'none' }),
  minEntropy: 3.8,
  validate: robotSecret,
  remediation: 'Refresh the robot secret (Project > Robot Accounts > Refresh secret, or PATCH /robots/{id}) and update the image pull secrets.',
  references: ['https://goharbor.io/docs/main/working-with-projects/project-configuration/create-robot-accounts/'],
};

export const DETECTORS: SecretDetector[] = [harborRobotSecret];
