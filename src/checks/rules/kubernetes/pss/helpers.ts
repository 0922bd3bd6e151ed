import type { JsonPath } from '../../../../core/fix.js';
import { asRecord } from '../../../../parsers/kubernetes/values.js';
import { isWindowsPod, type ContainerRef, type PodTemplate } from '../../../../parsers/kubernetes/workloads.js';
import type { PssCheckVersion } from '../rule.js';

type PodCheck = PssCheckVersion['check'];

export function containerSecurityContext(ref: ContainerRef): Record<string, unknown> | undefined {
  return asRecord(ref.container.securityContext);
}

export function podSecurityContext(pod: PodTemplate): Record<string, unknown> | undefined {
  return asRecord(pod.spec.securityContext);
}

export function containerSecurityContextPath(ref: ContainerRef, ...fields: Array<string | number>): JsonPath {
  return [...ref.path, 'securityContext', ...fields];
}

export function podSecurityContextPath(pod: PodTemplate, ...fields: Array<string | number>): JsonPath {
  return [...pod.specPath, 'securityContext', ...fields];
}

export function podAnnotations(pod: PodTemplate): Record<string, unknown> {
  return asRecord(pod.metadata.annotations) ?? {};
}

export function annotationPath(pod: PodTemplate, key: string): JsonPath {
  return [...pod.metadataPath, 'annotations', key];
}

/**
 * From v1.25 upstream exempts `spec.os.name: windows` pods from Linux-only restricted checks, because
 * API validation already forbids those fields on Windows pods.
 */
export function exemptingWindows(check: PodCheck): PodCheck {
  return (pod, context) => {
    if (!isWindowsPod(pod)) check(pod, context);
  };
}

/**
 * KEP-127: a pod with `hostUsers: false` runs in a user namespace, where container root is not host
 * root; from v1.35 upstream skips some checks for such pods.
 */
export function exemptingUserNamespaces(check: PodCheck): PodCheck {
  return (pod, context) => {
    if (pod.spec.hostUsers !== false) check(pod, context);
  };
}

/** Present in the object: pod-security-admission sees a null field as unset, like an absent one. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}
