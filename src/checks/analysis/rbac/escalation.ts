import { allowingGrant, grantsFor, grantScope, type Grant } from './grants.js';
import { apiGroupMatches, resourceMatches, verbMatches } from './matcher.js';
import { CLUSTER_ADMIN, isClusterAdminEquivalent, type RbacModel } from './model.js';
import { canonicalSubject, formatSubject, identityOf, MASTERS, type Subject } from './subjects.js';

/** The target node: power equivalent to the cluster-admin ClusterRole bound cluster-wide. */
export const CLUSTER_ADMIN_NODE = CLUSTER_ADMIN;

export interface EscalationEdge {
  from: string;
  to: string;
  /** What the `from` principal does, e.g. `create pods in ci`, `ClusterRoleBinding ops-admin`. */
  label: string;
  /** The grant that allows it; absent for group membership (system:masters). */
  grant?: Grant;
}

export interface EscalationGraph {
  /** Every principal the graph knows, by node name (`user:alice`, `sa:ci/deployer`...). */
  principals: ReadonlyMap<string, Subject>;
  edges: readonly EscalationEdge[];
  /** Shortest chain of edges from the subject to cluster-admin, or undefined when there is none. */
  pathFrom(subject: Subject): EscalationEdge[] | undefined;
}

/** Kinds whose creation runs a pod with a ServiceAccount of the creator's choosing. */
const POD_CREATORS: ReadonlyArray<{ group: string; resource: string }> = [
  { group: '', resource: 'pods' },
  { group: 'apps', resource: 'deployments' },
  { group: 'apps', resource: 'daemonsets' },
  { group: 'apps', resource: 'statefulsets' },
  { group: 'apps', resource: 'replicasets' },
  { group: 'batch', resource: 'jobs' },
  { group: 'batch', resource: 'cronjobs' },
  { group: '', resource: 'replicationcontrollers' },
];

const RBAC = 'rbac.authorization.k8s.io';

/**
 * Edges (each documented in docs/rbac.md):
 * - a ClusterRoleBinding to a cluster-admin-equivalent role, or membership of system:masters → cluster-admin;
 * - create clusterrolebindings (or update one that binds cluster-admin) + bind cluster-admin → cluster-admin;
 * - escalate + update/patch on a ClusterRole bound to oneself cluster-wide → cluster-admin;
 * - create pods or any pod-creating workload in N → every ServiceAccount of N (its pod can mount their tokens);
 * - read a ServiceAccount token Secret (get it by name, or list secrets) → that ServiceAccount;
 * - create + get secrets in N → every ServiceAccount of N (the token controller fills a new token Secret);
 * - create serviceaccounts/token for X → X;
 * - impersonate users, groups or serviceaccounts → each one the rule names (group system:masters → cluster-admin).
 */
