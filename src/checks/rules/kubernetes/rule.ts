import type { JsonPath, Fix } from '../../../core/fix.js';
import type { RuleMeta } from '../../../core/rule.js';
import type { PssVersion, RuleSettings } from '../../../core/settings.js';
import type { KubernetesObject } from '../../../parsers/kubernetes/objects.js';
import { podTemplateOf, type PodTemplate } from '../../../parsers/kubernetes/workloads.js';

export interface KubernetesReport {
  /** Absolute path of the offending field in the object; for a missing field, where it belongs. */
  path: JsonPath;
  message: string;
  fix?: Fix;
}

export interface KubernetesRuleContext {
  object: KubernetesObject;
  settings: RuleSettings;
  report(report: KubernetesReport): void;
}

export interface PssBinding {
  level: 'baseline' | 'restricted';
  /** Implementation in force at `version`, or undefined when the check did not exist yet. */
  versionFor(version: PssVersion): PssCheckVersion | undefined;
}

export interface KubernetesRule {
  meta: RuleMeta;
  pss?: PssBinding;
  check(context: KubernetesRuleContext): void;
}

export interface SetRuleContext {
  /**
   * Every Kubernetes object of the scan: files, rendered charts and kustomizations, stdin. Pruned to
   * bound memory (pipeline/retain.ts): objects no selected set rule `reads` are their identity only;
   * no Secret/ConfigMap payloads, no volumes, and containers keep only their name and ports.
   */
  objects: readonly KubernetesObject[];
  settings: RuleSettings;
  report(report: KubernetesReport & { object: KubernetesObject }): void;
}

/**
 * A rule over the whole set of objects, for questions no single object answers: who can reach
 * whom (NetworkPolicy), who can do what (RBAC), which traffic is mutual TLS (mesh).
 */
export interface KubernetesSetRule {
  meta: RuleMeta;
  /**
   * The objects whose content the rule (or the shared model it reads) looks at. A scan keeps only
   * these in full; every other object reaches the rule as its identity alone (apiVersion, kind, name,
   * namespace), which is all a whole-scan analysis may read of an object it does not declare.
   */
  reads: ObjectFilter;
  checkAll(context: SetRuleContext): void;
}

export type ObjectFilter = (object: KubernetesObject) => boolean;

/** Objects of the given kinds, and those `also` accepts. */
export function readsKinds(kinds: readonly string[], also?: ObjectFilter): ObjectFilter {
  const wanted = new Set(kinds);
  return also ? (object) => wanted.has(object.kind) || also(object) : (object) => wanted.has(object.kind);
}

export function defineSetRule(rule: KubernetesSetRule): KubernetesSetRule {
  if (!rule.meta.id.startsWith('k8s/')) throw new Error(`Kubernetes rule IDs start with k8s/: ${rule.meta.id}`);
  return rule;
}

export function defineKubernetesRule(rule: KubernetesRule): KubernetesRule {
  if (!rule.meta.id.startsWith('k8s/')) throw new Error(`Kubernetes rule IDs start with k8s/: ${rule.meta.id}`);
  return rule;
}

/**
 * Found once per object rather than once per rule: three dozen rules ask for it, and the admission webhook pays for
 * every allocation in garbage collection pauses. Rules run object by object and only read the template, so the last
 * object's is kept (one slot: a WeakMap keyed by short-lived objects makes every young collection slower).
 */
let lastObject: KubernetesObject | undefined;
let lastTemplate: PodTemplate | undefined;
function sharedPodTemplateOf(object: KubernetesObject): PodTemplate | undefined {
  if (object !== lastObject) {
    lastTemplate = podTemplateOf(object);
    lastObject = object;
  }
  return lastTemplate;
}

/** A rule over every pod spec: Pods and the pod templates of workload kinds. */
export function defineWorkloadRule(definition: {
  meta: RuleMeta;
  check(pod: PodTemplate, context: KubernetesRuleContext): void;
}): KubernetesRule {
  return defineKubernetesRule({
    meta: definition.meta,
    check(context) {
      const pod = sharedPodTemplateOf(context.object);
      if (pod) definition.check(pod, context);
    },
  });
}

export interface PssCheckVersion {
  /** The `v1.<minor>` from which this implementation applies, as pod-security-admission declares it. */
  minimumMinor: number;
  check(pod: PodTemplate, context: KubernetesRuleContext): void;
  /** Baseline rule IDs this restricted implementation supersedes (pod-security-admission's OverrideCheckIDs). */
  overrides?: string[];
}

/**
 * A Pod Security Standards check, pinned per version like pod-security-admission's VersionedCheck: a
 * pod evaluated at `v1.18` gets the implementation declared for 1.18 and earlier, forever.
 */
export function definePssRule(definition: {
  meta: RuleMeta;
  level: 'baseline' | 'restricted';
  versions: PssCheckVersion[];
}): KubernetesRule {
  const { versions } = definition;
  if (versions.length === 0) throw new Error(`${definition.meta.id}: a PSS rule needs at least one version`);
  for (let i = 1; i < versions.length; i++) {
    if (versions[i]!.minimumMinor <= versions[i - 1]!.minimumMinor) {
      throw new Error(`${definition.meta.id}: PSS versions must strictly increase`);
    }
  }
  const versionFor = (version: PssVersion): PssCheckVersion | undefined => {
    let match: PssCheckVersion | undefined;
    for (const candidate of versions) if (candidate.minimumMinor <= version.minor) match = candidate;
    return match;
  };
  return defineKubernetesRule({
    meta: definition.meta,
    pss: { level: definition.level, versionFor },
    check(context) {
      const implementation = versionFor(context.settings.pss.version);
      const pod = sharedPodTemplateOf(context.object);
      if (implementation && pod) implementation.check(pod, context);
    },
  });
}
