import type { JsonPath } from '../../../core/fix.js';
import type { KubernetesObject } from '../../../parsers/kubernetes/objects.js';
import { asArray, asRecord, asString } from '../../../parsers/kubernetes/values.js';
import { ALL, isFullWildcard, type PolicyRule } from './matcher.js';
import { parseLabelSelector, type LabelSelector } from './selector.js';
import { canonicalSubject, subjectKey, type Subject } from './subjects.js';

export type RoleKind = 'Role' | 'ClusterRole';
export type BindingKind = 'RoleBinding' | 'ClusterRoleBinding';

export interface RuleRef {
  rule: PolicyRule;
  /** The role that declares the rule: for an aggregated ClusterRole, one of the roles it selects. */
  source: RoleDef;
  /** `['rules', i]` inside `source.object`. */
  path: JsonPath;
}

export interface RoleDef {
  kind: RoleKind;
  name: string;
  namespace?: string;
  /** Absent only for the built-in cluster-admin assumed when the input lacks it. */
  object?: KubernetesObject;
  labels: Record<string, string>;
  declared: RuleRef[];
  /** What the authorizer evaluates: the declared rules, or for an aggregated role the union of the selected roles' rules. */
  rules: RuleRef[];
  aggregated: boolean;
  /** A default role the API server creates and reconciles (cluster-admin, admin, edit, view, system:*). */
  builtIn: boolean;
}

export interface SubjectEntry {
  subject: Subject;
  /** Index in the binding's `subjects`. */
  index: number;
}

export interface BindingDef {
  kind: BindingKind;
  name: string;
  namespace?: string;
  object: KubernetesObject;
  roleRef: { kind: string; name: string };
  /** Undefined when the reference is missing or invalid (see `problems`). */
  role?: RoleDef;
  subjects: SubjectEntry[];
}

export interface ServiceAccountDef {
  namespace: string;
  name: string;
  object?: KubernetesObject;
}

export interface TokenSecretDef {
  namespace: string;
  name: string;
  serviceAccount: string;
  object: KubernetesObject;
}

export type ProblemKind = 'missing-role' | 'invalid-role-ref' | 'invalid-aggregation-rule';

export interface RbacProblem {
  kind: ProblemKind;
  object: KubernetesObject;
  path: JsonPath;
  message: string;
}

export interface RbacModel {
  roles: RoleDef[];
  bindings: BindingDef[];
  serviceAccounts: ServiceAccountDef[];
  tokenSecrets: TokenSecretDef[];
  /** Every namespace the input mentions, sorted. */
  namespaces: string[];
  problems: RbacProblem[];
  bindingsOf(role: RoleDef): BindingDef[];
  /** Bindings with a subject whose key (see `subjectKey`) is `key`. */
  bindingsForSubjectKey(key: string): Array<{ binding: BindingDef; entry: SubjectEntry }>;
}

