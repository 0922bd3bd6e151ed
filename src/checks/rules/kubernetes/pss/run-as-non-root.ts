import { containersOf, type ContainerRef, type PodTemplate } from '../../../../parsers/kubernetes/workloads.js';
import { definePssRule, type KubernetesRuleContext } from '../rule.js';
import { setField } from '../fixes.js';
import {
  containerSecurityContext,
  containerSecurityContextPath,
  exemptingUserNamespaces,
  podSecurityContext,
  podSecurityContextPath,
} from './helpers.js';

/**
 * Mirrors pod-security-admission policy/check_runAsNonRoot.go (check ID `runAsNonRoot`, restricted,
 * v1.0; from v1.35 pods with `hostUsers: false` are exempt).
 *
 * Restricted fields: spec.securityContext.runAsNonRoot,
 *   spec.{containers,initContainers,ephemeralContainers}[*].securityContext.runAsNonRoot
 * Allowed values: true; a container may leave it undefined when the pod level sets true
 */
const RUN_AS_NON_ROOT_FIX = 'set runAsNonRoot to true (the image must then run as a non-root numeric USER)';

function check(pod: PodTemplate, context: KubernetesRuleContext): void {
  const podValue = podSecurityContext(pod)?.runAsNonRoot;
  if (podValue === false) {
    const path = podSecurityContextPath(pod, 'runAsNonRoot');
    context.report({
      path,
      message: 'pod must not set securityContext.runAsNonRoot=false',
      ...(runsAsRootUser(pod) ? {} : { fix: setField(context.object, path, true, RUN_AS_NON_ROOT_FIX) }),
    });
  }
  for (const ref of containersOf(pod)) {
    const value = containerSecurityContext(ref)?.runAsNonRoot;
    if (value === true || (podValue === true && (value === undefined || value === null))) continue;
    const path = containerSecurityContextPath(ref, 'runAsNonRoot');
    const message =
      value === false
        ? `container "${ref.name}" must not set securityContext.runAsNonRoot=false`
        : `pod or container "${ref.name}" must set securityContext.runAsNonRoot=true`;
    context.report({
      path,
      message,
      ...(runsAsRootUser(pod, ref) ? {} : { fix: setField(context.object, path, true, RUN_AS_NON_ROOT_FIX) }),
    });
  }
}

/**
 * runAsNonRoot=true next to an explicit UID 0 makes the kubelet refuse to start the container, so
 * such a pod gets no fix: its user must change first.
 */
function runsAsRootUser(pod: PodTemplate, ref?: ContainerRef): boolean {
  const podUser = podSecurityContext(pod)?.runAsUser;
  if (!ref) return podUser === 0 || containersOf(pod).some((each) => effectiveUser(podUser, each) === 0);
  return effectiveUser(podUser, ref) === 0;
}

function effectiveUser(podUser: unknown, ref: ContainerRef): unknown {
  return containerSecurityContext(ref)?.runAsUser ?? podUser;
}

export const runAsNonRoot = definePssRule({
  level: 'restricted',
  meta: {
    id: 'k8s/pss-run-as-non-root',
    title: 'Container may run as root',
    severity: 'high',
    target: 'kubernetes',
    rationale:
      'Without runAsNonRoot=true the kubelet starts the image as whatever user it declares, usually root; root in a container is one kernel or runtime bug away from root on the node.',
    remediation:
      'Require a non-root user at the pod level (containers inherit it), and build images with a numeric non-root USER:\n\n```yaml\nspec:\n  securityContext:\n    runAsNonRoot: true\n    runAsUser: 10001\n```',
    references: { pss: 'Running as Non-root', cis: ['CIS Kubernetes 5.2.7'], nsa: 'Pod security: non-root and unprivileged containers' },
    aliases: {
      trivy: ['KSV012', 'AVD-KSV-0012'],
      checkov: ['CKV_K8S_23'],
      kubeLinter: ['run-as-non-root'],
      polaris: ['runAsRootAllowed'],
    },
    controls: ['pss:restricted:runAsNonRoot'],
    fixable: true,
  },
  versions: [
    { minimumMinor: 0, check },
    { minimumMinor: 35, check: exemptingUserNamespaces(check) },
  ],
});
