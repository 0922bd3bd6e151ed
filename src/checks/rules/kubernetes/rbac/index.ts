import type { KubernetesSetRule } from '../rule.js';
import { clusterAdminBinding } from './cluster-admin-binding.js';
import { escalationPath } from './escalation-path.js';
import { bindingMissingRole, invalidAggregationRule } from './input-rules.js';
import { permissionRules } from './permissions.js';
import { defaultServiceAccountPermissions, publicSubjectBinding } from './subject-rules.js';
import { wildcard } from './wildcard.js';

/** RBAC least-privilege rules over the whole set of roles and bindings (see docs/rbac.md). */
export const rbacRules: KubernetesSetRule[] = [
  clusterAdminBinding,
  wildcard,
  ...permissionRules,
  defaultServiceAccountPermissions,
  publicSubjectBinding,
  escalationPath,
  bindingMissingRole,
  invalidAggregationRule,
];
