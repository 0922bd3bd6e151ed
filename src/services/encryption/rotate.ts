import { readFile } from 'node:fs/promises';
import { isMap, isSeq, parseDocument, type YAMLSeq } from 'yaml';
import { coversResource, providerLabel, type EncryptionConfig, type Provider } from '../../parsers/encryption-config/config.js';
import type { ApiClient } from '../../sources/cluster/client.js';
import { ApiError } from '../../sources/cluster/errors.js';
import type { EtcdStore } from '../../sources/etcd/store.js';
import { loadConfigFile } from './config-file.js';
import { newKeySecret } from './init.js';
import { writePrivateFile } from './private-file.js';
import { verifyStore, type VerifyResult } from './verify.js';

/**
 * Key rotation without downtime, as the Kubernetes documentation lays it out, one step per run so the operator can
 * deploy the file and restart every API server in between:
 *   add     the new key second: every server can read it before any writes with it
 *   promote the new key first: writes use it
 *   rewrite every object of the rotated resources through the API, so etcd holds it under the new key
 *   remove  the old key, once etcd shows that nothing is encrypted with it
 * The state file says which step is done; every step is idempotent on the configuration, so a run interrupted
 * between writing the configuration and the state file simply repeats its step.
 */
export type RotationStep = 'add' | 'promote' | 'rewrite' | 'remove';
const STEPS: readonly RotationStep[] = ['add', 'promote', 'rewrite', 'remove'];

export interface RotationState {
  version: 1;
  configPath: string;
  /** The resource group rotated: the one that covers secrets. */
  group: number;
  provider: Provider['type'];
  oldKey: string;
  newKey: string;
  /** Steps finished, in order. */
  done: RotationStep[];
  rewritten?: number;
  updatedAt: string;
}

/** A step's precondition does not hold: nothing was changed (exit 1). */
export class RotationRefused extends Error {}

/** The state file cannot be read: the rotation cannot safely continue (exit 3). */
export class RotationStateError extends Error {}

export interface RotationContext {
  configPath: string;
  statePath: string;
  store: EtcdStore;
  /** The API, for the rewrite step. */
  api?: ApiClient;
  newKeyName?: string;
  onProgress?: (message: string) => void;
  now?: () => Date;
}

export interface StepOutcome {
  step: RotationStep;
  state: RotationState;
  /** What the operator does next. */
  next: string;
  verify: VerifyResult;
}

/** The resources the rewrite step can rewrite through the core API. */
const REWRITABLE = ['secrets', 'configmaps'];

export async function readState(path: string): Promise<RotationState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let state: RotationState;
  try {
    state = JSON.parse(text) as RotationState;
  } catch {
    throw new RotationStateError(`${path} is not valid JSON: restore it from the run's output or start over after checking the configuration`);
  }
  const steps = Array.isArray(state?.done) ? state.done : undefined;
  if (state?.version !== 1 || !steps || !steps.every((s, i) => s === STEPS[i]) || typeof state.newKey !== 'string' || typeof state.oldKey !== 'string' || typeof state.group !== 'number') {
    throw new RotationStateError(`${path} is not a rampart rotation state file`);
  }
  return state;
}

