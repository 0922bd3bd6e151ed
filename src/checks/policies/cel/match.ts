import { isEmptySelector, parseSelector, selectorMatches, type LabelSelector, type Labels, type PolicyIssue } from '../../../parsers/kubernetes/label-selector.js';
import { asArray, asRecord, asString } from '../../../parsers/kubernetes/values.js';
import type { PolicyOperation } from '../types.js';

/** What matching needs to know about one admission request. */
export interface MatchRequest {
  group: string;
  version: string;
  kind: string;
  resource: string;
  namespaced: boolean;
  name: string;
  namespace: string | undefined;
  operation: PolicyOperation;
  /** Labels the namespaceSelector is matched against; undefined when the namespace is not known. */
  namespaceLabels: Labels | undefined;
  objectLabels: Labels | undefined;
  oldObjectLabels: Labels | undefined;
  isBuiltIn: boolean;
}

interface ResourceRule {
  apiGroups: readonly string[];
  apiVersions: readonly string[];
  resources: readonly string[];
  operations: readonly string[];
  resourceNames: readonly string[];
  scope: string;
}

/** A compiled `matchConstraints` (policy) or `matchResources` (binding). */
export interface MatchResources {
  rules: readonly ResourceRule[];
  excluded: readonly ResourceRule[];
  namespaceSelector: LabelSelector;
  objectSelector: LabelSelector;
  equivalent: boolean;
}

const IRREGULAR_PLURALS: Record<string, string> = { endpoints: 'endpoints' };

/**
 * The resource a kind is served as. Kubernetes learns it from discovery; offline, the apiserver's own guess
 * (meta.UnsafeGuessKindToResource: lowercase, `s`/`es`/`ies`) is right for every built-in kind except Endpoints,
 * and for custom resources whose CRD keeps the default plural.
 */
export function resourceForKind(kind: string): string {
  const singular = kind.toLowerCase();
  const irregular = IRREGULAR_PLURALS[singular];
  if (irregular) return irregular;
  if (singular.endsWith('s')) return `${singular}es`;
  if (singular.endsWith('y')) return `${singular.slice(0, -1)}ies`;
  return `${singular}s`;
}

/** Built-in resources served at more than one version, which matchPolicy Equivalent treats as one. */
const MULTI_VERSION: Record<string, readonly string[]> = { 'autoscaling/horizontalpodautoscalers': ['v1', 'v2'] };

const strings = (value: unknown): string[] => asArray(value).filter((v): v is string => typeof v === 'string');

function parseRule(value: unknown): ResourceRule {
  const record = asRecord(value) ?? {};
  return {
    apiGroups: strings(record.apiGroups),
    apiVersions: strings(record.apiVersions),
    resources: strings(record.resources),
    operations: strings(record.operations),
    resourceNames: strings(record.resourceNames),
    scope: asString(record.scope) ?? '*',
  };
}

/** Parses matchConstraints/matchResources; selector problems the apiserver would reject go to `issues`. */
export function parseMatchResources(value: unknown, path: string, issues: string[]): MatchResources {
  const record = asRecord(value) ?? {};
  const selectorIssues: PolicyIssue[] = [];
  const result: MatchResources = {
    rules: asArray(record.resourceRules).map(parseRule),
    excluded: asArray(record.excludeResourceRules).map(parseRule),
    namespaceSelector: parseSelector(record.namespaceSelector ?? {}, ['namespaceSelector'], selectorIssues),
    objectSelector: parseSelector(record.objectSelector ?? {}, ['objectSelector'], selectorIssues),
    equivalent: (asString(record.matchPolicy) ?? 'Equivalent') === 'Equivalent',
  };
  for (const issue of selectorIssues) issues.push(`${path}.${issue.path.join('.')}: ${issue.message}`);
  const matchPolicy = asString(record.matchPolicy);
  if (matchPolicy !== undefined && matchPolicy !== 'Exact' && matchPolicy !== 'Equivalent') {
    issues.push(`${path}.matchPolicy: Unsupported value: "${matchPolicy}": supported values: "Equivalent", "Exact"`);
  }
  [...result.rules, ...result.excluded].forEach((rule) => {
    if (!['*', 'Cluster', 'Namespaced'].includes(rule.scope)) {
      issues.push(`${path}.resourceRules.scope: Unsupported value: "${rule.scope}": supported values: "*", "Cluster", "Namespaced"`);
    }
  });
  return result;
}

function listed(values: readonly string[], value: string): boolean {
  return values.includes('*') || values.includes(value);
}

function versionMatches(rule: ResourceRule, request: MatchRequest, equivalent: boolean): boolean {
  if (listed(rule.apiVersions, request.version)) return true;
  if (!equivalent) return false;
  // The apiserver converts the object to any version the rule names that serves the same resource.
  if (!request.isBuiltIn) return rule.apiVersions.length > 0;
  const served = MULTI_VERSION[`${request.group}/${request.resource}`] ?? [];
  return rule.apiVersions.some((version) => served.includes(version));
}

function ruleMatches(rule: ResourceRule, request: MatchRequest, equivalent: boolean): boolean {
  if (!listed(rule.operations, request.operation)) return false;
  if (!listed(rule.apiGroups, request.group)) return false;
  if (!versionMatches(rule, request, equivalent)) return false;
  // No subresource is ever admitted here: '*' and 'pods' match, 'pods/*' and '*/status' do not; '*/*' matches all.
  if (!rule.resources.some((resource) => resource === '*/*' || resource === '*' || resource === request.resource)) return false;
  if (rule.scope === 'Cluster' && request.namespaced) return false;
  if (rule.scope === 'Namespaced' && !request.namespaced) return false;
  return rule.resourceNames.length === 0 || rule.resourceNames.includes(request.name);
}

/** Whether the request falls under these match resources (matching.Matcher.Matches in the apiserver). */
export function matches(match: MatchResources, request: MatchRequest, constrainsAll: boolean): boolean {
  if (!namespaceMatches(match.namespaceSelector, request)) return false;
  if (!isEmptySelector(match.objectSelector)) {
    const objectMatch = (labels: Labels | undefined) => labels !== undefined && selectorMatches(match.objectSelector, labels);
    if (!objectMatch(request.objectLabels) && !objectMatch(request.oldObjectLabels)) return false;
  }
  if (match.excluded.some((rule) => ruleMatches(rule, request, match.equivalent))) return false;
  if (match.rules.length === 0) return constrainsAll;
  return match.rules.some((rule) => ruleMatches(rule, request, match.equivalent));
}

function namespaceMatches(selector: LabelSelector, request: MatchRequest): boolean {
  if (isEmptySelector(selector)) return true;
  // A Namespace is matched on its own labels; other cluster-scoped objects are not subject to the selector.
  if (request.resource === 'namespaces' && request.group === '') return selectorMatches(selector, request.objectLabels ?? request.oldObjectLabels ?? {});
  if (!request.namespaced) return true;
  return selectorMatches(selector, request.namespaceLabels ?? {});
}

/** Labels as a string map; a non-string value (which the apiserver would have rejected) is left out. */
export function labelsOf(object: Record<string, unknown> | null | undefined): Labels | undefined {
  if (!object) return undefined;
  const labels = asRecord(asRecord(object.metadata)?.labels) ?? {};
  return Object.fromEntries(Object.entries(labels).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
