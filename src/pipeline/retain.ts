import type { KubernetesObject } from '../parsers/kubernetes/objects.js';
import { asArray, asRecord } from '../parsers/kubernetes/values.js';
import { CONTAINER_GROUPS, podTemplateOf } from '../parsers/kubernetes/workloads.js';

/**
 * Set rules (RBAC, NetworkPolicy, mesh) see every object of a scan at once, so every object stays in
 * memory until the end. What they keep is pruned: payloads no whole-scan analysis reads (Secret and
 * ConfigMap data, volumes, and container fields other than name and ports) are dropped, which halves
 * the memory of a large scan. A set rule that needs more must extend this list.
 */
const PAYLOAD_FIELDS = ['data', 'stringData', 'binaryData'];
const KEPT_CONTAINER_FIELDS = ['name', 'ports'];

export function retainForSetRules(object: KubernetesObject): KubernetesObject {
  let raw: Record<string, unknown> = object.raw;
  if (object.kind === 'Secret' || object.kind === 'ConfigMap') {
    raw = Object.fromEntries(Object.entries(raw).filter(([key]) => !PAYLOAD_FIELDS.includes(key)));
  }
  const pod = podTemplateOf(object);
  if (pod) raw = withPrunedPodSpec(raw, pod.specPath, pod.spec);
  // The document's value is the full object; locations come from the document's own index instead.
  return { ...object, raw, document: { ...object.document, value: null } };
}

function withPrunedPodSpec(raw: Record<string, unknown>, specPath: ReadonlyArray<string | number>, spec: Record<string, unknown>): Record<string, unknown> {
  const pruned: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec)) {
    if (key === 'volumes') continue;
    pruned[key] = (CONTAINER_GROUPS as readonly string[]).includes(key) ? asArray(value).map(pruneContainer) : value;
  }
  return replaceAt(raw, specPath, pruned);
}

function pruneContainer(value: unknown): unknown {
  const container = asRecord(value);
  if (!container) return value;
  return Object.fromEntries(Object.entries(container).filter(([key]) => KEPT_CONTAINER_FIELDS.includes(key)));
}

/** A copy of `root` with the value at `path` replaced, sharing every untouched branch. */
function replaceAt(root: Record<string, unknown>, path: ReadonlyArray<string | number>, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return value as Record<string, unknown>;
  const child = asRecord(root[head as string]) ?? {};
  return { ...root, [head]: rest.length === 0 ? value : replaceAt(child, rest, value) };
}
