import { assignmentPattern } from '../assignment.js';
import type { SecretDetector } from '../../types.js';

const REFERENCES = ['https://circleci.com/docs/managing-api-tokens/'];

export const circleciToken: SecretDetector = {
  id: 'circleci-token',
  title: 'CircleCI personal or project API token',
  severity: 'high',
  keywords: ['ccipat_', 'cciprj_'],
  pattern: /(?<![\w])(?<secret>CCIP(?:AT|RJ)_[A-Za-z0-9]{20,24}_[a-f0-9]{40})(?![\w])/,
  minEntropy: 3.5,
  remediation: 'Delete the token (User settings > Personal API tokens, or Project settings > API permissions) and create a new one.',
  references: REFERENCES,
  aliases: { trufflehog: ['CircleCI'] },
};

export const circleciLegacyToken: SecretDetector = {
  id: 'circleci-legacy-token',
  title: 'CircleCI API token (legacy 40-hex format)',
  severity: 'high',
  keywords: ['circle'],
  pattern: assignmentPattern(
    String.raw`circle(?:ci)?[\w.-]{0,20}?token`,
    '[a-f0-9]{40}',
    { secretCase: 'insensitive', nesting: 'none' },
  ),
  minEntropy: 3,
  remediation: 'Delete the token (User settings > Personal API tokens) and create a new one; project tokens live under Project settings > API permissions.',
  references: REFERENCES,
  aliases: { trufflehog: ['Circle'] },
};

export const DETECTORS: SecretDetector[] = [circleciToken, circleciLegacyToken];
