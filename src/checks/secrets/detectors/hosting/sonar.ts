import { assignmentPattern } from '../assignment.js';
import type { SecretDetector } from '../../types.js';

const REFERENCES = ['https://docs.sonarsource.com/sonarqube-server/latest/user-guide/managing-tokens/'];
const REMEDIATION = 'Revoke the token (My Account > Security, or Administration > Security for global tokens) and create a new one; prefer project analysis tokens in CI.';

function prefixedToken(id: string, title: string, prefix: string): SecretDetector {
  return {
    id,
    title,
    severity: 'high',
    keywords: [prefix],
    pattern: new RegExp(`(?<![\\w])(?<secret>${prefix}[a-f0-9]{40})(?![\\w])`),
    minEntropy: 3,
    remediation: REMEDIATION,
    references: REFERENCES,
    aliases: { gitleaks: ['sonar-api-token'], trufflehog: ['SonarCloud'] },
  };
}

export const sonarUserToken = prefixedToken('sonarqube-user-token', 'SonarQube user token', 'squ_');
export const sonarProjectToken = prefixedToken('sonarqube-project-analysis-token', 'SonarQube project analysis token', 'sqp_');
export const sonarGlobalToken = prefixedToken('sonarqube-global-analysis-token', 'SonarQube global analysis token', 'sqa_');

export const sonarLegacyToken: SecretDetector = {
  id: 'sonar-legacy-token',
  title: 'SonarQube / SonarCloud token (unprefixed)',
  severity: 'high',
  keywords: ['sonar'],
  pattern: assignmentPattern(
    String.raw`sonar[_.-]?(?:login|token)`,
    '[a-f0-9]{40}',
    { secretCase: 'insensitive', nesting: 'none' },
  ),
  minEntropy: 3,
  remediation: REMEDIATION,
  references: REFERENCES,
  aliases: { gitleaks: ['sonar-api-token'], trufflehog: ['SonarCloud'] },
};

export const DETECTORS: SecretDetector[] = [sonarUserToken, sonarProjectToken, sonarGlobalToken, sonarLegacyToken];
