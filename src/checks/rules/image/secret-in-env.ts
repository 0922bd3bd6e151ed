import { isLiteralSecret } from '../dockerfile/secret-assignment.js';
import { defineImageRule } from './rule.js';

export const secretInEnv = defineImageRule({
  meta: {
    id: 'image/secret-in-env',
    title: 'Secret value in the image environment',
    severity: 'high',
    sensitive: true,
    target: 'image',
    rationale: 'The `Env` of an image config is public to anyone who can pull the image (`docker inspect`), and every container started from it inherits the value. A credential baked in there is leaked with the image and cannot be rotated without a rebuild.',
    remediation: 'Remove the ENV from the Dockerfile and inject the value at run time from a Secret:\n\n```yaml\nenv:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef: {name: db, key: password}\n```\n\nThen rotate the credential: every pulled copy of the image holds it.',
    references: { cis: ['CIS Docker 4.10'], urls: ['https://docs.docker.com/build/building/secrets/'] },
    aliases: { trivy: ['DS031', 'AVD-DS-0031'] },
  },
  check({ config, report }) {
    const env = config.config?.Env;
    if (!Array.isArray(env)) return;
    env.forEach((entry, index) => {
      if (typeof entry !== 'string') return;
      const eq = entry.indexOf('=');
      const name = eq < 0 ? entry : entry.slice(0, eq);
      if (!isLiteralSecret(name, eq < 0 ? undefined : entry.slice(eq + 1))) return;
      // Never echo the value: the finding itself would leak it into logs and reports.
      report({ fieldPath: `config.Env[${index}]`, key: name, message: `image config Env ${name} holds a literal secret value (value not shown)` });
    });
  },
});