/** Runs the next step of the rotation (the first one when there is no state file yet). */
export async function rotateStep(context: RotationContext): Promise<StepOutcome> {
  const previous = await readState(context.statePath);
  const loaded = loadConfigFile(context.configPath);
  const state = previous ?? startState(context, loaded.config);
  if (previous && previous.configPath !== context.configPath) throw new RotationRefused(`the state file belongs to a rotation of ${previous.configPath}`);
  const step = STEPS.find((s) => !state.done.includes(s));
  if (!step) throw new RotationRefused(`the rotation from "${state.oldKey}" to "${state.newKey}" is complete; remove ${context.statePath} to start another`);
  const group = loaded.config.groups[state.group];
  const provider = group?.providers.find((p) => p.type === state.provider);
  if (!group || !provider) throw new RotationRefused(`${context.configPath} no longer has the ${state.provider} provider this rotation edits`);
  const verifyResources = REWRITABLE.filter((name) => coversResource(group, name));
  const before = await verifyStore(context.store, { config: loaded.config, resources: verifyResources });
  precondition(step, state, before, provider);

  if (step === 'rewrite') {
    if (!context.api) throw new RotationRefused('the rewrite step needs the API server (--kubeconfig)');
    state.rewritten = await rewriteAll(context.api, verifyResources, context.onProgress);
  } else {
    await editKeys(context.configPath, provider, (keys) => applyStep(step, keys, state));
  }
  const after = step === 'rewrite' ? await verifyStore(context.store, { config: loaded.config, resources: verifyResources }) : before;
  if (step === 'rewrite') {
    const stale = after.objects.filter((o) => o.state === 'encrypted' && o.current === false).length + after.totals.plaintext;
    if (stale > 0) {
      throw new RotationRefused(`${stale} objects are still not on key "${state.newKey}" after the rewrite: is ${context.configPath} (new key first) deployed and every API server restarted? Run --continue again after that`);
    }
  }
  state.done.push(step);
  state.updatedAt = (context.now?.() ?? new Date()).toISOString();
  await writePrivateFile(context.statePath, `${JSON.stringify(state, null, 2)}\n`, { overwrite: true });
  return { step, state, next: nextAdvice(step, context.configPath), verify: after };
}

function startState(context: RotationContext, config: EncryptionConfig): RotationState {
  const index = config.groups.findIndex((g) => coversResource(g, 'secrets'));
  const provider = config.groups[index]?.providers[0];
  if (!provider || (provider.type !== 'aescbc' && provider.type !== 'aesgcm' && provider.type !== 'secretbox')) {
    throw new RotationRefused('the group that covers secrets must encrypt with aescbc, aesgcm or secretbox (kms v2 rotates its own keys)');
  }
  const names = new Set(provider.keys.map((k) => k.name));
  const newKey = context.newKeyName ?? nextKeyName(names);
  if (names.has(newKey)) throw new RotationRefused(`key "${newKey}" already exists in ${provider.type}`);
  return { version: 1, configPath: context.configPath, group: index, provider: provider.type, oldKey: provider.keys[0]!.name, newKey, done: [], updatedAt: '' };
}

function nextKeyName(names: Set<string>): string {
  for (let n = names.size + 1; ; n++) if (!names.has(`key${n}`)) return `key${n}`;
}

/** What etcd must show before each step; the removal is refused while the old key still encrypts anything. */
function precondition(step: RotationStep, state: RotationState, result: VerifyResult, provider: Provider): void {
  const known = new Set(provider.keys.map((k) => `${provider.type}:${k.name}`));
  const unknown = Object.keys(result.totals.byKey).filter((label) => label !== 'identity' && !known.has(label) && label.startsWith(`${provider.type}:`));
  if (result.totals.corrupt > 0) throw new RotationRefused(`${result.totals.corrupt} objects in etcd are unreadable (run \`rampart encryption verify\`); fix them before rotating`);
  if (unknown.length > 0 && step !== 'remove') throw new RotationRefused(`etcd holds objects encrypted with keys the configuration lacks (${unknown.join(', ')}): they cannot be read`);
  if (step === 'remove') {
    const old = result.totals.byKey[`${state.provider}:${state.oldKey}`] ?? 0;
    if (old > 0) throw new RotationRefused(`key "${state.oldKey}" still encrypts ${old} objects in etcd: it is not removed (rewrite them first: --continue)`);
    if (providerLabel(provider) !== `${state.provider}:${state.newKey}`) throw new RotationRefused(`"${state.newKey}" is not the first key of ${state.provider}`);
  }
}

/** Each edit is idempotent: a step repeated after an interruption finds its work done and changes nothing. */
function applyStep<K extends { name: string }>(step: RotationStep, keys: K[], state: RotationState): Array<K | { name: string; secret: string }> {
  const without = keys.filter((k) => k.name !== state.newKey);
  const newKey = keys.find((k) => k.name === state.newKey) ?? { name: state.newKey, secret: newKeySecret() };
  if (step === 'add') return keys.some((k) => k.name === state.newKey) ? keys : [without[0]!, newKey, ...without.slice(1)];
  if (step === 'promote') return [newKey, ...without];
  if (step === 'remove') return keys.filter((k) => k.name !== state.oldKey);
  return keys;
}

