import type { KubernetesSetRule, ObjectFilter } from '../checks/rules/kubernetes/rule.js';
import type { Located } from '../parsers/kubernetes/yaml-document.js';
import type { KubernetesObject } from '../parsers/kubernetes/objects.js';
import { ownString } from '../parsers/kubernetes/own-string.js';
import { asArray, asRecord } from '../parsers/kubernetes/values.js';
import { CONTAINER_GROUPS, podTemplateOf } from '../parsers/kubernetes/workloads.js';

/**
 * Set rules (RBAC, NetworkPolicy, mesh) see every object of a scan at once, so what they see stays in
 * memory until the end. An object no selected set rule `reads` is kept as its identity alone: a
 * dashboard ConfigMap or a CRD would otherwise hold its whole file (text, line index and tree behind
 * `locate`). What the rules read is pruned too: payloads no whole-scan analysis reads (Secret and
 * ConfigMap data, volumes, and container fields other than name and ports) are dropped. A set rule
 * that needs more must extend this list.
 */
const PAYLOAD_FIELDS = ['data', 'stringData', 'binaryData'];
const KEPT_CONTAINER_FIELDS = ['name', 'ports'];

const filters = new WeakMap<readonly KubernetesSetRule[], ObjectFilter>();

export function retainForSetRules(object: KubernetesObject, rules: readonly KubernetesSetRule[]): KubernetesObject {
  if (!readFilterOf(rules)(object)) return identityOf(object);
  let raw: Record<string, unknown> = object.raw;
  if (object.kind === 'Secret' || object.kind === 'ConfigMap') {
    raw = Object.fromEntries(Object.entries(raw).filter(([key]) => !PAYLOAD_FIELDS.includes(key)));
  }
  const pod = podTemplateOf(object);
  if (pod) raw = withPrunedPodSpec(raw, pod.specPath, pod.spec);
  // The document's value is the full object; locations come from the document's own index instead.
  return { ...object, raw, document: { ...object.document, value: null } };
}

/** Whether any of `rules` reads an object; the rules of one family share one filter, asked once. */
function readFilterOf(rules: readonly KubernetesSetRule[]): ObjectFilter {
  let filter = filters.get(rules);
  if (!filter) {
    const distinct = [...new Set(rules.map((rule) => rule.reads))];
    filters.set(rules, (filter = (object) => distinct.some((reads) => reads(object))));
  }
  return filter;
}

/** The object's identity, located at its document's start: no rule reports on an object it does not read. */
function identityOf(object: KubernetesObject): KubernetesObject {
  // Copied, since the parsed strings are views into the whole file's text (see ownString).
  const { document } = object;
  const kind = ownString(object.kind);
  const apiVersion = object.apiVersion === undefined ? undefined : ownString(object.apiVersion);
  const name = object.name === undefined ? undefined : ownString(object.name);
  const namespace = object.namespace === undefined ? undefined : ownString(object.namespace);
  const located: Located = {
    location: { file: document.file, startLine: document.startLine, startColumn: 1, endLine: document.startLine, endColumn: 1 },
    exact: false,
  };
  const locate = (): Located => located;
  // Assigned rather than spread in (a slow generic copy in V8): most objects of a large tree end up here.
  const metadata: Record<string, string> = {};
  if (name !== undefined) metadata['name'] = name;
  if (namespace !== undefined) metadata['namespace'] = namespace;
  const raw: Record<string, unknown> = {};
  if (apiVersion !== undefined) raw['apiVersion'] = apiVersion;
  raw['kind'] = kind;
  raw['metadata'] = metadata;
  const identity = {} as KubernetesObject;
  if (apiVersion !== undefined) identity.apiVersion = apiVersion;
  identity.kind = kind;
  if (name !== undefined) identity.name = name;
  if (namespace !== undefined) identity.namespace = namespace;
  identity.raw = raw;
  identity.document = { file: document.file, index: document.index, text: '', value: null, startLine: document.startLine, endLine: document.endLine, locate, nodeEndLine: () => undefined };
  identity.basePath = object.basePath;
  identity.locate = locate;
  return identity;
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
