import { assignmentPattern } from '../assignment.js';
import type { SecretDetector } from '../../types.js';

export const nexusCredential: SecretDetector = {
  id: 'nexus-repository-credential',
  title: 'Sonatype Nexus Repository password or user token',
  severity: 'high',
  keywords: ['nexus'],
  pattern: assignmentPattern(
    String.raw`nexus[\w.-]{0,20}?(?:pass(?:word)?|token|secret|pass[_-]?code)`,
    '[A-Za-z0-9_.~!@#%^&*+=/-]{8,128}',
    { secretCase: 'insensitive', nesting: 'none' },
  ),
  minEntropy: 3,
  remediation: 'Change the password or reset the user token (Nexus > user menu > User Token > Reset), and give CI a dedicated deployment user.',
  references: ['https://help.sonatype.com/en/user-tokens.html'],
};

export const DETECTORS: SecretDetector[] = [nexusCredential];
