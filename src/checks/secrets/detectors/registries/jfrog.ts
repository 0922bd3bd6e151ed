import { assignmentPattern } from '../assignment.js';
import { decodeBase64, mixesLettersAndDigits } from '../checksum.js';
import type { Confirmation, SecretDetector } from '../../types.js';

const TOKEN_DOC = 'https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens';

export const artifactoryApiKey: SecretDetector = {
  id: 'artifactory-api-key',
  title: 'JFrog Artifactory API key',
  severity: 'high',
  keywords: ['akcp'],
  pattern: /(?<![A-Za-z0-9])(?<secret>AKCp[A-Za-z0-9]{69})(?![A-Za-z0-9])/,
  minEntropy: 4,
  remediation: 'Revoke the API key (Edit profile > API key > Revoke); API keys are deprecated, so replace it with a scoped access token.',
  references: [TOKEN_DOC],
  aliases: { gitleaks: ['artifactory-api-key'], trufflehog: ['ArtifactoryAccessToken'] },
};

/** Reference tokens are base64 of `reftkn:01:<expiry>:<id>`. */
function referenceToken(secret: string): Confirmation | false {
  return decodeBase64(secret)?.toString('latin1').startsWith('reftkn:') ? 'structure' : false;
}

export const jfrogReferenceToken: SecretDetector = {
  id: 'jfrog-reference-token',
  title: 'JFrog reference token',
  severity: 'high',
  keywords: ['cmvmdgtu'],
  pattern: /(?<![A-Za-z0-9])(?<secret>cmVmdGtu[A-Za-z0-9]{56})(?![A-Za-z0-9])/,
  minEntropy: 4,
  validate: referenceToken,
  remediation: 'Revoke the token (Administration > User Management > Access Tokens, or the Access API) and issue a short-lived replacement.',
  references: [TOKEN_DOC],
  aliases: { gitleaks: ['artifactory-reference-token'], trufflehog: ['ArtifactoryAccessToken'] },
};

export const jfrogIdentityToken: SecretDetector = {
  id: 'jfrog-identity-token',
  title: 'JFrog identity token',
  severity: 'high',
  keywords: ['jfrog', 'artifactory'],
  pattern: assignmentPattern('jfrog|artifactory', '[A-Za-z0-9]{64}', { secretCase: 'insensitive', nesting: 'none' }),
  minEntropy: 4,
  validate: mixesLettersAndDigits,
  remediation: 'Revoke the identity token (Edit profile > Identity tokens) and issue a scoped access token instead.',
  references: [TOKEN_DOC],
  aliases: { gitleaks: ['jfrog-identity-token'] },
};

export const DETECTORS: SecretDetector[] = [artifactoryApiKey, jfrogReferenceToken, jfrogIdentityToken];
