import { defineKubernetesRule } from '../rule.js';
import { committedValues } from './secret-values.js';

export const secretConfigInManifest = defineKubernetesRule({
  meta: {
    id: 'k8s/secret-config-in-manifest',
    title: 'Secret manifest commits values in plain text',
    severity: 'low',
    sensitive: true,
    target: 'kubernetes',
    rationale:
      'Values of a Secret manifest that do not read as credentials (configuration files, usernames, hostnames, settings) ' +
      'are still committed readable to everyone with the repository: base64 in `data` is an encoding, not encryption, and ' +
      'the author chose a Secret because they meant them to be private. Low, because nothing in them matched a ' +
      'credential; values that do are k8s/secret-in-manifest (high). Only the size is reported, never the value.',
    remediation:
      'Keep non-confidential configuration in a ConfigMap, and generate the Secret at deploy time from a secret store ' +
      '(or commit it encrypted with SOPS or Sealed Secrets) if the values are private:\n\n```yaml\napiVersion: v1\n' +
      'kind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  config.yaml: |\n    logLevel: info\n```',
    references: { urls: ['https://kubernetes.io/docs/concepts/security/secrets-good-practices/'] },
    aliases: {},
  },
  check(context) {
    for (const value of committedValues(context.object)) {
      if (!value.credential) context.report({ path: value.path, message: value.message });
    }
  },
});
