/** Shared reference text of the RBAC rules. */
export const RBAC_GOOD_PRACTICES = 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/';
export const RBAC_DOCS = 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/';
export const NSA_RBAC = 'Authentication and authorization: least-privilege RBAC';
