import { asRecord, asString } from '../../../parsers/kubernetes/values.js';
import { defineKubernetesRule } from '../rule.js';
import { decodeSecretData } from './base64.js';
import { isPlaceholder, redacted } from './credentials.js';

/** Only public certificates: `tls.crt`, `ca.crt` and CA bundles are not secret. */
const CERTIFICATES_ONLY = /^(\s*-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----)+\s*$/;

export const secretInManifest = defineKubernetesRule({
  meta: {
    id: 'k8s/secret-in-manifest',
    title: 'Secret values committed in a manifest',
    severity: 'high',
    sensitive: true,
    target: 'kubernetes',
    rationale:
      'A Secret manifest with `data` or `stringData` puts the credential in the repository, its history, every clone and ' +
      'every CI log that prints rendered manifests; base64 in `data` is an encoding, not encryption. Reported per key with ' +
      'only its size, never its value. Not reported: empty values, placeholders (${VAR}, {{ }}, <...>), public certificates, ' +
      'the `namespace` key of service-account-token Secrets, and SOPS-encrypted manifests. Sealed Secrets and External ' +
      'Secrets are other kinds and are never reported.',
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
    const { object } = context;
    if (object.kind !== 'Secret' || object.raw.sops !== undefined) return;
    const type = asString(object.raw.type);
    for (const field of ['data', 'stringData'] as const) {
      const entries = asRecord(object.raw[field]);
      if (!entries) continue;
      for (const [key, value] of Object.entries(entries)) {
        if (typeof value !== 'string' || value === '' || value.startsWith('ENC[')) continue;
        if (type === 'kubernetes.io/service-account-token' && key === 'namespace') continue;
        const decoded = field === 'data' ? decodeSecretData(value) : Buffer.from(value, 'utf8');
        let hint: string;
        if (decoded === undefined) {
          hint = redacted(value.length, 'characters', ', not valid base64');
        } else {
          const text = decoded.toString('utf8');
          if (decoded.length === 0 || isPlaceholder(text) || CERTIFICATES_ONLY.test(text)) continue;
          hint = redacted(decoded.length, 'bytes');
        }
        const how = field === 'data' ? 'base64 is an encoding, not encryption' : 'stringData is plain text';
        context.report({
          path: [field, key],
          message: `Secret "${object.name ?? '?'}" commits ${field}["${key}"] ${hint} in the manifest; ${how}`,
        });
      }
    }
  },
});
