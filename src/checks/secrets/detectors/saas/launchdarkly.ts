import type { SecretDetector } from '../../types.js';
import { UUID, assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from './support.js';

export const launchdarklyKey: SecretDetector = {
  id: 'launchdarkly-key',
  title: 'LaunchDarkly server SDK key or API access token',
  severity: 'high',
  keywords: ['launchdarkly', 'launch_darkly', 'ld_sdk', 'ld_api', 'ldsdk', 'ldapi', 'ld_access'],
  // `sdk-`/`api-` + UUID are common resource-name shapes, so a LaunchDarkly setting name is required; client-side
  // (`mob-`) keys are public and not matched.
  pattern: assignmentPattern(
    'launch[_.-]?darkly|(?<![A-Za-z])ld[_.-]?(?:sdk|api|access)',
    `(?:sdk|api)-${UUID}`,
    VENDOR_SETTING,
  ),
  validate: structural((secret) => looksRandom(secret.slice(4).replace(/-/g, ''))),
  remediation:
    'Reset the SDK key (Project settings > Environments > Reset key) or delete the access token (Organization settings > Authorization) in LaunchDarkly.',
  references: ['https://launchdarkly.com/docs/home/account/environment/keys'],
  aliases: { gitleaks: ['launchdarkly-access-token'], trufflehog: ['LaunchDarkly'] },
};

export const LAUNCHDARKLY_DETECTORS = [launchdarklyKey];