export function buildEscalationGraph(model: RbacModel, extraSubjects: readonly Subject[] = []): EscalationGraph {
  const principals = new Map<string, Subject>();
  const add = (subject: Subject) => {
    const canonical = canonicalSubject(subject);
    const key = formatSubject(canonical);
    if (!principals.has(key)) principals.set(key, canonical);
  };
  for (const binding of model.bindings) for (const { subject } of binding.subjects) add(subject);
  for (const sa of model.serviceAccounts) add({ kind: 'ServiceAccount', namespace: sa.namespace, name: sa.name });
  extraSubjects.forEach(add);

  const serviceAccountsByNamespace = new Map<string, string[]>();
  for (const sa of model.serviceAccounts) pushTo(serviceAccountsByNamespace, sa.namespace, sa.name);
  const users = [...principals.values()].filter((s) => s.kind === 'User');
  const groups = [...principals.values()].filter((s) => s.kind === 'Group');
  const saNode = (namespace: string, name: string) => formatSubject({ kind: 'ServiceAccount', namespace, name });

  const edges: EscalationEdge[] = [];
  for (const [from, subject] of principals) {
    const grants = grantsFor(model, identityOf(subject));
    const seen = new Set<string>();
    const edge = (to: string, label: string, grant?: Grant) => {
      if (to === from || seen.has(to)) return;
      seen.add(to);
      edges.push({ from, to, label, ...(grant ? { grant } : {}) });
    };
    // A principal is asked about a dozen requests per namespace and two per ServiceAccount, and most of its grants are
    // for other verbs and resources: the grants are split by what a request asks (verb, group, resource and
    // subresource) once, in their order, so the answer (the first allowing grant) is the same, and a request no grant
    // is for is not even made.
    const grantsByRequest = new Map<string, Grant[]>();
    const candidates = (verb: string, apiGroup: string, resource: string, subresource: string): Grant[] => {
      const key = `${verb} ${apiGroup} ${resource} ${subresource}`;
      let list = grantsByRequest.get(key);
      if (!list) {
        const combined = subresource ? `${resource}/${subresource}` : resource;
        list = grants.filter(({ ruleRef: { rule } }) => verbMatches(rule, verb) && apiGroupMatches(rule, apiGroup) && resourceMatches(rule, combined, subresource));
        grantsByRequest.set(key, list);
      }
      return list;
    };
    const resource = (verb: string, apiGroup: string, resource: string, extra?: { namespace?: string; name?: string; subresource?: string }) => {
      const list = candidates(verb, apiGroup, resource, extra?.subresource ?? '');
      return list.length === 0 ? undefined : allowingGrant(list, { kind: 'resource', verb, apiGroup, resource, ...extra });
    };
    // Asked once per ServiceAccount of every namespace: skipped whole by the many principals no grant could allow.
    const perServiceAccount = candidates('create', '', 'serviceaccounts', 'token').length + candidates('impersonate', '', 'serviceaccounts', '').length > 0;

    if (subject.kind === 'Group' && subject.name === MASTERS) edge(CLUSTER_ADMIN_NODE, `member of ${MASTERS}`);
    if (grants.length === 0) continue;

    const direct = grants.find((g) => grantScope(g) === undefined && isClusterAdminEquivalent(g.role));
    if (direct) edge(CLUSTER_ADMIN_NODE, `${direct.binding.kind} ${direct.binding.name}`, direct);
    const bindAdmin = resource('bind', RBAC, 'clusterroles', { name: CLUSTER_ADMIN });
    if (bindAdmin) {
      const write =
        resource('create', RBAC, 'clusterrolebindings') ??
        model.bindings
          .filter((b) => b.kind === 'ClusterRoleBinding' && b.roleRef.kind === 'ClusterRole' && b.roleRef.name === CLUSTER_ADMIN)
          .map((b) => resource('update', RBAC, 'clusterrolebindings', { name: b.name }) ?? resource('patch', RBAC, 'clusterrolebindings', { name: b.name }))
          .find(Boolean);
      if (write) edge(CLUSTER_ADMIN_NODE, `write clusterrolebindings + bind ${CLUSTER_ADMIN}`, write);
    }
    for (const own of grants) {
      if (grantScope(own) !== undefined || own.role.kind !== 'ClusterRole') continue;
      const name = own.role.name;
      const escalate = resource('escalate', RBAC, 'clusterroles', { name });
      if (escalate && (resource('update', RBAC, 'clusterroles', { name }) ?? resource('patch', RBAC, 'clusterroles', { name }))) {
        edge(CLUSTER_ADMIN_NODE, `escalate ClusterRole ${name}`, escalate);
        break;
      }
    }
    const impersonateMasters = resource('impersonate', '', 'groups', { name: MASTERS });
    if (impersonateMasters) edge(CLUSTER_ADMIN_NODE, `impersonate group ${MASTERS}`, impersonateMasters);

    for (const namespace of model.namespaces) {
      const names = serviceAccountsByNamespace.get(namespace) ?? ['default'];
      for (const creator of POD_CREATORS) {
        const grant = resource('create', creator.group, creator.resource, { namespace });
        if (!grant) continue;
        for (const name of names) edge(saNode(namespace, name), `create ${creator.resource} in ${namespace}`, grant);
        break;
      }
      const list = resource('list', '', 'secrets', { namespace });
      const createSecret = resource('create', '', 'secrets', { namespace });
      const getAny = list ?? resource('get', '', 'secrets', { namespace, name: '' });
      if (createSecret && getAny) for (const name of names) edge(saNode(namespace, name), `create a token Secret in ${namespace}`, createSecret);
      for (const name of perServiceAccount ? names : []) {
        const token = resource('create', '', 'serviceaccounts', { namespace, name, subresource: 'token' });
        if (token) edge(saNode(namespace, name), `create serviceaccounts/token in ${namespace}`, token);
        const impersonate = resource('impersonate', '', 'serviceaccounts', { namespace, name });
        if (impersonate) edge(saNode(namespace, name), `impersonate serviceaccount ${namespace}/${name}`, impersonate);
      }
    }
    for (const secret of model.tokenSecrets) {
      const read = resource('get', '', 'secrets', { namespace: secret.namespace, name: secret.name }) ?? resource('list', '', 'secrets', { namespace: secret.namespace });
      if (read) edge(saNode(secret.namespace, secret.serviceAccount), `read Secret ${secret.namespace}/${secret.name}`, read);
    }
    for (const user of users) {
      const grant = resource('impersonate', '', 'users', { name: user.name });
      if (grant) edge(formatSubject(user), `impersonate user ${user.name}`, grant);
    }
    for (const group of groups) {
      const grant = resource('impersonate', '', 'groups', { name: group.name });
      if (grant) edge(formatSubject(group), `impersonate group ${group.name}`, grant);
    }
  }

  const next = shortestNextHops(edges);
  return {
    principals,
    edges,
    pathFrom(subject) {
      let node = formatSubject(subject);
      const path: EscalationEdge[] = [];
      for (let hop = next.get(node); hop; hop = next.get(node)) {
        path.push(hop);
        node = hop.to;
      }
      return path.length > 0 ? path : undefined;
    },
  };
}

/** Breadth-first search backwards from cluster-admin: one pass gives every node its shortest path. */
function shortestNextHops(edges: readonly EscalationEdge[]): Map<string, EscalationEdge> {
  const incoming = new Map<string, EscalationEdge[]>();
  for (const edge of edges) pushTo(incoming, edge.to, edge);
  const next = new Map<string, EscalationEdge>();
  const queue = [CLUSTER_ADMIN_NODE];
  const visited = new Set(queue);
  for (let i = 0; i < queue.length; i++) {
    for (const edge of incoming.get(queue[i]!) ?? []) {
      if (visited.has(edge.from)) continue;
      visited.add(edge.from);
      next.set(edge.from, edge);
      queue.push(edge.from);
    }
  }
  return next;
}

/** `user:alice -(create pods in ci)-> sa:ci/deployer -(ClusterRoleBinding deployer-admin)-> cluster-admin`. */
export function formatPath(path: readonly EscalationEdge[]): string {
  if (path.length === 0) return '';
  return path[0]!.from + path.map((e) => ` -(${e.label})-> ${e.to}`).join('');
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
