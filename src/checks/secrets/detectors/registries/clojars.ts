import type { SecretDetector } from '../../types.js';

export const clojarsDeployToken: SecretDetector = {
  id: 'clojars-deploy-token',
  title: 'Clojars deploy token',
  severity: 'high',
  keywords: ['clojars_'],
  pattern: /(?<![\w])(?<secret>CLOJARS_[A-Za-z0-9]{60})(?![\w])/,
  minEntropy: 3.5,
  remediation: 'Disable the deploy token (clojars.org > Dashboard > Deploy tokens) and create a new one scoped to a single group or artifact.',
  references: ['https://github.com/clojars/clojars-web/wiki/Deploy-Tokens'],
  aliases: { gitleaks: ['clojars-api-token'] },
};

export const DETECTORS: SecretDetector[] = [clojarsDeployToken];
