import type { ApiClient } from '../../../sources/cluster/client.js';
import { mapLimited } from '../../../sources/cluster/discovery.js';
import { ApiError } from '../../../sources/cluster/errors.js';
import { listPath } from '../../../sources/cluster/list.js';
import { asArray, asRecord } from '../../../parsers/kubernetes/values.js';
import { differences, holds } from './compare.js';
import { restoreWaves } from './order.js';
import { isCrd } from './preflight.js';
import type { PlannedObject, RestorePlan } from './plan.js';
import type { RestoreEntry } from './report.js';
import type { TargetApi } from './target.js';

/** Field manager of restored objects: `kubectl get --show-managed-fields` names Rampart's restore as their writer. */
export const RESTORE_FIELD_MANAGER = 'rampart-restore';
const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const POLL_MS = 250;
const DRY_RUN_UID = '00000000-0000-0000-0000-000000000000';
/** Requests in flight at once: several times the rate of one at a time, far below an API server's inflight limits. */
const WRITE_CONCURRENCY = 8;

export interface ApplyOptions {
  /** `skip` leaves an existing object as it is (reported as `conflict` when it differs); `update` writes the backup's fields over it (server-side apply). */
  existing: 'skip' | 'update';
  /** Every write with `dryRun=All`: the apiserver validates and admits, and stores nothing. */
  dryRun: boolean;
  /** How long to wait for a restored CustomResourceDefinition to be Established. Default 60 s. */
  crdTimeoutMs?: number;
  onEntry?: (entry: RestoreEntry) => void;
}

/**
 * Writes the plan in order, a few objects of the same rank at a time (adjusting them in place: a plan is applied once);
 * a refused object is reported and the rest goes on. Only a cluster that cannot be reached at all
 * (ClusterAccessError) stops the restore. After the CustomResourceDefinitions, the restore waits until they are
 * Established and served, so their instances can be written. Entries come in plan order.
 */
export async function applyPlan(client: ApiClient, target: TargetApi, plan: RestorePlan, options: ApplyOptions): Promise<RestoreEntry[]> {
  const state: ApplyState = { uids: new Map(), createdNamespaces: new Set(), pendingCrds: [], definedKinds: new Set() };
  for (const crd of plan.objects.filter(isCrd)) {
    const spec = asRecord(crd.body.spec);
    state.definedKinds.add(`${String(spec?.group)}/${String(asRecord(spec?.names)?.kind)}`);
  }
  const entries: RestoreEntry[] = [];
  for (const wave of restoreWaves(plan.objects)) {
    if (state.pendingCrds.length > 0) {
      await waitServed(client, target, state.pendingCrds, options.crdTimeoutMs ?? 60_000);
      state.pendingCrds = [];
    }
    for (const entry of await mapLimited(wave, WRITE_CONCURRENCY, (object) => restoreOne(client, target, object, options, state))) {
      entries.push(entry);
      options.onEntry?.(entry);
    }
  }
  return entries;
}

interface ApplyState {
  /** Target uid of each restored (or already present) object by plan key, for owner references. */
  uids: Map<string, string>;
  /** Dry run: namespaces this restore would create, in which the server cannot check anything yet. */
  createdNamespaces: Set<string>;
  pendingCrds: PlannedObject[];
  /** `group/Kind` of every CustomResourceDefinition in the plan. */
  definedKinds: Set<string>;
}

