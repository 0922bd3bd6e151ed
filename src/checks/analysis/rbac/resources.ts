/**
 * What kubectl learns from discovery and we cannot: the API group of a bare resource name and
 * whether it is namespaced. Only built-in resources are listed; for anything else the user names
 * the group (`widgets.example.com`), or the query matches rules of any group and says so.
 */
interface ResourceInfo {
  group: string;
  namespaced: boolean;
}

const TABLE: Record<string, Record<string, boolean>> = {
  '': {
    pods: true, services: true, endpoints: true, configmaps: true, secrets: true, serviceaccounts: true,
    persistentvolumeclaims: true, replicationcontrollers: true, events: true, limitranges: true,
    resourcequotas: true, podtemplates: true, bindings: true,
    nodes: false, namespaces: false, persistentvolumes: false, componentstatuses: false, users: false, groups: false,
  },
  apps: { deployments: true, daemonsets: true, statefulsets: true, replicasets: true, controllerrevisions: true },
  batch: { jobs: true, cronjobs: true },
  autoscaling: { horizontalpodautoscalers: true },
  policy: { poddisruptionbudgets: true },
  'networking.k8s.io': { networkpolicies: true, ingresses: true, ingressclasses: false },
  'rbac.authorization.k8s.io': { roles: true, rolebindings: true, clusterroles: false, clusterrolebindings: false },
  'admissionregistration.k8s.io': {
    mutatingwebhookconfigurations: false, validatingwebhookconfigurations: false,
    validatingadmissionpolicies: false, validatingadmissionpolicybindings: false,
  },
  'certificates.k8s.io': { certificatesigningrequests: false, signers: false },
  'storage.k8s.io': { storageclasses: false, csidrivers: false, csinodes: false, volumeattachments: false },
  'coordination.k8s.io': { leases: true },
  'discovery.k8s.io': { endpointslices: true },
  'apiextensions.k8s.io': { customresourcedefinitions: false },
  'scheduling.k8s.io': { priorityclasses: false },
  'authorization.k8s.io': { selfsubjectaccessreviews: false, selfsubjectrulesreviews: false, subjectaccessreviews: false, localsubjectaccessreviews: true },
  'authentication.k8s.io': { tokenreviews: false, selfsubjectreviews: false },
};

const KNOWN = new Map<string, ResourceInfo>();
for (const [group, resources] of Object.entries(TABLE)) {
  for (const [resource, namespaced] of Object.entries(resources)) KNOWN.set(resource, { group, namespaced });
}

/** A built-in resource the API server serves without a namespace (nodes, persistentvolumes...); unknown ones are assumed namespaced. */
export function isClusterScoped(apiGroup: string, resource: string): boolean {
  const known = KNOWN.get(resource);
  return known !== undefined && known.group === apiGroup && !known.namespaced;
}

/** kubectl's short names for the resources above. */
const SHORT_NAMES: Record<string, string> = {
  po: 'pods', svc: 'services', ep: 'endpoints', cm: 'configmaps', sa: 'serviceaccounts', pvc: 'persistentvolumeclaims',
  rc: 'replicationcontrollers', ev: 'events', limits: 'limitranges', quota: 'resourcequotas', no: 'nodes', ns: 'namespaces',
  pv: 'persistentvolumes', cs: 'componentstatuses', deploy: 'deployments', ds: 'daemonsets', sts: 'statefulsets',
  rs: 'replicasets', cj: 'cronjobs', hpa: 'horizontalpodautoscalers', pdb: 'poddisruptionbudgets', netpol: 'networkpolicies',
  ing: 'ingresses', csr: 'certificatesigningrequests', sc: 'storageclasses', crd: 'customresourcedefinitions', pc: 'priorityclasses',
};

export interface ResolvedResource {
  resource: string;
  /** Undefined when the group is unknown: the query then matches rules of every group. */
  group?: string;
  /** Unknown resources are assumed namespaced, which is what custom resources usually are. */
  namespaced: boolean;
}

/** `deployments`, `deploy`, `deployments.apps`, `widgets.example.com`: kubectl's RESOURCE[.GROUP]. */
export function resolveResource(text: string): ResolvedResource {
  const lower = text.toLowerCase();
  const dot = lower.indexOf('.');
  const name = dot < 0 ? lower : lower.slice(0, dot);
  const group = dot < 0 ? undefined : lower.slice(dot + 1);
  const resource = SHORT_NAMES[name] ?? (KNOWN.has(name) ? name : KNOWN.has(`${name}s`) ? `${name}s` : name);
  const known = KNOWN.get(resource);
  if (group !== undefined) {
    const namespaced = known && known.group === group ? known.namespaced : true;
    return { resource, group, namespaced };
  }
  return known ? { resource, group: known.group, namespaced: known.namespaced } : { resource, namespaced: true };
}