interface KeyNode {
  name: string;
  item: unknown;
}

/** Edits the provider's key list in the YAML document, so comments and the rest of the file stay as they are. */
async function editKeys(path: string, provider: Provider, edit: (keys: KeyNode[]) => Array<KeyNode | { name: string; secret: string }>): Promise<void> {
  const document = parseDocument(await readFile(path, 'utf8'));
  const sequence = document.getIn([...provider.path, 'keys'], true);
  if (!isSeq(sequence)) throw new RotationRefused(`${path}: no keys list at ${provider.path.join('.')}`);
  const named = (sequence as YAMLSeq).items.map((item): KeyNode => ({ name: isMap(item) ? String(item.get('name')) : '', item }));
  (sequence as YAMLSeq).items = edit(named).map((key) => ('item' in key ? key.item : document.createNode(key)));
  await writePrivateFile(path, document.toString(), { overwrite: true });
}

const KINDS: Record<string, string> = { secrets: 'Secret', configmaps: 'ConfigMap' };
/** Replaces in flight at once: enough to hide round trips, few enough not to crowd the API server's other clients. */
const CONCURRENCY = 8;
const CONFLICT_RETRIES = 5;

type Listed = Record<string, unknown> & { metadata?: { name?: string; namespace?: string } };

/**
 * Replace every object unchanged, as `kubectl get -o json | kubectl replace -f -` does: the API server writes what it
 * read with a key other than its first one again, with the first. Each listed object is replaced with the
 * resourceVersion it was listed with, so a concurrent change wins (409) and that object is read again.
 */
async function rewriteAll(api: ApiClient, resources: string[], onProgress?: (message: string) => void): Promise<number> {
  let rewritten = 0;
  for (const resource of resources) {
    let continueToken: string | undefined;
    do {
      const page = (await api.getJson(`/api/v1/${resource}`, { limit: '500', ...(continueToken ? { continue: continueToken } : {}) })) as { items?: Listed[]; metadata?: { continue?: string } };
      const items = (page.items ?? []).filter((item) => item.metadata?.name && item.metadata.namespace);
      let next = 0;
      const worker = async () => {
        while (next < items.length) {
          const item = items[next++]!;
          const { name, namespace } = item.metadata!;
          const path = `/api/v1/namespaces/${encodeURIComponent(namespace!)}/${resource}/${encodeURIComponent(name!)}`;
          if (await rewriteOne(api, path, item, KINDS[resource]!)) rewritten++;
          if (rewritten > 0 && rewritten % 1000 === 0) onProgress?.(`rewrote ${rewritten} objects`);
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
      continueToken = page.metadata?.continue || undefined;
    } while (continueToken);
  }
  onProgress?.(`rewrote ${rewritten} objects`);
  return rewritten;
}

/** List items come without apiVersion and kind, which a replace must carry. */
async function rewriteOne(api: ApiClient, path: string, listed: Record<string, unknown>, kind: string): Promise<boolean> {
  let object: Record<string, unknown> = listed;
  for (let attempt = 0; ; attempt++) {
    try {
      await api.requestJson({ method: 'PUT', path, body: JSON.stringify({ ...object, apiVersion: 'v1', kind }) });
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return false; // deleted meanwhile: nothing left to rewrite
      if (!(error instanceof ApiError && error.status === 409) || attempt === CONFLICT_RETRIES) throw error;
    }
    try {
      object = (await api.getJson(path)) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return false;
      throw error;
    }
  }
}

function nextAdvice(step: RotationStep, configPath: string): string {
  if (step === 'add') return `Deploy ${configPath} (new key second) to every API server and restart them all, then run rotate --continue.`;
  if (step === 'promote') return `Deploy ${configPath} (new key first) to every API server and restart them all, then run rotate --continue to rewrite every object.`;
  if (step === 'rewrite') return 'Every object is on the new key. Run rotate --continue to remove the old key.';
  return `Deploy ${configPath} (old key removed) to every API server and restart them. The rotation is complete.`;
}
