import type { AdmissionExemptions, AdmissionModes } from '../../config/admission.js';
import { atLeast, isSeverity, type Severity } from '../../core/severity.js';
import { asRecord, getPath } from '../../parsers/kubernetes/values.js';
import type { Labels } from './namespaces.js';
import type { AdmissionRequest } from './review.js';

export const MODE_LABEL_PREFIX = 'rampart.io/';
const MODES = ['enforce', 'warn', 'audit'] as const;

/** Namespaces a webhook must never block, so a broken policy cannot stop the cluster's or its own recovery. */
export const ALWAYS_EXEMPT_NAMESPACES: readonly string[] = ['kube-system'];

export interface ResolvedModes {
  modes: AdmissionModes;
  /** Labels that could not be read; each fails closed (see modesFor). */
  problems: string[];
}

/**
 * Per-namespace thresholds as pod-security-admission reads its labels: `rampart.io/enforce: high` and so on, each
 * falling back to the configured default. An unreadable value fails closed at the strictest threshold, as an
 * invalid pod-security level does, and is reported so the namespace owner sees why.
 */
export function modesFor(labels: Labels | undefined, defaults: AdmissionModes): ResolvedModes {
  const modes: AdmissionModes = { ...defaults };
  const problems: string[] = [];
  for (const mode of MODES) {
    const value = labels?.[`${MODE_LABEL_PREFIX}${mode}`];
    if (value === undefined) continue;
    const normalized = value.trim().toLowerCase();
    if (normalized === 'off' || isSeverity(normalized)) {
      modes[mode] = normalized;
    } else {
      modes[mode] = 'info';
      problems.push(`namespace label ${MODE_LABEL_PREFIX}${mode}=${JSON.stringify(value.slice(0, 40))} is not a severity or off; applying it to every severity`);
    }
  }
  return { modes, problems };
}

export function reaches(severity: Severity, threshold: Severity | 'off'): boolean {
  return threshold !== 'off' && atLeast(severity, threshold);
}

const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/** Why a request is not evaluated at all, or undefined. */
export function exemption(request: AdmissionRequest, exemptions: AdmissionExemptions, ownNamespace: string | undefined): string | undefined {
  const namespace = request.namespace ?? (request.kind.kind === 'Namespace' ? request.name : undefined);
  if (namespace && (ALWAYS_EXEMPT_NAMESPACES.includes(namespace) || namespace === ownNamespace)) return `namespace ${namespace} is always exempt`;
  if (namespace && exemptions.namespaces.includes(namespace)) return `namespace ${namespace} is exempt`;
  const { username, groups } = request.userInfo;
  if (exemptions.usernames.includes(username)) return `user ${username} is exempt`;
  const group = groups.find((g) => exemptions.groups.includes(g));
  if (group) return `group ${group} is exempt`;
  if (username.startsWith(SERVICE_ACCOUNT_PREFIX)) {
    const account = username.slice(SERVICE_ACCOUNT_PREFIX.length).replace(':', '/');
    if (exemptions.serviceAccounts.includes(account)) return `service account ${account} is exempt`;
  }
  const runtimeClass = request.object ? runtimeClassOf(request.object) : undefined;
  if (runtimeClass && exemptions.runtimeClasses.includes(runtimeClass)) return `runtime class ${runtimeClass} is exempt`;
  return undefined;
}

/** Pod specs sit at one of a few places; pod-security-admission exempts by the pod's runtimeClassName alone. */
const POD_SPEC_PATHS: ReadonlyArray<readonly string[]> = [['spec'], ['spec', 'template', 'spec'], ['spec', 'jobTemplate', 'spec', 'template', 'spec'], ['template', 'spec']];

function runtimeClassOf(object: Record<string, unknown>): string | undefined {
  for (const path of POD_SPEC_PATHS) {
    const spec = asRecord(getPath(object, path));
    if (spec && typeof spec.runtimeClassName === 'string') return spec.runtimeClassName;
  }
  return undefined;
}
