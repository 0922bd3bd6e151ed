import { defineEncryptionRule, ENCRYPTION_DOCS } from './rule.js';

export const encryptionKmsV1 = defineEncryptionRule({
  meta: {
    id: 'k8s/encryption-kms-v1',
    title: 'KMS v1 provider (deprecated, off by default since Kubernetes 1.29)',
    severity: 'medium',
    target: 'kubernetes',
    sensitive: true,
    rationale:
      'KMS v1 calls the plugin for every object read and written and is deprecated; from Kubernetes 1.29 the API server ' +
      'refuses it unless the KMSv1 feature gate is turned on. KMS v2 caches data keys and rotates them automatically.',
    remediation: 'Set `apiVersion: v2` on the kms provider with a plugin that speaks KMS v2, then rewrite the Secrets (`rampart encryption rotate`).',
    references: { urls: [ENCRYPTION_DOCS, 'https://kubernetes.io/docs/tasks/administer-cluster/kms-provider/'] },
    aliases: {},
  },
  check(config, context) {
    for (const group of config.groups) {
      for (const provider of group.providers) {
        if (provider.type === 'kms' && provider.kms?.apiVersion === 'v1') context.report({ path: provider.path, message: `kms provider "${provider.kms.name}" uses the deprecated KMS v1 API` });
      }
    }
  },
});