async function restoreOne(client: ApiClient, target: TargetApi, object: PlannedObject, options: ApplyOptions, state: ApplyState): Promise<RestoreEntry> {
  const base: RestoreEntry = {
    action: 'failed', apiVersion: object.apiVersion, kind: object.kind, name: object.name,
    ...(object.namespace !== undefined ? { namespace: object.namespace } : {}),
    ...(object.sourceNamespace !== undefined ? { sourceNamespace: object.sourceNamespace } : {}),
  };
  const resolution = await target.resolve(object.apiVersion, object.kind);
  if (resolution.state === 'missing') {
    const definedHere = state.definedKinds.has(`${object.group}/${object.kind}`);
    if (options.dryRun && definedHere) return { ...base, action: 'create', note: 'not checked: its CustomResourceDefinition is created by this restore' };
    return { ...base, note: `not restored: ${resolution.reason}` };
  }
  const { type } = resolution;
  const converted = resolution.state === 'converted' ? `converted from ${resolution.from}` : undefined;
  const entry: RestoreEntry = { ...base, apiVersion: type.apiVersion, ...(converted ? { note: converted } : {}) };
  // The plan's own copy, written once: adjusted in place.
  const { body } = object;
  body.apiVersion = type.apiVersion;
  const dropped = rewriteOwners(body, object.ownerRefKeys, state.uids, options.dryRun);
  const withNote = (extra: string): string => [converted, extra].filter(Boolean).join('; ');
  const collection = listPath(type, type.namespaced ? object.namespace : undefined);
  const path = `${collection}/${encodeURIComponent(object.name)}`;
  const query: Record<string, string> = {
    fieldManager: RESTORE_FIELD_MANAGER,
    // A converted object with a field the served version lacks is refused, not silently pruned.
    ...(converted ? { fieldValidation: 'Strict' } : {}),
    ...(options.dryRun ? { dryRun: 'All' } : {}),
  };
  try {
    const existing = await getExisting(client, path);
    if (existing) {
      const uid = asRecord(existing.metadata)?.uid;
      if (typeof uid === 'string') state.uids.set(object.key, uid);
      if (holds(existing, body)) return { ...entry, action: 'unchanged' };
      if (options.existing === 'skip') return { ...entry, action: 'conflict', note: withNote(`exists and differs at ${differences(existing, body).join(', ')}`) };
      await client.requestJson({ method: 'PATCH', path, query: { ...query, force: 'true' }, body: JSON.stringify(body), contentType: 'application/apply-patch+yaml' });
      if (isCrd(object) && !options.dryRun) state.pendingCrds.push(object);
      return { ...entry, action: 'update', ...(converted || dropped ? { note: withNote(dropped) } : {}) };
    }
    const created = asRecord(await client.requestJson({ method: 'POST', path: collection, query, body: JSON.stringify(body) }));
    const uid = asRecord(created?.metadata)?.uid;
    if (typeof uid === 'string' && !options.dryRun) state.uids.set(object.key, uid);
    if (options.dryRun && object.group === '' && object.kind === 'Namespace') state.createdNamespaces.add(object.name);
    if (isCrd(object) && !options.dryRun) state.pendingCrds.push(object);
    return { ...entry, action: 'create', ...(converted || dropped ? { note: withNote(dropped) } : {}) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (options.dryRun && error.status === 404 && object.namespace !== undefined && state.createdNamespaces.has(object.namespace)) {
      return { ...entry, action: 'create', note: withNote(`not checked: namespace ${object.namespace} is created by this restore`) };
    }
    if (error.status === 409 && error.reason === 'AlreadyExists') return { ...entry, action: 'conflict', note: withNote('created by someone else during the restore') };
    return { ...entry, action: 'failed', note: withNote(`refused by the target (${error.reason}): ${error.message}`) };
  }
}

/**
 * Owner references carry the source cluster's uids; the garbage collector would delete an object whose owner uid it
 * cannot find. References to restored owners get the owner's new uid; the others are dropped (and said so).
 */
function rewriteOwners(body: Record<string, unknown>, ownerKeys: ReadonlyArray<string | undefined>, uids: ReadonlyMap<string, string>, dryRun: boolean): string {
  const metadata = asRecord(body.metadata);
  const refs = asArray(metadata?.ownerReferences).map(asRecord).filter((ref): ref is Record<string, unknown> => ref !== undefined);
  if (!metadata || refs.length === 0) return '';
  const kept: Array<Record<string, unknown>> = [];
  const dropped: string[] = [];
  for (const [index, ref] of refs.entries()) {
    const key = ownerKeys[index];
    const uid = key === undefined ? undefined : uids.get(key);
    // A dry run creates no owner: a placeholder uid stands in, which the server only checks for form.
    if (uid !== undefined || (dryRun && key !== undefined)) kept.push({ ...ref, uid: uid ?? DRY_RUN_UID });
    else dropped.push(`${String(ref.kind)} ${String(ref.name)}`);
  }
  if (kept.length > 0) metadata.ownerReferences = kept;
  else delete metadata.ownerReferences;
  return dropped.length > 0 ? `owner reference to ${dropped.join(', ')} dropped (owner not restored)` : '';
}

async function getExisting(client: ApiClient, path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return asRecord(await client.getJson(path));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

/**
 * Until every given CustomResourceDefinition is Established and discovery serves its kind, or the time is up (its
 * instances then fail one by one with the reason).
 */
async function waitServed(client: ApiClient, target: TargetApi, crds: readonly PlannedObject[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const crd of crds) {
    for (;;) {
      const current = await getExisting(client, `${CRD_PATH}/${encodeURIComponent(crd.name)}`);
      const established = asArray(asRecord(current?.status)?.conditions).some((c) => asRecord(c)?.type === 'Established' && asRecord(c)?.status === 'True');
      if (established || Date.now() > deadline) break;
      await sleep(POLL_MS);
    }
  }
  for (const crd of crds) {
    const spec = asRecord(crd.body.spec);
    const versions = asArray(spec?.versions).map(asRecord).filter((v) => v?.served === true);
    const apiVersion = `${String(spec?.group)}/${String(versions[0]?.name)}`;
    for (;;) {
      target.refresh();
      if ((await target.resolve(apiVersion, String(asRecord(spec?.names)?.kind))).state !== 'missing' || Date.now() > deadline) break;
      await sleep(POLL_MS);
    }
  }
  target.refresh();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
