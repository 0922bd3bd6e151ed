import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { envPlainSecret } from './env-plain-secret.js';

describe('k8s/env-plain-secret', () => {
  it('fires on literal credentials, URL passwords and private keys, never printing them', () => {
    const hits = runRule(envPlainSecret, deployment(`
      initContainers:
        - name: migrate
          env:
            - {name: DATABASE_URL, value: "postgres://app:hunter22@db:5432/app"}
      containers:
        - name: app
          env:
            - {name: LOG_LEVEL, value: debug}
            - {name: DB_PASSWORD, value: hunter22}
            - {name: stripeApiKey, value: sk_live_0123456789}
            - name: TLS_KEY
              value: |
                -----BEGIN RSA PRIVATE KEY-----
                MIIEow
                -----END RSA PRIVATE KEY-----
    `));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.template.spec.containers[0].env[1].value', 'container "app" env DB_PASSWORD holds a literal value <redacted, 8 characters>'],
      ['spec.template.spec.containers[0].env[2].value', 'container "app" env stripeApiKey holds a literal value <redacted, 18 characters>'],
      ['spec.template.spec.containers[0].env[3].value', 'container "app" env TLS_KEY holds a private key'],
      ['spec.template.spec.initContainers[0].env[0].value', 'container "migrate" env DATABASE_URL holds a password in a URL <redacted, 8 characters>'],
    ]);
    for (const hit of hits) expect(hit.message).not.toMatch(/hunter22|sk_live|MIIEow/);
  });

  it('stays quiet for references, placeholders, metadata names, paths, flags and empty values', () => {
    expect(runRule(envPlainSecret, pod(`
      containers:
        - name: app
          env:
            - name: DB_PASSWORD
              valueFrom: {secretKeyRef: {name: db, key: password}}
            - {name: DB_PASSWORD_FILE, value: /run/secrets/db}
            - {name: OAUTH_TOKEN_URL, value: "https://auth.example.com/oauth/token"}
            - {name: AWS_ACCESS_KEY_ID, value: AKIAEXAMPLE}
            - {name: API_TOKEN, value: ""}
            - {name: API_TOKEN_COPY, value: "$(API_TOKEN)"}
            - {name: SMTP_PASSWORD, value: "\${SMTP_PASSWORD}"}
            - {name: USE_TOKEN, value: "true"}
            - {name: DATABASE_URL, value: "postgres://app@db/app"}
            - {name: MAX_TOKENS, value: "4096"}
    `))).toEqual([]);
  });
});
