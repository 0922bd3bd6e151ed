import { asArray, asRecord, asString } from '../../../../parsers/kubernetes/values.js';
import { containersOf } from '../../../../parsers/kubernetes/workloads.js';
import { defineWorkloadRule } from '../rule.js';
import { describeCredential, findCredential } from './credentials.js';

export const envPlainSecret = defineWorkloadRule({
  meta: {
    id: 'k8s/env-plain-secret',
    title: 'Credential in a plain environment variable value',
    severity: 'high',
    sensitive: true,
    target: 'kubernetes',
    rationale:
      'A literal `env[].value` is stored in the manifest, in Git history, in the object everyone with read access to the ' +
      'workload can see (`kubectl get -o yaml`), and in rendered Helm releases; none of the Secret protections (RBAC ' +
      'separation, encryption at rest, external secret stores) apply. Reported when the variable name reads as a credential ' +
      '(PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY...) but not as metadata about one (*_FILE, *_PATH, *_URL, *_ID...), and ' +
      'the value is a literal rather than empty, a `$(VAR)` reference, a template placeholder, a path or a flag; also for ' +
      'any variable holding a private key or a URL with an embedded password. Values are never printed.',
    remediation:
      'Move the value into a Secret (or an external secret store) and reference it:\n\n```yaml\nenv:\n  - name: DB_PASSWORD\n' +
      '    valueFrom:\n      secretKeyRef: {name: db, key: password}\n```\n\nThen rotate the credential: it is in Git history.',
    references: { cis: ['CIS Kubernetes 5.4.1'], nsa: 'Kubernetes Pod security: secrets' },
    aliases: { kubeLinter: ['env-var-secret'] },
  },
  check(pod, context) {
    for (const ref of containersOf(pod)) {
      asArray(ref.container.env).forEach((value, index) => {
        const env = asRecord(value);
        const name = asString(env?.name);
        const literal = asString(env?.value);
        if (name === undefined || literal === undefined) return;
        const finding = findCredential(name, literal);
        if (!finding) return;
        context.report({
          path: [...ref.path, 'env', index, 'value'],
          message: `container "${ref.name}" env ${name} holds ${describeCredential(finding)}`,
        });
      });
    }
  },
});
