import { asRecord } from '../../../../parsers/kubernetes/values.js';
import { defineKubernetesRule } from '../rule.js';
import { credentialsIn, describeCredential } from './credentials.js';

export const configMapCredentials = defineKubernetesRule({
  meta: {
    id: 'k8s/configmap-credentials',
    title: 'Credential stored in a ConfigMap',
    severity: 'high',
    sensitive: true,
    target: 'kubernetes',
    rationale:
      'ConfigMaps are meant for non-confidential data: they are readable by far more subjects than Secrets, mounted and ' +
      'logged freely, and excluded from encryption at rest. Reported when a key reads as a credential (DB_PASSWORD, ' +
      'apiKey...) with a literal value, when an embedded config file sets such a key (application.properties, .env, YAML, ' +
      'JSON), or when any value holds a private key or a URL with a password. Metadata keys (*_FILE, *_URL, *_ID...), ' +
      'placeholders such as ${DB_PASSWORD} and flags are ignored; values are never printed.',
    remediation:
      'Move the credential into a Secret and reference it from the pod (or from the config file through an environment ' +
      'variable placeholder):\n\n```yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: app-db\nstringData:\n  DB_PASSWORD: <from your secret store>\n```',
    references: { urls: ['https://kubernetes.io/docs/concepts/configuration/configmap/'] },
    aliases: { trivy: ['AVD-KSV-0109'] },
  },
  check(context) {
    const { object } = context;
    if (object.kind !== 'ConfigMap') return;
    const data = asRecord(object.raw.data);
    if (!data) return;
    for (const [key, value] of Object.entries(data)) {
      if (typeof value !== 'string') continue;
      const hits = credentialsIn(key, value);
      if (hits.length === 0) continue;
      const what = hits.map((hit) => (hit.line === undefined ? describeCredential(hit.finding) : `${hit.setting} (line ${hit.line}): ${describeCredential(hit.finding)}`));
      context.report({ path: ['data', key], message: `ConfigMap "${object.name ?? '?'}" data["${key}"] holds ${what.join('; ')}` });
    }
  },
});
