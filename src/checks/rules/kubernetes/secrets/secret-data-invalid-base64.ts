import { asRecord } from '../../../../parsers/kubernetes/values.js';
import { defineKubernetesRule } from '../rule.js';
import { decodeSecretData } from '../../../secrets/objects/secret-data.js';

export const secretDataInvalidBase64 = defineKubernetesRule({
  meta: {
    id: 'k8s/secret-data-invalid-base64',
    title: 'Secret data value is not valid base64',
    severity: 'medium',
    sensitive: true,
    target: 'kubernetes',
    rationale:
      'Every value under a Secret\'s `data` must be standard, padded base64 (line breaks allowed); anything else makes the ' +
      'API server reject the whole object, so the deployment fails. It usually means a plain-text value was put under ' +
      '`data` instead of `stringData`, which also means the plain text is now in the repository. Values are never printed.',
    remediation:
      'Encode the value (`printf %s "$value" | base64 -w0`), or put plain text under `stringData`, which the API server ' +
      'encodes for you:\n\n```yaml\nstringData:\n  password: <from your secret store>\n```',
    references: { urls: ['https://kubernetes.io/docs/concepts/configuration/secret/#restriction-names-data'] },
    aliases: {},
  },
  check(context) {
    const { object } = context;
    if (object.kind !== 'Secret') return;
    const data = asRecord(object.raw.data);
    if (!data) return;
    for (const [key, value] of Object.entries(data)) {
      if (value === null) continue; // JSON null decodes to an empty value
      const problem =
        typeof value !== 'string'
          ? `is a ${Array.isArray(value) ? 'list' : typeof value}, not a base64 string`
          : decodeSecretData(value) === undefined
            ? `is not valid base64 (${value.length} characters)`
            : undefined;
      if (!problem) continue;
      context.report({ path: ['data', key], message: `Secret "${object.name ?? '?'}" data["${key}"] ${problem}; the API server will reject the object` });
    }
  },
});
