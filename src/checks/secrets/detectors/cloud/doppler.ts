import type { SecretDetector } from '../../types.js';

export const dopplerToken: SecretDetector = {
  id: 'doppler-token',
  title: 'Doppler token',
  severity: 'high',
  keywords: ['dp.pt.', 'dp.st.', 'dp.ct.', 'dp.sa.', 'dp.scim.', 'dp.audit.'],
  // Personal, CLI, service-account, SCIM and audit tokens; service tokens may carry the config name (dp.st.prd.…).
  pattern: /(?<![\w.])(?<secret>dp\.(?:(?:pt|ct|sa|scim|audit)\.|st\.(?:[a-z0-9_-]{2,35}\.)?)[A-Za-z0-9]{40,44})(?![A-Za-z0-9])/,
  minEntropy: 3.5,
  remediation: 'Revoke the token in the Doppler dashboard (project access / personal tokens / service accounts) and issue a new one with the least access.',
  references: ['https://docs.doppler.com/reference/auth-token-formats'],
  aliases: { gitleaks: ['doppler-api-token'], trufflehog: ['Doppler'] },
};

export const DETECTORS: SecretDetector[] = [dopplerToken];
