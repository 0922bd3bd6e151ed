import { defineEncryptionRule, ENCRYPTION_DOCS } from './rule.js';

export const encryptionConfigInvalid = defineEncryptionRule({
  meta: {
    id: 'k8s/encryption-config-invalid',
    title: 'EncryptionConfiguration the API server would refuse',
    severity: 'high',
    target: 'kubernetes',
    sensitive: true,
    rationale:
      'A missing or malformed field, an unknown provider, a key that is not standard base64 or of a size the provider ' +
      'does not take, or two keys with one name make kube-apiserver refuse to start (or, for duplicate names, make it ' +
      'impossible to tell from etcd which key encrypted an object). Key material is never printed.',
    remediation: 'Fix the field named in the message; new keys come from `rampart encryption init` or `head -c 32 /dev/urandom | base64`.',
    references: { urls: [ENCRYPTION_DOCS] },
    aliases: {},
  },
  check(config, context) {
    for (const problem of config.problems) context.report({ path: problem.path, message: problem.message });
  },
});
