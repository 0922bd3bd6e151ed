import type { SecretDetector } from '../../types.js';
import { dockerConfigAuth } from './docker-config-auth.js';
import { kubeconfigClientKey, kubeconfigUserToken } from './kubeconfig.js';
import { netrcPassword } from './netrc.js';
import { npmrcAuth } from './npmrc.js';
import { pypircPassword } from './pypirc.js';
import { genericSecretAssignment } from './secret-assignment.js';
import { urlCredentials } from './url-credentials.js';

export const DETECTORS: SecretDetector[] = [
  kubeconfigClientKey,
  kubeconfigUserToken,
  dockerConfigAuth,
  npmrcAuth,
  pypircPassword,
  netrcPassword,
  urlCredentials,
  genericSecretAssignment,
];
