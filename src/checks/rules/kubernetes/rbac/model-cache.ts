import type { RuleSettings } from '../../../../core/settings.js';
import type { KubernetesObject } from '../../../../parsers/kubernetes/objects.js';
import { readsKinds } from '../rule.js';
import { buildRbacModel, type RbacModel } from '../../../analysis/rbac/model.js';
import { buildEscalationGraph, type EscalationGraph } from '../../../analysis/rbac/escalation.js';

/**
 * What the RBAC model reads: roles, bindings, ServiceAccounts and their token Secrets, Namespaces. Of
 * every other object it reads only the namespace (each namespace has a default ServiceAccount).
 */
export const RBAC_READS = readsKinds(['Namespace', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ServiceAccount'], (object) => object.kind === 'Secret' && object.raw.type === 'kubernetes.io/service-account-token');

/** Every RBAC rule of a scan sees the same objects: build the model (and graph) once, not once per rule. */
const models = new WeakMap<readonly KubernetesObject[], Map<string, RbacModel>>();
const graphs = new WeakMap<RbacModel, EscalationGraph>();

export function rbacModelFor(objects: readonly KubernetesObject[], settings: RuleSettings): RbacModel {
  const defaultNamespace = settings.assumedNamespace ?? 'default';
  let byNamespace = models.get(objects);
  if (!byNamespace) models.set(objects, (byNamespace = new Map()));
  let model = byNamespace.get(defaultNamespace);
  if (!model) byNamespace.set(defaultNamespace, (model = buildRbacModel(objects, { defaultNamespace })));
  return model;
}

export function escalationGraphFor(model: RbacModel): EscalationGraph {
  let graph = graphs.get(model);
  if (!graph) graphs.set(model, (graph = buildEscalationGraph(model)));
  return graph;
}