export interface ModelOptions {
  /** Namespace of namespaced objects that do not set one. Default: `default`, as kubectl applies them. */
  defaultNamespace?: string;
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const BOOTSTRAP_LABEL = 'kubernetes.io/bootstrapping';
/**
 * Roles every cluster has; bindings to them are not "missing" when the input omits them. The
 * API server bootstraps them from plugin/pkg/auth/authorizer/rbac/bootstrappolicy: policy.go
 * (ClusterRoles: these four and `system:*` ones) and namespace_policy.go (the Roles below, unchanged
 * from Kubernetes 1.10 to 1.35).
 */
const DEFAULT_CLUSTER_ROLES = new Set(['cluster-admin', 'admin', 'edit', 'view']);
const DEFAULT_ROLES = new Set([
  'kube-system/extension-apiserver-authentication-reader',
  'kube-system/system::leader-locking-kube-controller-manager',
  'kube-system/system::leader-locking-kube-scheduler',
  'kube-system/system:controller:bootstrap-signer',
  'kube-system/system:controller:cloud-provider',
  'kube-system/system:controller:token-cleaner',
  'kube-public/system:controller:bootstrap-signer',
]);
export const CLUSTER_ADMIN = 'cluster-admin';

export function buildRbacModel(objects: readonly KubernetesObject[], options: ModelOptions = {}): RbacModel {
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const problems: RbacProblem[] = [];
  const roles: RoleDef[] = [];
  const clusterRoles = new Map<string, RoleDef>();
  const namespacedRoles = new Map<string, RoleDef>();
  const bindingObjects: KubernetesObject[] = [];
  const serviceAccounts = new Map<string, ServiceAccountDef>();
  const tokenSecrets: TokenSecretDef[] = [];
  const namespaces = new Set<string>();
  const namespaceOf = (object: KubernetesObject) => object.namespace ?? defaultNamespace;

  for (const object of objects) {
    if (object.kind === 'Namespace' && object.name) namespaces.add(object.name);
    else if (object.namespace) namespaces.add(object.namespace);
    const rbac = object.apiVersion?.startsWith(`${RBAC_GROUP}/`) === true;
    if (rbac && (object.kind === 'Role' || object.kind === 'ClusterRole') && object.name) {
      const role = makeRole(object, object.kind === 'Role' ? namespaceOf(object) : undefined);
      roles.push(role);
      if (role.kind === 'ClusterRole') clusterRoles.set(role.name, role);
      else namespacedRoles.set(`${role.namespace}/${role.name}`, role);
    } else if (rbac && (object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding') && object.name) {
      bindingObjects.push(object);
    } else if (object.apiVersion === 'v1' && object.kind === 'ServiceAccount' && object.name) {
      const namespace = namespaceOf(object);
      serviceAccounts.set(`${namespace}/${object.name}`, { namespace, name: object.name, object });
    } else if (object.apiVersion === 'v1' && object.kind === 'Secret' && object.name && object.raw.type === 'kubernetes.io/service-account-token') {
      const serviceAccount = asString(asRecord(asRecord(object.raw.metadata)?.annotations)?.['kubernetes.io/service-account.name']);
      if (serviceAccount) tokenSecrets.push({ namespace: namespaceOf(object), name: object.name, serviceAccount, object });
    }
  }

  resolveAggregation(roles, problems);

  const bindings: BindingDef[] = [];
  for (const object of bindingObjects) {
    const binding = makeBinding(object, object.kind === 'RoleBinding' ? namespaceOf(object) : undefined);
    if (binding.namespace) namespaces.add(binding.namespace);
    binding.role = resolveRoleRef(binding, clusterRoles, namespacedRoles, roles, problems);
    bindings.push(binding);
  }
  for (const binding of bindings) {
    for (const { subject } of binding.subjects) {
      if (subject.kind === 'ServiceAccount' && subject.namespace) namespaces.add(subject.namespace);
    }
  }
  for (const namespace of namespaces) {
    const key = `${namespace}/default`;
    // Every namespace has a default ServiceAccount, whether or not the input lists it.
    if (!serviceAccounts.has(key)) serviceAccounts.set(key, { namespace, name: 'default' });
  }

  const byRole = new Map<RoleDef, BindingDef[]>();
  const bySubject = new Map<string, Array<{ binding: BindingDef; entry: SubjectEntry }>>();
  for (const binding of bindings) {
    if (binding.role) {
      const list = byRole.get(binding.role);
      if (list) list.push(binding);
      else byRole.set(binding.role, [binding]);
    }
    for (const entry of binding.subjects) {
      const key = subjectKey(entry.subject);
      let list = bySubject.get(key);
      if (!list) bySubject.set(key, (list = []));
      list.push({ binding, entry });
    }
  }

  return {
    roles,
    bindings,
    serviceAccounts: [...serviceAccounts.values()].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`)),
    tokenSecrets,
    namespaces: [...namespaces].sort(),
    problems,
    bindingsOf: (role) => byRole.get(role) ?? [],
    bindingsForSubjectKey: (key) => bySubject.get(key) ?? [],
  };
}

function labelsOf(object: KubernetesObject): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(asRecord(asRecord(object.raw.metadata)?.labels) ?? {})) {
    if (typeof value === 'string') labels[key] = value;
  }
  return labels;
}

function strings(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

export function toPolicyRule(value: unknown): PolicyRule {
  const record = asRecord(value) ?? {};
  return {
    verbs: strings(record.verbs),
    apiGroups: strings(record.apiGroups),
    resources: strings(record.resources),
    resourceNames: strings(record.resourceNames),
    nonResourceURLs: strings(record.nonResourceURLs),
  };
}

function makeRole(object: KubernetesObject, namespace: string | undefined): RoleDef {
  const labels = labelsOf(object);
  const role: RoleDef = {
    kind: object.kind as RoleKind,
    name: object.name!,
    ...(namespace !== undefined ? { namespace } : {}),
    object,
    labels,
    declared: [],
    rules: [],
    aggregated: object.kind === 'ClusterRole' && asRecord(object.raw.aggregationRule) !== undefined,
    builtIn: labels[BOOTSTRAP_LABEL] === 'rbac-defaults' || (object.kind === 'ClusterRole' && object.name!.startsWith('system:')),
  };
  role.declared = asArray(object.raw.rules).map((rule, i) => ({ rule: toPolicyRule(rule), source: role, path: ['rules', i] }));
  role.rules = role.declared;
  return role;
}

/**
 * The clusterrole-aggregation controller (pkg/controller/clusterroleaggregation) server-side applies
 * the union of the rules of every other ClusterRole its selectors match; roles that are themselves
 * aggregated contribute their computed rules, so this iterates to the fixpoint the controller
 * converges to. When the union is empty it applies no `rules` at all, which leaves the ones the role
 * was created with in place: such a role keeps its declared rules.
 */
function resolveAggregation(roles: RoleDef[], problems: RbacProblem[]): void {
  // The controller lists each selector's roles by name, which decides which of two equal rules is kept.
  const clusterRoles = roles.filter((r) => r.kind === 'ClusterRole').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const aggregated: Array<{ role: RoleDef; selectors: LabelSelector[] }> = [];
  for (const role of clusterRoles.filter((r) => r.aggregated)) {
    const selectors: LabelSelector[] = [];
    let valid = true;
    asArray(asRecord(role.object!.raw.aggregationRule)!.clusterRoleSelectors).forEach((value, i) => {
      const parsed = parseLabelSelector(value);
      if ('selector' in parsed) selectors.push(parsed.selector);
      else {
        valid = false;
        for (const error of parsed.errors) {
          problems.push({
            kind: 'invalid-aggregation-rule',
            object: role.object!,
            path: ['aggregationRule', 'clusterRoleSelectors', i, ...error.path],
            message: `ClusterRole "${role.name}": ${error.message}; the aggregation controller will not update its rules`,
          });
        }
      }
    });
    // An invalid selector stops the controller before it writes anything: the role keeps its stored rules.
    if (valid) aggregated.push({ role, selectors });
  }
  for (let round = 0; round <= aggregated.length; round++) {
    let changed = false;
    for (const { role, selectors } of aggregated) {
      const seen = new Set<string>();
      const next: RuleRef[] = [];
      for (const selector of selectors) {
        for (const other of clusterRoles) {
          if (other === role || !selector(other.labels)) continue;
          for (const ref of other.rules) {
            const key = JSON.stringify(ref.rule);
            if (seen.has(key)) continue;
            seen.add(key);
            next.push(ref);
          }
        }
      }
      const rules = next.length > 0 ? next : role.declared;
      if (rules.length !== role.rules.length || rules.some((r, i) => r !== role.rules[i])) changed = true;
      role.rules = rules;
    }
    if (!changed) break;
  }
}

function makeBinding(object: KubernetesObject, namespace: string | undefined): BindingDef {
  const roleRef = asRecord(object.raw.roleRef) ?? {};
  const subjects: SubjectEntry[] = [];
  asArray(object.raw.subjects).forEach((value, index) => {
    const record = asRecord(value);
    const kind = asString(record?.kind);
    const name = asString(record?.name);
    if (!record || !name || (kind !== 'User' && kind !== 'Group' && kind !== 'ServiceAccount')) return;
    const subjectNamespace = asString(record.namespace) || namespace;
    const subject: Subject =
      kind === 'ServiceAccount' ? { kind, name, ...(subjectNamespace ? { namespace: subjectNamespace } : {}) } : canonicalSubject({ kind, name });
    // A ServiceAccount without a namespace in a ClusterRoleBinding matches nobody.
    if (subject.kind === 'ServiceAccount' && !subject.namespace) return;
    subjects.push({ subject, index });
  });
  return {
    kind: object.kind as BindingKind,
    name: object.name!,
    ...(namespace !== undefined ? { namespace } : {}),
    object,
    roleRef: { kind: asString(roleRef.kind) ?? '', name: asString(roleRef.name) ?? '' },
    subjects,
  };
}

function resolveRoleRef(
  binding: BindingDef,
  clusterRoles: Map<string, RoleDef>,
  namespacedRoles: Map<string, RoleDef>,
  roles: RoleDef[],
  problems: RbacProblem[],
): RoleDef | undefined {
  const { kind, name } = binding.roleRef;
  const where = `${binding.kind} "${binding.namespace ? `${binding.namespace}/` : ''}${binding.name}"`;
  const report = (problemKind: ProblemKind, path: JsonPath, message: string) => {
    problems.push({ kind: problemKind, object: binding.object, path, message });
    return undefined;
  };
  if (kind === 'ClusterRole') {
    const role = clusterRoles.get(name);
    if (role) return role;
    if (name === CLUSTER_ADMIN) {
      const builtIn = builtInClusterAdmin();
      clusterRoles.set(name, builtIn);
      roles.push(builtIn);
      return builtIn;
    }
    if (DEFAULT_CLUSTER_ROLES.has(name) || name.startsWith('system:')) return undefined;
    return report('missing-role', ['roleRef', 'name'], `${where} refers to ClusterRole "${name}", which is not in the input; it grants nothing until that role exists, and whoever creates a role of that name later grants its permissions to these subjects`);
  }
  if (kind === 'Role') {
    if (binding.kind === 'ClusterRoleBinding') {
      return report('invalid-role-ref', ['roleRef', 'kind'], `${where} refers to Role "${name}": a ClusterRoleBinding can only refer to a ClusterRole, and the API server rejects it`);
    }
    const key = `${binding.namespace}/${name}`;
    const role = namespacedRoles.get(key);
    if (role || DEFAULT_ROLES.has(key)) return role;
    return report('missing-role', ['roleRef', 'name'], `${where} refers to Role "${name}" in namespace "${binding.namespace}", which is not in the input; it grants nothing until that role exists`);
  }
  return report('invalid-role-ref', ['roleRef', 'kind'], `${where} has roleRef.kind ${JSON.stringify(kind)}; it must be Role or ClusterRole`);
}

/** cluster-admin as every API server bootstraps it, for bindings whose input omits the role. */
function builtInClusterAdmin(): RoleDef {
  const role: RoleDef = { kind: 'ClusterRole', name: CLUSTER_ADMIN, labels: {}, declared: [], rules: [], aggregated: false, builtIn: true };
  role.declared = [
    { rule: { verbs: [ALL], apiGroups: [ALL], resources: [ALL], resourceNames: [], nonResourceURLs: [] }, source: role, path: ['rules', 0] },
    { rule: { verbs: [ALL], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [ALL] }, source: role, path: ['rules', 1] },
  ];
  role.rules = role.declared;
  return role;
}

/** cluster-admin by name, or any role with `*` verbs on `*` resources in `*` groups. */
export function isClusterAdminEquivalent(role: RoleDef): boolean {
  return (role.kind === 'ClusterRole' && role.name === CLUSTER_ADMIN) || role.rules.some((r) => isFullWildcard(r.rule));
}

export function describeRole(role: RoleDef): string {
  return `${role.kind} "${role.namespace ? `${role.namespace}/` : ''}${role.name}"`;
}

export function describeBinding(binding: BindingDef): string {
  return `${binding.kind} "${binding.namespace ? `${binding.namespace}/` : ''}${binding.name}"`;
}

/** `get, list on pods, pods/log in apps (names a, b)` or `get on /healthz`: one line per rule for messages and tables. */
export function describeRule(rule: PolicyRule): string {
  const verbs = rule.verbs.join(', ') || '(no verbs)';
  if (rule.nonResourceURLs.length > 0 && rule.resources.length === 0) return `${verbs} on ${rule.nonResourceURLs.join(', ')}`;
  const groups = rule.apiGroups.map((g) => (g === '' ? 'core' : g)).join(', ');
  const names = rule.resourceNames.length > 0 ? ` (names ${rule.resourceNames.join(', ')})` : '';
  return `${verbs} on ${rule.resources.join(', ') || '(no resources)'} in ${groups || '(no groups)'}${names}`;
}
