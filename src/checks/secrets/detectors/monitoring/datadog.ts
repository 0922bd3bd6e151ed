import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from '../saas/support.js';

const CONTEXT = 'datadog|(?<![A-Za-z])dd[_.-]?(?:api|app)';
const KEYWORDS = ['datadog', 'dd_api', 'dd-api', 'dd.api', 'ddapi', 'dd_app', 'dd-app', 'dd.app', 'ddapp'];
const REFERENCES = ['https://docs.datadoghq.com/account_management/api-app-keys/'];
const randomHex = structural(looksRandom);

export const datadogApiKey: SecretDetector = {
  id: 'datadog-api-key',
  title: 'Datadog API key',
  severity: 'high',
  keywords: KEYWORDS,
  pattern: assignmentPattern(CONTEXT, '[a-f0-9]{32}', VENDOR_SETTING),
  minEntropy: 3,
  validate: randomHex,
  remediation:
    'Revoke the key in Datadog (Organization Settings > API Keys), create a new one and update agents and integrations; keep it in a Kubernetes Secret, not the Helm values.',
  references: REFERENCES,
  aliases: { gitleaks: ['datadog-access-token'], trufflehog: ['Datadogtoken'] },
};

export const datadogApplicationKey: SecretDetector = {
  id: 'datadog-application-key',
  title: 'Datadog application key',
  severity: 'high',
  keywords: KEYWORDS,
  pattern: assignmentPattern(CONTEXT, '[a-f0-9]{40}', VENDOR_SETTING),
  minEntropy: 3,
  validate: randomHex,
  remediation:
    'Revoke the application key in Datadog (Organization Settings > Application Keys, or Personal Settings) and create a scoped replacement.',
  references: REFERENCES,
  aliases: { gitleaks: ['datadog-access-token'], trufflehog: ['Datadogtoken'] },
};

export const DATADOG_DETECTORS = [datadogApiKey, datadogApplicationKey];
