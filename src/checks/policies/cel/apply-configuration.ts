/**
 * A MutatingAdmissionPolicy's `ApplyConfiguration` merged into the object with server-side apply's semantics, as far
 * as they can be known offline: maps and structs merge field by field, a field set to null is removed, and lists
 * follow the Kubernetes schema's list types for the built-in fields below (map lists merge element by element on
 * their keys, sets by value). Like the apiserver, an apply configuration may not set an atomic list, map or struct
 * (it would silently drop what the configuration does not repeat): every other list, and label selectors, are
 * refused with the apiserver's message. Custom resources' schemas are not known offline: their lists are taken as
 * atomic, which is what a CRD list without `x-kubernetes-list-type` is; use a JSONPatch mutation for those.
 */

export class ApplyConfigurationError extends Error {}

type Json = unknown;

/** `+listType=map` lists of the core and apps APIs, by field name, with their `+listMapKey`s. */
const MAP_LISTS: Readonly<Record<string, readonly string[]>> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  volumes: ['name'],
  env: ['name'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  imagePullSecrets: ['name'],
  resourceClaims: ['name'],
  hostAliases: ['ip'],
  ownerReferences: ['uid'],
  conditions: ['type'],
  topologySpreadConstraints: ['topologyKey', 'whenUnsatisfiable'],
  schedulingGates: ['name'],
};
/** A container's ports are keyed by containerPort and protocol, a Service's by port and protocol. */
const CONTAINER_PORT_KEYS = ['containerPort', 'protocol'];
const SERVICE_PORT_KEYS = ['port', 'protocol'];
/** Fields whose default the apiserver fills before admission, so a key compares equal with it left out. */
const KEY_DEFAULTS: Readonly<Record<string, string>> = { protocol: 'TCP' };
/** `+listType=set`. */
const SET_LISTS = new Set(['finalizers']);
/** `+structType=atomic` / `+mapType=atomic`: label selectors and node selectors. */
const ATOMIC_MAPS = new Set(['selector', 'nodeSelector']);

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listKeys(field: string, items: readonly Json[]): readonly string[] | undefined {
  if (field === 'ports') return items.some((item) => isRecord(item) && 'containerPort' in item) ? CONTAINER_PORT_KEYS : SERVICE_PORT_KEYS;
  return MAP_LISTS[field];
}

function keyOf(item: Json, keys: readonly string[]): string | undefined {
  if (!isRecord(item)) return undefined;
  return JSON.stringify(keys.map((key) => item[key] ?? KEY_DEFAULTS[key] ?? null));
}

/** Drops null fields from a value the object does not have yet: in an apply configuration null means absent. */
function withoutNulls(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
}

function atomic(path: readonly string[]): never {
  throw new ApplyConfigurationError(`invalid ApplyConfiguration: may not mutate atomic arrays, maps or structs: .${path.join('.')}`);
}

/** Refuses an atomic list or map anywhere in a value the object does not have yet. */
function checkGranular(value: Json, path: readonly string[]): void {
  const field = path[path.length - 1] ?? '';
  if (Array.isArray(value)) {
    if (!SET_LISTS.has(field) && !listKeys(field, value)) atomic(path);
    for (const item of value) checkGranular(item, path);
  } else if (isRecord(value)) {
    if (ATOMIC_MAPS.has(field)) atomic(path);
    for (const [key, item] of Object.entries(value)) checkGranular(item, [...path, key]);
  }
}

function mergeValue(target: Json, patch: Json, path: readonly string[]): Json {
  const field = path[path.length - 1] ?? '';
  if (isRecord(patch)) {
    if (!isRecord(target)) return withoutNulls(patch);
    const result: Record<string, Json> = { ...target };
    for (const [key, value] of Object.entries(patch)) {
      if (key === '__proto__') continue;
      if (value === null) delete result[key];
      // An empty list adds nothing to a field the object lacks: the stored object omits empty lists.
      else if (Array.isArray(value) && value.length === 0 && !Object.hasOwn(target, key)) continue;
      else result[key] = Object.hasOwn(target, key) ? mergeValue(target[key], value, [...path, key]) : withoutNulls(value);
    }
    return result;
  }
  if (Array.isArray(patch) && Array.isArray(target)) {
    if (SET_LISTS.has(field)) {
      const seen = new Set(target.map((item) => JSON.stringify(item)));
      return [...target, ...patch.filter((item) => !seen.has(JSON.stringify(item)))];
    }
    const keys = listKeys(field, [...target, ...patch])!;
    const result = [...target];
    for (const item of patch) {
      const key = keyOf(item, keys);
      const at = key === undefined ? -1 : result.findIndex((existing) => keyOf(existing, keys) === key);
      if (at < 0) result.push(withoutNulls(item));
      else result[at] = mergeValue(result[at], item, path);
    }
    return result;
  }
  return withoutNulls(patch);
}

/** The object with the apply configuration merged in; the input is not changed. */
export function mergeApplyConfiguration(object: Record<string, Json>, configuration: Record<string, Json>): Record<string, Json> {
  checkGranular(configuration, []);
  return mergeValue(structuredClone(object), configuration, []) as Record<string, Json>;
}
