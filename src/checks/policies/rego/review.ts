import { asRecord, asString } from '../../../parsers/kubernetes/values.js';
import type { PolicyInventory, PolicyRequest } from '../types.js';
import { labelsOf, type MatchSubject } from './match.js';

/**
 * Gatekeeper's `input.review`: the AdmissionRequest the webhook received (gator and the audit build the same shape
 * from a bare object), with the object's Namespace under `_unstable.namespace` when it is known.
 */
export function reviewOf(request: PolicyRequest): Record<string, unknown> {
  const subject = request.object ?? request.oldObject ?? {};
  const { group, version } = groupVersion(subject.apiVersion);
  const review: Record<string, unknown> = {
    kind: { group, version, kind: asString(subject.kind) ?? '' },
    name: asString(asRecord(subject.metadata)?.name) ?? '',
    operation: request.operation,
    object: request.object,
    oldObject: request.oldObject ?? null,
  };
  const namespace = namespaceOf(request);
  if (namespace) review.namespace = namespace;
  if (request.userInfo) review.userInfo = { ...request.userInfo, groups: request.userInfo.groups ? [...request.userInfo.groups] : undefined };
  if (request.dryRun !== undefined) review.dryRun = request.dryRun;
  if (request.namespaceObject) review._unstable = { namespace: request.namespaceObject };
  return review;
}

/** What matching reads: the object, or on DELETE the stored one. */
export function subjectsOf(request: PolicyRequest): MatchSubject[] {
  const namespace = namespaceOf(request);
  return [request.object, request.oldObject].flatMap((object) => {
    if (!object) return [];
    return [{
      group: groupVersion(object.apiVersion).group,
      kind: asString(object.kind) ?? '',
      name: asString(asRecord(object.metadata)?.name) ?? '',
      labels: labelsOf(object),
      namespace,
      namespaceObject: request.namespaceObject,
    }];
  });
}

function namespaceOf(request: PolicyRequest): string {
  if (request.namespace) return request.namespace;
  return asString(asRecord((request.object ?? request.oldObject)?.metadata)?.namespace) ?? '';
}

function groupVersion(apiVersion: unknown): { group: string; version: string } {
  const text = asString(apiVersion) ?? '';
  const slash = text.indexOf('/');
  return slash < 0 ? { group: '', version: text } : { group: text.slice(0, slash), version: text.slice(slash + 1) };
}

/**
 * `data.inventory` as Gatekeeper's sync fills it: `cluster[apiVersion][kind][name]` for cluster-scoped objects and
 * `namespace[ns][apiVersion][kind][name]` for namespaced ones. Built on null-prototype maps, so an object named
 * `__proto__` is stored like any other.
 */
export function inventoryDocument(inventory: PolicyInventory): Record<string, unknown> {
  const cluster = map();
  const namespace = map();
  for (const object of inventory.objects) {
    const apiVersion = asString(object.apiVersion);
    const kind = asString(object.kind);
    const metadata = asRecord(object.metadata);
    const name = asString(metadata?.name);
    if (!apiVersion || !kind || !name) continue;
    const ns = asString(metadata?.namespace);
    const root = ns ? child(namespace, ns) : cluster;
    child(child(root, apiVersion), kind)[name] = object;
  }
  return { inventory: { cluster, namespace } };
}

type Tree = Record<string, unknown>;

function map(): Tree {
  return Object.create(null) as Tree;
}

function child(parent: Tree, key: string): Tree {
  const existing = parent[key];
  if (existing) return existing as Tree;
  const created = map();
  parent[key] = created;
  return created;
}
