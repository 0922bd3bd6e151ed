import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from '../saas/support.js';

export const deepseekApiKey: SecretDetector = {
  id: 'deepseek-api-key',
  title: 'DeepSeek API key',
  severity: 'high',
  keywords: ['deepseek'],
  // `sk-` + 32 hex is too generic without the vendor's name next to it.
  pattern: assignmentPattern('deepseek', 'sk-[a-f0-9]{32}', VENDOR_SETTING),
  validate: structural((secret) => looksRandom(secret.slice(3))),
  remediation: 'Delete the key at platform.deepseek.com (API keys) and create a new one.',
  references: ['https://api-docs.deepseek.com/'],
  aliases: { trufflehog: ['DeepSeek'] },
};

export const DEEPSEEK_DETECTORS = [deepseekApiKey];
