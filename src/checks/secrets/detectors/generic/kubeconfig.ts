import { privateKey } from '../keys/private-key.js';
import type { SecretDetector } from '../../types.js';

const KUBECONFIG_DOC = 'https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/';
const PEM_KEY = /-----BEGIN (?<label>RSA PRIVATE KEY|EC PRIVATE KEY|PRIVATE KEY)-----(?<secret>[\s\S]{32,16384}?)-----END \k<label>-----/;

/** `client-key-data` holds a base64 PEM key; it counts only if that key loads, like a key in the clear. */
export const kubeconfigClientKey: SecretDetector = {
  id: 'kubeconfig-client-key',
  title: 'Client private key in a kubeconfig',
  severity: 'critical',
  keywords: ['client-key-data'],
  pattern: /client-key-data:[^\S\r\n]{0,4}["']?(?<secret>[A-Za-z0-9+/]{64,65536}={0,2})/,
  maxMatchLength: 65536,
  keepPlaceholders: true,
  validate: (secret) => {
    const pem = PEM_KEY.exec(Buffer.from(secret, 'base64').toString('utf8'));
    return pem ? privateKey.validate!(pem.groups!['secret']!, pem) : false;
  },
  remediation:
    'Revoke the client certificate (rotate the CA or remove the user\'s RBAC bindings, since Kubernetes cannot revoke single certificates) and distribute kubeconfigs with exec credential plugins instead of embedded keys.',
  references: [KUBECONFIG_DOC],
  aliases: { gitleaks: ['private-key'] },
};

/** `token:` under a kubeconfig `user:` entry: a bearer token for the API server. */
export const kubeconfigUserToken: SecretDetector = {
  id: 'kubeconfig-user-token',
  title: 'Bearer token in a kubeconfig',
  severity: 'high',
  keywords: ['token:'],
  pattern:
    /^[^\S\r\n]*user:[^\S\r\n]*\r?\n(?:[^\S\r\n]+(?!token:)[\w-]{1,64}:[^\r\n]{0,8192}\r?\n){0,16}[^\S\r\n]+token:[^\S\r\n]*["']?(?<secret>[A-Za-z0-9._~+/=-]{20,8192})/m,
  maxMatchLength: 16384,
  minEntropy: 3.5,
  remediation:
    'Revoke the token (delete the ServiceAccount token Secret, or the static token entry) and use short-lived tokens from an exec credential plugin instead.',
  references: [KUBECONFIG_DOC],
};
