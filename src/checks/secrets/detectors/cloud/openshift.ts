import type { SecretDetector } from '../../types.js';

/**
 * An OpenShift OAuth access token (`oc whoami -t`, the kubeconfig `oc login` writes): `sha256~` and 43 base64url
 * characters since OpenShift 4.6. The OAuthAccessToken objects that record issued tokens are named the same way
 * (the hash of the token), so a listing of them is reported too; their names are not credentials.
 */
export const openshiftUserToken: SecretDetector = {
  id: 'openshift-user-token',
  title: 'OpenShift OAuth access token',
  severity: 'high',
  keywords: ['sha256~'],
  pattern: /(?<![\w~-])(?<secret>sha256~[A-Za-z0-9_-]{43})(?![\w-])/,
  minEntropy: 3.5,
  remediation:
    'Delete the token (`oc delete oauthaccesstoken sha256~...`, named by its hash, or `oc logout` in the session that holds it), then check the API audit log for requests made with it; prefer service-account tokens bound to a pod for automation.',
  references: ['https://docs.redhat.com/en/documentation/openshift_container_platform/4.17/html/oauth_apis/oauth-apis', 'https://docs.okd.io/latest/rest_api/oauth_apis/oauth-apis-index.html'],
  aliases: { gitleaks: ['openshift-user-token'] },
};

export const DETECTORS: SecretDetector[] = [openshiftUserToken];
