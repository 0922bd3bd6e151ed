import type { MutationConfig } from '../../../config/admission.js';
import { getPath, asRecord } from '../../../parsers/kubernetes/values.js';
import { containersOf, isWindowsPod, type PodTemplate } from '../../../parsers/kubernetes/workloads.js';
import type { Draft } from './draft.js';

/** Appends each configured toleration the pod does not already have, compared as the scheduler reads them. */
export function addTolerations(draft: Draft, pod: PodTemplate, tolerations: ReadonlyArray<Record<string, unknown>>): void {
  const path = [...pod.specPath, 'tolerations'];
  const current = draft.get(path);
  const held: unknown[] = Array.isArray(current) ? [...current] : [];
  const missing: Array<Record<string, unknown>> = [];
  for (const toleration of tolerations) {
    if (held.some((existing) => sameToleration(existing, toleration))) continue;
    held.push(toleration);
    missing.push(toleration);
  }
  draft.append('tolerations', path, missing);
}

/** Equal when key, operator (Equal when unset), value, effect (every effect when unset) and tolerationSeconds agree. */
function sameToleration(a: unknown, b: Record<string, unknown>): boolean {
  const record = asRecord(a);
  if (!record) return false;
  const norm = (t: Record<string, unknown>) => [t.key ?? '', t.operator ?? 'Equal', t.value ?? '', t.effect ?? '', t.tolerationSeconds ?? null];
  const left = norm(record);
  const right = norm(b);
  return left.every((value, i) => value === right[i]);
}

export function addNodeSelector(draft: Draft, pod: PodTemplate, nodeSelector: Readonly<Record<string, string>>): void {
  draft.fillMap('nodeSelector', [...pod.specPath, 'nodeSelector'], nodeSelector);
}

/** The only security context fields Kubernetes accepts on a pod with `spec.os.name: windows`. */
const WINDOWS_FIELDS = new Set(['runAsNonRoot', 'windowsOptions']);

/**
 * Security context defaults fill only fields the user left unset, each top-level field as a whole: a nested object
 * such as `capabilities` or `seccompProfile` is set only when entirely absent, never merged into the user's (a merged
 * profile or capability set would be one nobody wrote). A container default is also skipped where the pod's security
 * context sets the field, since a container value overrides the pod's. Kubernetes refuses Linux fields on Windows pods
 * and `windowsOptions` on Linux pods, so those are left out by `spec.os.name`. Defaults that would weaken anything are
 * refused when the configuration is compiled (validate.ts), so filling can only tighten.
 */
export function addSecurityContext(draft: Draft, pod: PodTemplate, defaults: MutationConfig['securityContext']): void {
  const windows = isWindowsPod(pod);
  const linux = getPath(pod.spec, ['os', 'name']) === 'linux';
  const allowed = (field: string): boolean => (windows ? WINDOWS_FIELDS.has(field) : !(linux && field === 'windowsOptions'));
  const podPath = [...pod.specPath, 'securityContext'];
  if (defaults.pod) draft.fillMap('securityContext', podPath, pick(defaults.pod, allowed));
  if (defaults.container) {
    const podContext = asRecord(draft.get(podPath)) ?? {};
    const fields = pick(defaults.container, (field) => allowed(field) && !Object.hasOwn(podContext, field));
    for (const ref of containersOf(pod)) draft.fillMap('securityContext', [...ref.path, 'securityContext'], fields);
  }
}

function pick(record: Readonly<Record<string, unknown>>, keep: (field: string) => boolean): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([field]) => keep(field)));
}
