import type { JsonPath } from '../../../core/fix.js';
import type { KubernetesObject } from '../../../parsers/kubernetes/objects.js';
import { asRecord, asString, getPath } from '../../../parsers/kubernetes/values.js';
import { matchesLabels, stringMap, type MeshInventory } from './inventory.js';
import type { FieldRef, Workload } from './types.js';

export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';
const MODES = new Set(['UNSET', 'STRICT', 'PERMISSIVE', 'DISABLE']);

export type PolicyLevel = 'mesh' | 'namespace' | 'workload';

export interface PortMtls {
  port: string;
  /** Undefined: UNSET, inherits the workload's mode. */
  mode?: MtlsMode;
  path: JsonPath;
}

export interface PeerAuthentication {
  object: KubernetesObject;
  namespace: string;
  name: string;
  /** `undefined` for a policy Istio does not apply: a selector policy in the root namespace. */
  level: PolicyLevel | undefined;
  selector: Record<string, string>;
  /** Undefined: UNSET or absent, inherits from the parent level. */
  mode?: MtlsMode;
  /** Where `spec.mtls.mode` is, or belongs. */
  modePath: JsonPath;
  /** Only workload-level policies carry port settings; Istio ignores them elsewhere. */
  ports: PortMtls[];
  /** Reasons the API server or Istio rejects or ignores (part of) the policy. */
  problems: Array<FieldRef & { message: string }>;
  /** Rejected at admission (bad enum or port): takes no part in resolution. */
  rejected: boolean;
}

export function parsePeerAuthentication(object: KubernetesObject, inventory: MeshInventory): PeerAuthentication {
  const namespace = object.namespace ?? inventory.defaultNamespace;
  const selector = stringMap(getPath(object.raw, ['spec', 'selector', 'matchLabels']));
  const hasSelector = Object.keys(selector).length > 0;
  const inRoot = namespace === inventory.rootNamespace;
  const level: PolicyLevel | undefined = !hasSelector ? (inRoot ? 'mesh' : 'namespace') : inRoot ? undefined : 'workload';
  const problems: PeerAuthentication['problems'] = [];
  let rejected = false;
  const readMode = (path: JsonPath): MtlsMode | undefined => {
    const value = getPath(object.raw, path);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !MODES.has(value)) {
      problems.push({ object, path, message: `mode ${JSON.stringify(value)} is not one of UNSET, DISABLE, PERMISSIVE, STRICT; the API server rejects the policy` });
      rejected = true;
      return undefined;
    }
    return value === 'UNSET' ? undefined : (value as MtlsMode);
  };
  const modePath: JsonPath = ['spec', 'mtls', 'mode'];
  const mode = readMode(modePath);
  const ports: PortMtls[] = [];
  const portLevel = asRecord(getPath(object.raw, ['spec', 'portLevelMtls']));
  for (const port of Object.keys(portLevel ?? {})) {
    const path: JsonPath = ['spec', 'portLevelMtls', port, 'mode'];
    const number = Number(port);
    if (!/^\d+$/.test(port) || number < 1 || number > 65535) {
      problems.push({ object, path: ['spec', 'portLevelMtls', port], message: `port ${JSON.stringify(port)} is not a port number (1-65535); the API server rejects the policy` });
      rejected = true;
      continue;
    }
    const portMode = readMode(path);
    if (level === 'workload') ports.push({ port, path, ...(portMode ? { mode: portMode } : {}) });
  }
  if (portLevel && level !== 'workload') {
    problems.push({ object, path: ['spec', 'portLevelMtls'], message: 'portLevelMtls only applies to a policy with a workload selector; Istio ignores it here' });
  }
  if (hasSelector && inRoot) {
    problems.push({
      object,
      path: ['spec', 'selector'],
      message: `a PeerAuthentication with a selector in the root namespace ${namespace} is not applied to any workload; remove the selector for a mesh-wide policy or move it to the workload's namespace`,
    });
  }
  return { object, namespace, name: object.name ?? '?', level, selector, modePath, ports, problems, rejected, ...(mode ? { mode } : {}) };
}

export interface ResolvedMtls {
  /** The workload-wide mode, after inheritance; PERMISSIVE when nothing sets one. */
  mode: MtlsMode;
  /** The policy whose mode won, or undefined when the PERMISSIVE default applies. */
  source?: PeerAuthentication;
  ports: Array<{ port: string; mode: MtlsMode; source: PeerAuthentication }>;
  /** The policy chosen at each level (it may be UNSET). */
  chosen: Partial<Record<PolicyLevel, PeerAuthentication>>;
}

/** Istio's ComposePeerAuthentication: one policy per level (the oldest), then mesh → namespace → workload, UNSET inherits. */
export function resolveMtls(workload: Workload, policies: readonly PeerAuthentication[], ambient = false): ResolvedMtls {
  const chosen: ResolvedMtls['chosen'] = {};
  for (const policy of policies) {
    if (policy.rejected || !policy.level) continue;
    // ztunnel always tunnels over mTLS: Istio skips DISABLE policies for ambient workloads.
    if (ambient && policy.mode === 'DISABLE') continue;
    if (policy.level === 'namespace' && policy.namespace !== workload.namespace) continue;
    if (policy.level === 'workload' && (policy.namespace !== workload.namespace || !matchesLabels(policy.selector, workload.labels))) continue;
    const current = chosen[policy.level];
    if (!current || olderThan(policy, current)) chosen[policy.level] = policy;
  }
  let mode: MtlsMode = 'PERMISSIVE';
  let source: PeerAuthentication | undefined;
  for (const level of ['mesh', 'namespace', 'workload'] as const) {
    const policy = chosen[level];
    if (policy?.mode) {
      mode = policy.mode;
      source = policy;
    }
  }
  const workloadPolicy = chosen.workload;
  const ports = (workloadPolicy?.ports ?? []).map((p) => ({ port: p.port, mode: p.mode ?? mode, source: workloadPolicy! }));
  return { mode, ports, chosen, ...(source ? { source } : {}) };
}

/** Istio keeps the oldest policy of a level; without timestamps (plain manifests) the first in the input wins. */
function olderThan(a: PeerAuthentication, b: PeerAuthentication): boolean {
  const ta = asString(getPath(a.object.raw, ['metadata', 'creationTimestamp']));
  const tb = asString(getPath(b.object.raw, ['metadata', 'creationTimestamp']));
  return ta !== undefined && tb !== undefined && Date.parse(ta) < Date.parse(tb);
}

/** Policies that compete for the same mesh or namespace level: Istio silently keeps only the oldest. */
export function competingPolicies(policies: readonly PeerAuthentication[]): PeerAuthentication[][] {
  const groups = new Map<string, PeerAuthentication[]>();
  for (const policy of policies) {
    if (policy.rejected || (policy.level !== 'mesh' && policy.level !== 'namespace')) continue;
    const key = `${policy.level}/${policy.namespace}`;
    groups.set(key, [...(groups.get(key) ?? []), policy]);
  }
  return [...groups.values()].filter((group) => group.length > 1);
}

export function describePolicy(policy: PeerAuthentication): string {
  const scope = policy.level === 'mesh' ? 'mesh-wide' : policy.level === 'namespace' ? 'namespace-wide' : 'workload';
  return `${scope} PeerAuthentication ${policy.namespace}/${policy.name}`;
}
