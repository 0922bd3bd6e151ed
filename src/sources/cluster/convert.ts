import yaml from 'js-yaml';
import { asRecord } from '../../parsers/kubernetes/values.js';
import type { LiveObject } from './read.js';

/**
 * What Secret values become: each key moves to `stringData` with this value, which the API would accept, the secret
 * rules and detectors read as a placeholder, and a reader recognises.
 */
export const REDACTED_SECRET_VALUE = '<redacted>';

/** Server-kept bookkeeping: no rule reads it and it would only make dumps differ from run to run. */
const NOISE_METADATA = ['managedFields', 'resourceVersion', 'uid', 'generation', 'creationTimestamp', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];
/** kubectl's copy of the applied manifest repeats the object, Secret values included, in plain text. */
const NOISE_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];
const SECRET_VALUE_FIELDS = ['data', 'stringData'];

export interface CleanOptions {
  includeSecretValues?: boolean;
}

/** The object as a manifest: `apiVersion` and `kind` first, without status and server bookkeeping. */
export function cleanObject(raw: Record<string, unknown>, options: CleanOptions = {}): Record<string, unknown> {
  const { apiVersion, kind, metadata, status: _status, ...rest } = raw;
  const cleaned: Record<string, unknown> = { apiVersion, kind };
  const meta = asRecord(metadata);
  if (meta) {
    const keptMeta = Object.fromEntries(Object.entries(meta).filter(([key]) => !NOISE_METADATA.includes(key)));
    const annotations = asRecord(keptMeta.annotations);
    if (annotations) {
      const kept = Object.fromEntries(Object.entries(annotations).filter(([key]) => !NOISE_ANNOTATIONS.includes(key)));
      if (Object.keys(kept).length > 0) keptMeta.annotations = kept;
      else delete keptMeta.annotations;
    }
    cleaned.metadata = keptMeta;
  }
  const redact = kind === 'Secret' && apiVersion === 'v1' && !options.includeSecretValues;
  const redactedKeys: string[] = [];
  for (const [key, value] of Object.entries(rest)) {
    if (redact && SECRET_VALUE_FIELDS.includes(key)) redactedKeys.push(...Object.keys(asRecord(value) ?? {}));
    else cleaned[key] = value;
  }
  if (redactedKeys.length > 0) cleaned.stringData = Object.fromEntries(redactedKeys.map((name) => [name, REDACTED_SECRET_VALUE]));
  return cleaned;
}

/** Names a live object where the report needs a file: `cluster://<context>/<namespace or _cluster>/<Kind[.group]>/<name>`. */
export function liveObjectFile(origin: string, object: LiveObject): string {
  const metadata = asRecord(object.raw.metadata);
  const namespace = typeof metadata?.namespace === 'string' ? metadata.namespace : CLUSTER_SCOPE;
  const name = typeof metadata?.name === 'string' ? metadata.name : '?';
  return `${origin}/${namespace}/${kindSegment(object)}/${name}`;
}

/** Namespace names are DNS labels, so no namespace can be called this. */
export const CLUSTER_SCOPE = '_cluster';

export function kindSegment(object: LiveObject): string {
  return object.type.group ? `${object.type.kind}.${object.type.group}` : object.type.kind;
}

/** `cluster://<context>`; the context is escaped because cloud context names hold `:` and `/`. */
export function clusterOrigin(contextName: string): string {
  return `cluster://${encodeURIComponent(contextName)}`;
}

export function toYaml(object: Record<string, unknown>): string {
  return yaml.dump(object, { noRefs: true, lineWidth: -1 });
}
