import { assignmentPattern } from '../assignment.js';
import { mixesLettersAndDigits } from '../checksum.js';
import type { SecretDetector } from '../../types.js';

export const droneCiToken: SecretDetector = {
  id: 'drone-ci-token',
  title: 'Drone CI personal token',
  severity: 'high',
  keywords: ['drone'],
  pattern: assignmentPattern('drone', '[A-Za-z0-9]{32}', { secretCase: 'insensitive', nesting: 'none' }),
  minEntropy: 3.5,
  validate: mixesLettersAndDigits,
  remediation: 'Rotate the token from the Drone user settings (or `drone user update --token`/the admin API) and update DRONE_TOKEN consumers.',
  references: ['https://docs.drone.io/cli/setup/'],
  aliases: { gitleaks: ['droneci-access-token'], trufflehog: ['DroneCI'] },
};

export const DETECTORS: SecretDetector[] = [droneCiToken];
