import type { ResourceType } from '../../../sources/cluster/discovery.js';

/**
 * The resource types the webhook is called for and the audit lists: what Rampart's per-object rules judge. One list
 * feeds the webhook rules, the ClusterRole and the audit, so they cannot drift apart. Secrets are left out on
 * purpose: the webhook would receive their values in every request and the audit would need to read them all, for
 * rules that already see credentials where they leak (env vars, ConfigMaps, pod specs).
 */
export const EVALUATED_RESOURCES: readonly ResourceType[] = [
  { group: '', apiVersion: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false },
  { group: '', apiVersion: 'v1', resource: 'pods', kind: 'Pod', namespaced: true },
  { group: '', apiVersion: 'v1', resource: 'replicationcontrollers', kind: 'ReplicationController', namespaced: true },
  { group: '', apiVersion: 'v1', resource: 'services', kind: 'Service', namespaced: true },
  { group: '', apiVersion: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
  { group: '', apiVersion: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true },
  { group: 'apps', apiVersion: 'apps/v1', resource: 'deployments', kind: 'Deployment', namespaced: true },
  { group: 'apps', apiVersion: 'apps/v1', resource: 'statefulsets', kind: 'StatefulSet', namespaced: true },
  { group: 'apps', apiVersion: 'apps/v1', resource: 'daemonsets', kind: 'DaemonSet', namespaced: true },
  { group: 'apps', apiVersion: 'apps/v1', resource: 'replicasets', kind: 'ReplicaSet', namespaced: true },
  { group: 'batch', apiVersion: 'batch/v1', resource: 'jobs', kind: 'Job', namespaced: true },
  { group: 'batch', apiVersion: 'batch/v1', resource: 'cronjobs', kind: 'CronJob', namespaced: true },
  { group: 'networking.k8s.io', apiVersion: 'networking.k8s.io/v1', resource: 'ingresses', kind: 'Ingress', namespaced: true },
  { group: 'rbac.authorization.k8s.io', apiVersion: 'rbac.authorization.k8s.io/v1', resource: 'roles', kind: 'Role', namespaced: true },
  { group: 'rbac.authorization.k8s.io', apiVersion: 'rbac.authorization.k8s.io/v1', resource: 'rolebindings', kind: 'RoleBinding', namespaced: true },
  { group: 'rbac.authorization.k8s.io', apiVersion: 'rbac.authorization.k8s.io/v1', resource: 'clusterroles', kind: 'ClusterRole', namespaced: false },
  { group: 'rbac.authorization.k8s.io', apiVersion: 'rbac.authorization.k8s.io/v1', resource: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false },
];

