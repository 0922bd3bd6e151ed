import type { SecretDetector } from '../../types.js';
import { TOKEN_END, TOKEN_START, looksRandom, structural } from '../saas/support.js';

const REFERENCES = ['https://platform.openai.com/docs/api-reference/authentication'];
const REVOKE =
  'Delete the key at platform.openai.com (API keys, or the project / organization Admin keys page) and create a new one; check usage for abuse.';
// Every OpenAI key embeds `T3BlbkFJ`, base64 for "OpenAI", between two random halves.
const BODY = '[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200}';
const randomHalves = structural((secret) => secret.split('T3BlbkFJ').every((half) => looksRandom(half.replace(/^sk-[a-z]+-/, ''), 10)));

function openAiKey(prefix: string): RegExp {
  return new RegExp(`${TOKEN_START}(?<secret>sk-${prefix}${BODY})${TOKEN_END}`);
}

export const openaiProjectKey: SecretDetector = {
  id: 'openai-project-key',
  title: 'OpenAI project API key',
  severity: 'high',
  keywords: ['sk-proj-'],
  pattern: openAiKey('proj-'),
  validate: randomHalves,
  remediation: REVOKE,
  references: REFERENCES,
  aliases: { gitleaks: ['openai-api-key'], trufflehog: ['OpenAI'] },
};

export const openaiServiceAccountKey: SecretDetector = {
  id: 'openai-service-account-key',
  title: 'OpenAI service account API key',
  severity: 'high',
  keywords: ['sk-svcacct-'],
  pattern: openAiKey('svcacct-'),
  validate: randomHalves,
  remediation: REVOKE,
  references: REFERENCES,
  aliases: { gitleaks: ['openai-api-key'], trufflehog: ['OpenAI'] },
};

export const openaiAdminKey: SecretDetector = {
  id: 'openai-admin-key',
  title: 'OpenAI organization admin key',
  // Manages users, projects and keys of the whole organization.
  severity: 'critical',
  keywords: ['sk-admin-'],
  pattern: openAiKey('admin-'),
  validate: randomHalves,
  remediation: REVOKE,
  references: ['https://platform.openai.com/docs/api-reference/administration'],
  aliases: { gitleaks: ['openai-api-key'], trufflehog: ['OpenAIAdmin'] },
};

export const openaiUserKey: SecretDetector = {
  id: 'openai-api-key',
  title: 'OpenAI user API key (legacy format)',
  severity: 'high',
  keywords: ['t3blbkfj'],
  pattern: new RegExp(`${TOKEN_START}(?<secret>sk-(?:None-)?[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})${TOKEN_END}`),
  validate: randomHalves,
  remediation: REVOKE,
  references: REFERENCES,
  aliases: { gitleaks: ['openai-api-key'], trufflehog: ['OpenAI'] },
};

export const OPENAI_DETECTORS = [openaiProjectKey, openaiServiceAccountKey, openaiAdminKey, openaiUserKey];
