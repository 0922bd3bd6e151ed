import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from '../saas/support.js';

export const sumoLogicAccessKey: SecretDetector = {
  id: 'sumologic-access-key',
  title: 'Sumo Logic access key',
  severity: 'high',
  keywords: ['sumo'],
  pattern: assignmentPattern('sumo', '[A-Za-z0-9]{64}', VENDOR_SETTING),
  minEntropy: 4.5,
  validate: structural((secret) => looksRandom(secret, 16)),
  remediation: 'Delete the access key in Sumo Logic (Administration > Security > Access Keys) and create a new one.',
  references: ['https://help.sumologic.com/docs/manage/security/access-keys/'],
  aliases: { gitleaks: ['sumologic-access-token'], trufflehog: ['SumoLogicKey'] },
};

export const SUMOLOGIC_DETECTORS = [sumoLogicAccessKey];
