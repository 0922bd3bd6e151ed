import { parseSelector, selectorMatches, type LabelSelector, type PolicyIssue } from '../../../parsers/kubernetes/label-selector.js';
import { asRecord, asString } from '../../../parsers/kubernetes/values.js';

/** A constraint's `spec.match`, checked once at load time. Every criterion left out matches everything. */
export interface ConstraintMatch {
  kinds?: ReadonlyArray<{ apiGroups: readonly string[]; kinds: readonly string[] }>;
  scope: '*' | 'Cluster' | 'Namespaced';
  namespaces?: readonly string[];
  excludedNamespaces?: readonly string[];
  labelSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  name?: string;
}

/** The object under review, reduced to what matching reads. */
export interface MatchSubject {
  group: string;
  kind: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  /** The request's namespace; empty for cluster-scoped objects. */
  namespace: string;
  namespaceObject?: Record<string, unknown>;
}

/** The pattern Gatekeeper's CRD enforces on namespace and name globs: one `*` at the front and/or the end. */
const WILDCARD = /^(\*|\*-)?[a-z0-9]([-:a-z0-9]*[a-z0-9])?(\*|-\*)?$/;
const SCOPES = new Set(['*', 'Cluster', 'Namespaced']);

export function parseMatch(value: unknown): ConstraintMatch | string {
  if (value === undefined || value === null) return { scope: '*' };
  const match = asRecord(value);
  if (!match) return 'spec.match must be a map';
  const result: { -readonly [K in keyof ConstraintMatch]: ConstraintMatch[K] } = { scope: '*' };
  if (match.kinds !== undefined) {
    if (!Array.isArray(match.kinds)) return 'spec.match.kinds must be a list';
    const kinds: Array<{ apiGroups: string[]; kinds: string[] }> = [];
    for (const entry of match.kinds) {
      const record = asRecord(entry);
      const apiGroups = stringList(record?.apiGroups);
      const names = stringList(record?.kinds);
      if (!record || !apiGroups || !names) return 'spec.match.kinds entries need apiGroups and kinds as lists of strings';
      kinds.push({ apiGroups, kinds: names });
    }
    result.kinds = kinds;
  }
  if (match.scope !== undefined) {
    if (typeof match.scope !== 'string' || !SCOPES.has(match.scope)) return 'spec.match.scope must be *, Cluster or Namespaced';
    result.scope = match.scope as ConstraintMatch['scope'];
  }
  for (const field of ['namespaces', 'excludedNamespaces'] as const) {
    if (match[field] === undefined) continue;
    const globs = stringList(match[field]);
    if (!globs) return `spec.match.${field} must be a list of strings`;
    const bad = globs.find((glob) => !WILDCARD.test(glob));
    if (bad !== undefined) return `spec.match.${field}: "${bad}" is not a namespace name or a prefix/suffix glob`;
    result[field] = globs;
  }
  if (match.name !== undefined) {
    const name = asString(match.name);
    if (name === undefined || (name !== '' && !WILDCARD.test(name))) return 'spec.match.name must be a name or a prefix/suffix glob';
    if (name !== '') result.name = name;
  }
  for (const field of ['labelSelector', 'namespaceSelector'] as const) {
    if (match[field] === undefined || match[field] === null) continue;
    if (!asRecord(match[field])) return `spec.match.${field} must be a label selector`;
    const issues: PolicyIssue[] = [];
    const selector = parseSelector(match[field], [], issues);
    if (issues.length > 0) return `spec.match.${field}: ${issues[0]!.message}`;
    result[field] = selector;
  }
  return result;
}

function stringList(value: unknown): string[] | undefined {
  if (value === undefined) return [];
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

/** Gatekeeper's glob: `kube-*` is a prefix, `*-system` a suffix, `*x*` a substring, anything else exact. */
export function wildcardMatches(glob: string, candidate: string): boolean {
  const front = glob.startsWith('*');
  const back = glob.endsWith('*') && glob.length > 1;
  const core = glob.slice(front ? 1 : 0, back ? -1 : undefined);
  if (front && back) return candidate.includes(core);
  if (front) return candidate.endsWith(core);
  if (back) return candidate.startsWith(core);
  return glob === candidate;
}

/** The outcome of matching one object: a namespace selector on a namespaced object needs its Namespace. */
export type MatchOutcome = boolean | { error: string };

/** Gatekeeper's top-level matchers, all of which must pass (pkg/mutation/match). */
export function matches(match: ConstraintMatch, subject: MatchSubject): MatchOutcome {
  const isNamespace = subject.kind === 'Namespace' && subject.group === '';
  if (match.kinds && match.kinds.length > 0 && !match.kinds.some((entry) => kindMatches(entry, subject))) return false;
  if (match.scope === 'Cluster' && !(isNamespace || subject.namespace === '')) return false;
  if (match.scope === 'Namespaced' && (isNamespace || subject.namespace === '')) return false;
  // A Namespace is matched by its own name; other cluster-scoped objects cannot be ruled out by namespace.
  const namespace = isNamespace ? subject.name : subject.namespace;
  if (match.namespaces && match.namespaces.length > 0 && namespace !== '' && !match.namespaces.some((glob) => wildcardMatches(glob, namespace))) {
    return false;
  }
  if (match.excludedNamespaces && namespace !== '' && match.excludedNamespaces.some((glob) => wildcardMatches(glob, namespace))) return false;
  if (match.labelSelector && !selectorMatches(match.labelSelector, subject.labels)) return false;
  if (match.namespaceSelector) {
    if (isNamespace) {
      if (!selectorMatches(match.namespaceSelector, subject.labels)) return false;
    } else if (subject.namespace !== '') {
      if (!subject.namespaceObject) return { error: `namespaceSelector needs the Namespace "${subject.namespace}", which is not known` };
      if (!selectorMatches(match.namespaceSelector, labelsOf(subject.namespaceObject))) return false;
    }
  }
  if (match.name !== undefined && !wildcardMatches(match.name, subject.name)) return false;
  return true;
}

function kindMatches(entry: { apiGroups: readonly string[]; kinds: readonly string[] }, subject: MatchSubject): boolean {
  const kindOk = entry.kinds.length === 0 || entry.kinds.includes('*') || entry.kinds.includes(subject.kind);
  return kindOk && (entry.apiGroups.length === 0 || entry.apiGroups.includes('*') || entry.apiGroups.includes(subject.group));
}

/** Own properties only (fromEntries defines them), so a label named `__proto__` is a label like any other. */
export function labelsOf(object: Record<string, unknown> | null | undefined): Record<string, string> {
  const entries = Object.entries(asRecord(asRecord(object?.metadata)?.labels) ?? {});
  return Object.fromEntries(entries.filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
