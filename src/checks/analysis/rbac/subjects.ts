/**
 * Who a binding subject is, and who a request comes from, as the authorizer's `appliesToUser` sees
 * it. A ServiceAccount is the user `system:serviceaccount:<ns>:<name>` in the groups
 * `system:serviceaccounts`, `system:serviceaccounts:<ns>` and `system:authenticated`.
 */
export type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

export interface Subject {
  kind: SubjectKind;
  name: string;
  /** ServiceAccounts only; defaulted to the RoleBinding's namespace like the authorizer does. */
  namespace?: string;
}

export interface Identity {
  /** Absent when asking about a group on its own. */
  user?: string;
  groups: string[];
}

const SA_USER_PREFIX = 'system:serviceaccount:';
export const AUTHENTICATED = 'system:authenticated';
export const UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS = 'system:anonymous';
export const MASTERS = 'system:masters';

/** Users named like a ServiceAccount are that ServiceAccount; everything else stays as written. */
export function canonicalSubject(subject: Subject): Subject {
  if (subject.kind === 'User' && subject.name.startsWith(SA_USER_PREFIX)) {
    const [namespace, name, ...rest] = subject.name.slice(SA_USER_PREFIX.length).split(':');
    if (namespace && name && rest.length === 0) return { kind: 'ServiceAccount', namespace, name };
  }
  return subject;
}

export function identityOf(subject: Subject): Identity {
  const canonical = canonicalSubject(subject);
  switch (canonical.kind) {
    case 'Group':
      return { groups: [canonical.name] };
    case 'ServiceAccount':
      return {
        user: `${SA_USER_PREFIX}${canonical.namespace ?? ''}:${canonical.name}`,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${canonical.namespace ?? ''}`, AUTHENTICATED],
      };
    case 'User':
      return { user: canonical.name, groups: [canonical.name === ANONYMOUS ? UNAUTHENTICATED : AUTHENTICATED] };
  }
}

/** `user:alice`, `group:devs`, `sa:ns/name`: one spelling for tables, JSON and graph nodes. */
export function formatSubject(subject: Subject): string {
  const canonical = canonicalSubject(subject);
  if (canonical.kind === 'ServiceAccount') return `sa:${canonical.namespace ?? '?'}/${canonical.name}`;
  return `${canonical.kind === 'User' ? 'user' : 'group'}:${canonical.name}`;
}

/**
 * Parses what users type: `alice`, `user:alice`, `group:devs`, `sa:ns/name`,
 * `serviceaccount:ns:name` or `system:serviceaccount:ns:name`.
 */
export function parseSubject(text: string): Subject | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const sa = /^(?:sa|serviceaccount):([^/:\s]+)[/:]([^/:\s]+)$/.exec(trimmed);
  if (sa) return { kind: 'ServiceAccount', namespace: sa[1]!, name: sa[2]! };
  if (/^(?:sa|serviceaccount):/.test(trimmed)) return undefined;
  if (trimmed.startsWith('group:')) return trimmed.length > 6 ? { kind: 'Group', name: trimmed.slice(6) } : undefined;
  const user = trimmed.startsWith('user:') ? trimmed.slice(5) : trimmed;
  return user ? canonicalSubject({ kind: 'User', name: user }) : undefined;
}

/** Index keys of the binding subjects that can apply to `identity`. */
export function identityKeys(identity: Identity): string[] {
  const keys = identity.groups.map((g) => subjectKey({ kind: 'Group', name: g }));
  if (identity.user !== undefined) keys.push(subjectKey(canonicalSubject({ kind: 'User', name: identity.user })));
  return keys;
}

export function subjectKey(subject: Subject): string {
  return formatSubject(subject);
}

/** Broad groups whose members are everyone, or every workload: never "system components". */
const BROAD = new Set([AUTHENTICATED, UNAUTHENTICATED, ANONYMOUS, 'system:serviceaccounts']);

export function isBroadSubject(subject: Subject): boolean {
  return subject.kind !== 'ServiceAccount' && (BROAD.has(subject.name) || subject.name.startsWith('system:serviceaccounts:'));
}

/**
 * Control-plane identities: `system:` users and groups other than the broad ones, and
 * ServiceAccounts of kube-system. Findings about them are noise nobody can act on.
 */
export function isSystemSubject(subject: Subject): boolean {
  const canonical = canonicalSubject(subject);
  if (canonical.kind === 'ServiceAccount') return canonical.namespace === 'kube-system';
  return canonical.name.startsWith('system:') && !isBroadSubject(canonical);
}
