import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural } from '../saas/support.js';

const REFERENCES = ['https://huggingface.co/docs/hub/security-tokens'];

export const huggingfaceAccessToken: SecretDetector = {
  id: 'huggingface-access-token',
  title: 'Hugging Face user access token',
  severity: 'high',
  keywords: ['hf_'],
  pattern: prefixed('hf_', '[A-Za-z]{34}'),
  validate: structural((secret) => looksRandom(secret.slice(3), 12)),
  remediation: 'Invalidate or delete the token at huggingface.co/settings/tokens and create a new fine-grained one.',
  references: REFERENCES,
  aliases: { gitleaks: ['huggingface-access-token'], trufflehog: ['HuggingFace'] },
};

export const huggingfaceOrgToken: SecretDetector = {
  id: 'huggingface-organization-token',
  title: 'Hugging Face organization API token (legacy)',
  severity: 'high',
  keywords: ['api_org_'],
  pattern: prefixed('api_org_', '[A-Za-z]{34}'),
  validate: structural((secret) => looksRandom(secret.slice(8), 12)),
  remediation: 'Revoke the organization token in the organization settings on huggingface.co and switch to user or fine-grained tokens.',
  references: REFERENCES,
  aliases: { gitleaks: ['huggingface-organization-api-token'], trufflehog: ['HuggingFace'] },
};

export const HUGGINGFACE_DETECTORS = [huggingfaceAccessToken, huggingfaceOrgToken];
