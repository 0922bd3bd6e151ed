import { asArray, asString, getPath } from '../../../../parsers/kubernetes/values.js';
import { containersOf } from '../../../../parsers/kubernetes/workloads.js';
import { defineWorkloadRule } from '../rule.js';

export const secretInEnv = defineWorkloadRule({
  meta: {
    id: 'k8s/secret-in-env',
    title: 'Secret exposed as environment variables',
    severity: 'low',
    defaultEnabled: false,
    target: 'kubernetes',
    rationale:
      'Environment variables leak more easily than files: they are inherited by every child process, dumped by crash ' +
      'reporters and debug endpoints, visible in /proc/<pid>/environ to processes sharing the PID namespace, and cannot be ' +
      'rotated without a restart, whereas a mounted Secret volume is updated in place. This is the CIS recommendation to ' +
      'prefer secrets as files; low severity because the Secret itself stays protected.',
    remediation:
      'Mount the Secret as a volume and read it from the file:\n\n```yaml\nvolumeMounts:\n  - {name: db, mountPath: /run/secrets/db, readOnly: true}\n' +
      'volumes:\n  - name: db\n    secret: {secretName: db}\n```',
    references: { cis: ['CIS Kubernetes 5.4.1'], urls: ['https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod'] },
    aliases: { checkov: ['CKV_K8S_35'], kubeLinter: ['read-secret-from-env-var'] },
  },
  check(pod, context) {
    for (const ref of containersOf(pod)) {
      asArray(ref.container.env).forEach((env, index) => {
        const selector = getPath(env, ['valueFrom', 'secretKeyRef']);
        if (selector === undefined || selector === null) return;
        const secret = asString(getPath(selector, ['name'])) ?? '?';
        const key = asString(getPath(selector, ['key'])) ?? '?';
        context.report({
          path: [...ref.path, 'env', index, 'valueFrom', 'secretKeyRef'],
          message: `container "${ref.name}" reads key "${key}" of Secret "${secret}" into env ${asString(getPath(env, ['name'])) ?? '?'}`,
        });
      });
      asArray(ref.container.envFrom).forEach((source, index) => {
        const selector = getPath(source, ['secretRef']);
        if (selector === undefined || selector === null) return;
        context.report({
          path: [...ref.path, 'envFrom', index, 'secretRef'],
          message: `container "${ref.name}" imports every key of Secret "${asString(getPath(selector, ['name'])) ?? '?'}" as environment variables`,
        });
      });
    }
  },
});
