import { defineKubernetesRule } from '../rule.js';
import { committedValues } from './secret-values.js';

export const secretInManifest = defineKubernetesRule({
  meta: {
    id: 'k8s/secret-in-manifest',
    title: 'Credential committed in a Secret manifest',
    severity: 'high',
    sensitive: true,
    target: 'kubernetes',
    rationale:
      'A Secret manifest with `data` or `stringData` puts the credential in the repository, its history, every clone and ' +
      'every CI log that prints rendered manifests; base64 in `data` is an encoding, not encryption. Reported per key ' +
      'that holds a credential: a key its Secret type defines as one (`.dockerconfigjson`, `tls.key`, `ssh-privatekey`, ' +
      'basic-auth `password`, token Secrets\' `token`), a key named like one (DB_PASSWORD, apiKey), a private key, a URL ' +
      'with a password or an embedded config file setting a credential, or a long random-looking token. Other values are ' +
      'k8s/secret-config-in-manifest (low). Only the size is reported, never the value. Not reported: empty values, ' +
      'placeholders (${VAR}, {{ }}, <...>), public certificates, the `namespace` key of service-account-token Secrets, and ' +
      'SOPS-encrypted manifests. Sealed Secrets and External Secrets are other kinds and are never reported. A value a ' +
      '`secret/*` detector also recognises is reported once, by the detector, which names the credential.',
    remediation:
      'Keep the value out of Git: create the Secret at deploy time from a secret store (External Secrets Operator, Vault ' +
      'agent, CSI secrets store), or commit it encrypted (SOPS, Sealed Secrets):\n\n```yaml\napiVersion: external-secrets.io/v1beta1\n' +
      'kind: ExternalSecret\nmetadata: {name: db}\nspec:\n  secretStoreRef: {name: vault, kind: ClusterSecretStore}\n  target: {name: db}\n' +
      '  data:\n    - secretKey: password\n      remoteRef: {key: db, property: password}\n```\n\nThen rotate the committed credential.',
    references: {
      cis: ['CIS Kubernetes 5.4.2'],
      nsa: 'Kubernetes Pod security: secrets',
      urls: ['https://kubernetes.io/docs/concepts/security/secrets-good-practices/'],
    },
    aliases: {},
  },
  check(context) {
    for (const value of committedValues(context.object)) {
      if (value.credential) context.report({ path: value.path, message: value.message });
    }
  },
});
