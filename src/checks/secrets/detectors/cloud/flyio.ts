import type { SecretDetector } from '../../types.js';

export const flyioToken: SecretDetector = {
  id: 'flyio-token',
  title: 'Fly.io access token',
  severity: 'high',
  keywords: ['fo1_', 'fm1a_', 'fm1r_', 'fm2_'],
  // fo1_ are OAuth tokens; fm1/fm2 are macaroons (deploy, org and machine tokens), usually written `FlyV1 fm2_…`.
  pattern: /(?<![\w-])(?<secret>fo1_[A-Za-z0-9_-]{43}|(?:fm1[ar]|fm2)_[A-Za-z0-9+/]{100,4000}={0,3})(?![\w+/=-])/,
  minEntropy: 4,
  maxMatchLength: 4200,
  remediation: 'Revoke the token (`fly tokens revoke <id>` after `fly tokens list`, or the dashboard) and prefer deploy tokens scoped to one app with an expiry.',
  references: ['https://fly.io/docs/security/tokens/'],
  aliases: { gitleaks: ['flyio-access-token'] },
};

export const DETECTORS: SecretDetector[] = [flyioToken];
