/**
 * Restore order: what others depend on first. CustomResourceDefinitions and Namespaces before anything in them; roles
 * before their bindings; ServiceAccounts, Secrets and ConfigMaps before the pods that mount them; volumes before
 * claims before workloads. Admission configuration and APIServices come last: a webhook registered before its
 * backend runs (with failurePolicy Fail), or an APIService without its service, would block or break everything
 * restored after it.
 */
const PRIORITY: ReadonlyArray<readonly string[]> = [
  ['apiextensions.k8s.io/customresourcedefinitions'],
  ['/namespaces'],
  ['rbac.authorization.k8s.io/clusterroles', 'rbac.authorization.k8s.io/roles'],
  ['rbac.authorization.k8s.io/clusterrolebindings', 'rbac.authorization.k8s.io/rolebindings'],
  ['/serviceaccounts'],
  ['/secrets'],
  ['/configmaps'],
  ['storage.k8s.io/storageclasses', 'scheduling.k8s.io/priorityclasses', '/limitranges'],
  ['/persistentvolumes'],
  ['/persistentvolumeclaims'],
  ['apps/deployments', 'apps/statefulsets', 'apps/daemonsets', 'apps/replicasets', '/replicationcontrollers', 'batch/jobs', 'batch/cronjobs', '/pods'],
];
const LAST = [
  'apiregistration.k8s.io/apiservices',
  'admissionregistration.k8s.io/validatingadmissionpolicies',
  'admissionregistration.k8s.io/validatingadmissionpolicybindings',
  'admissionregistration.k8s.io/mutatingadmissionpolicies',
  'admissionregistration.k8s.io/mutatingadmissionpolicybindings',
  'admissionregistration.k8s.io/validatingwebhookconfigurations',
  'admissionregistration.k8s.io/mutatingwebhookconfigurations',
];

const RANK = new Map<string, number>([
  ...PRIORITY.flatMap((tier, index) => tier.map((key) => [key, index] as const)),
  ...LAST.map((key) => [key, PRIORITY.length + 2] as const),
]);
/** Everything not named: after the workloads, before the admission configuration. */
const REST = PRIORITY.length + 1;

export function restoreRank(group: string, resource: string): number {
  return RANK.get(`${group}/${resource}`) ?? REST;
}

export interface Orderable {
  key: string;
  group: string;
  resource: string;
  namespace?: string;
  name: string;
  /** Keys of restored objects this one names as owner: it is created after them, to carry their new uids. */
  owners: readonly string[];
}

/**
 * By rank, then group, resource, namespace and name (a stable, readable order), with every object moved after the
 * owners it refers to. Owners in a cycle (which the apiserver would never let exist) are returned in rank order.
 */
export function orderForRestore<T extends Orderable>(items: readonly T[]): T[] {
  const sorted = [...items].sort(compare);
  const emitted = new Set<string>();
  const out: T[] = [];
  let pending = sorted;
  while (pending.length > 0) {
    const deferred: T[] = [];
    for (const item of pending) {
      if (item.owners.every((owner) => emitted.has(owner) || owner === item.key)) {
        out.push(item);
        emitted.add(item.key);
      } else {
        deferred.push(item);
      }
    }
    if (deferred.length === pending.length) {
      out.push(...deferred);
      break;
    }
    pending = deferred;
  }
  return out;
}

function compare(a: Orderable, b: Orderable): number {
  return restoreRank(a.group, a.resource) - restoreRank(b.group, b.resource)
    || byCodePoint(a.group, b.group)
    || byCodePoint(a.resource, b.resource)
    || byCodePoint(a.namespace ?? '', b.namespace ?? '')
    || byCodePoint(a.name, b.name);
}

/** Names are ASCII: code point order is readable, and much cheaper than a locale's collation. */
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The ordered objects cut into runs that may be written at the same time: one rank each (a Role never races its
 * Namespace), and never an object together with an owner it refers to.
 */
export function restoreWaves<T extends Orderable>(ordered: readonly T[]): T[][] {
  const waves: T[][] = [];
  let wave: T[] = [];
  let keys = new Set<string>();
  let rank = -1;
  for (const item of ordered) {
    const itemRank = restoreRank(item.group, item.resource);
    if (wave.length > 0 && (itemRank !== rank || item.owners.some((owner) => keys.has(owner)))) {
      waves.push(wave);
      wave = [];
      keys = new Set();
    }
    wave.push(item);
    keys.add(item.key);
    rank = itemRank;
  }
  if (wave.length > 0) waves.push(wave);
  return waves;
}
