import type { MutationConfig } from '../../../config/admission.js';
import { makeObject } from '../../../parsers/kubernetes/objects.js';
import { asRecord } from '../../../parsers/kubernetes/values.js';
import { valueDocument } from '../../../parsers/kubernetes/value-document.js';
import { containersOf, podTemplateOf, WORKLOAD_KINDS, type PodTemplate } from '../../../parsers/kubernetes/workloads.js';
import type { JsonPatchOperation } from '../../../pipeline/json-patch.js';
import { describeValue, Draft, type MutationName, type MutationSkip } from './draft.js';
import { addNodeSelector, addSecurityContext, addTolerations } from './pod-defaults.js';
import { rewriteImage, type Mirror } from './registry-mirrors.js';
import { injectSidecars } from './sidecars.js';
import { compileMutations, type CompiledMutations } from './validate.js';

export { MutationConfigError } from './validate.js';
export type { MutationName, MutationSkip } from './draft.js';

export interface MutationContext {
  /** The request's namespace, for objects whose metadata omits it. */
  namespace?: string;
  /** Labels of the object's namespace, for sidecar selectors; unknown when absent. */
  namespaceLabels?: Readonly<Record<string, string>>;
}

export interface MutationResult {
  /** The mutated copy; the input is never changed. */
  object: Record<string, unknown>;
  /** RFC 6902 operations that, applied in order to the input, give `object`; empty when nothing changed. */
  patch: JsonPatchOperation[];
  /**
   * Where a configured mutation could not apply because a field has the wrong type (`spec.tolerations` a string,
   * `metadata` null): that field is left as it is, the rest of the object is still mutated. Worth a warning.
   */
  skipped: MutationSkip[];
}

const compiled = new WeakMap<MutationConfig, CompiledMutations>();

/**
 * Checks a mutation configuration once (MutationConfigError on the first problem); mutateObject calls it too and
 * remembers the answer per config object, which is read-only once loaded.
 */
export function validateMutationConfig(config: MutationConfig): void {
  compiledFor(config);
}

function compiledFor(config: MutationConfig): CompiledMutations {
  let result = compiled.get(config);
  if (!result) compiled.set(config, (result = compileMutations(config)));
  return result;
}

/**
 * The configured mutations of `/mutate`, pure: the input is never changed. Every mutation only adds what is absent
 * (image rewrites aside), so running it on its own output gives an empty patch. They run in an order that keeps that
 * true: labels first (a sidecar selector sees the labels the pod will have), then sidecars (so the injected container
 * gets the security context defaults and the registry rewrite like any other), tolerations and node selectors,
 * security contexts, and image rewrites last. Throws MutationConfigError for a configuration that must not apply.
 */
export function mutateObject(object: Record<string, unknown>, config: MutationConfig, context: MutationContext = {}): MutationResult {
  const { mirrors } = compiledFor(config);
  const draft = new Draft(object);
  draft.fillMap('labels', ['metadata', 'labels'], config.labels);
  draft.fillMap('annotations', ['metadata', 'annotations'], config.annotations);

  const kind = typeof object.kind === 'string' ? object.kind : '';
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  const pod = podTemplateOf(makeObject(draft.state, valueDocument('admission://mutation', draft.state), [], { apiVersion, kind }));
  if (!pod) {
    if (WORKLOAD_KINDS.includes(kind)) reportNoPodSpec(draft, config, kind);
    return { object: draft.state, patch: draft.patch, skipped: draft.skipped };
  }
  // A Pod's pod metadata is the object's own, done above; a workload's template has its own.
  if (pod.metadataPath.length > 1) {
    draft.fillMap('labels', [...pod.metadataPath, 'labels'], config.labels);
    draft.fillMap('annotations', [...pod.metadataPath, 'annotations'], config.annotations);
  }
  injectSidecars(draft, pod, config.sidecars, namespaceLabels(object, context));
  addTolerations(draft, pod, config.tolerations);
  addNodeSelector(draft, pod, config.nodeSelector);
  addSecurityContext(draft, pod, config.securityContext);
  rewriteImages(draft, pod, mirrors);
  return { object: draft.state, patch: draft.patch, skipped: draft.skipped };
}

/**
 * The API server gives every namespace a `kubernetes.io/metadata.name` label, so a selector on it works even when the
 * caller could not read the namespace's labels.
 */
function namespaceLabels(object: Record<string, unknown>, context: MutationContext): Readonly<Record<string, string>> | undefined {
  if (context.namespaceLabels) return context.namespaceLabels;
  const own = asRecord(object.metadata)?.namespace;
  const namespace = typeof own === 'string' && own !== '' ? own : context.namespace;
  return namespace ? { 'kubernetes.io/metadata.name': namespace } : undefined;
}

/** Rewrites images of containers, init and ephemeral containers; an image that is not a string is reported. */
function rewriteImages(draft: Draft, pod: PodTemplate, mirrors: readonly Mirror[]): void {
  if (mirrors.length === 0) return;
  for (const ref of containersOf(pod)) {
    const image = ref.container.image;
    if (image === undefined) continue;
    if (typeof image !== 'string') {
      draft.skip('registryMirrors', [...ref.path, 'image'], `${describeValue(image)} where an image reference belongs`);
      continue;
    }
    const rewritten = rewriteImage(image, mirrors);
    if (rewritten !== undefined) draft.set('registryMirrors', [...ref.path, 'image'], rewritten);
  }
}

const POD_MUTATIONS: ReadonlyArray<[MutationName, (config: MutationConfig) => boolean]> = [
  ['registryMirrors', (c) => c.registryMirrors.length > 0],
  ['tolerations', (c) => c.tolerations.length > 0],
  ['nodeSelector', (c) => Object.keys(c.nodeSelector).length > 0],
  ['securityContext', (c) => c.securityContext.pod !== undefined || c.securityContext.container !== undefined],
  ['sidecars', (c) => c.sidecars.length > 0],
];

/** A workload whose pod spec is missing or of the wrong type gets none of the pod mutations; each configured one says so. */
function reportNoPodSpec(draft: Draft, config: MutationConfig, kind: string): void {
  for (const [mutation, configured] of POD_MUTATIONS) {
    if (configured(config)) draft.skip(mutation, ['spec'], `this ${kind} has no pod spec that is an object`);
  }
}

/**
 * Joins the patches of sequential steps (configured mutations, digest pinning, rule fixes), each computed on the
 * previous step's output: RFC 6902 applies operations in order, so the concatenation is the one patch from the input.
 */
export function concatPatches<T extends { op: string; path: string }>(...patches: ReadonlyArray<readonly T[]>): T[] {
  return patches.flat();
}
