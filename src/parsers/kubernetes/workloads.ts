import type { JsonPath } from '../../core/fix.js';
import type { KubernetesObject } from './objects.js';
import { asArray, asRecord, getPath } from './values.js';

export type ContainerGroup = 'containers' | 'initContainers' | 'ephemeralContainers';
export const CONTAINER_GROUPS: readonly ContainerGroup[] = ['containers', 'initContainers', 'ephemeralContainers'];

export interface PodTemplate {
  object: KubernetesObject;
  /** Pod metadata: the template's for workloads, the object's own for Pods. */
  metadata: Record<string, unknown>;
  metadataPath: JsonPath;
  spec: Record<string, unknown>;
  specPath: JsonPath;
}

export interface ContainerRef {
  container: Record<string, unknown>;
  name: string;
  group: ContainerGroup;
  index: number;
  path: JsonPath;
}

/** Where each kind keeps its pod template; other kinds (CRDs such as Argo Rollouts) are probed below. */
const TEMPLATE_PATHS: Record<string, JsonPath> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  PodTemplate: ['template'],
};

export const WORKLOAD_KINDS: readonly string[] = ['Pod', ...Object.keys(TEMPLATE_PATHS)];

interface TemplatePaths {
  metadataPath: JsonPath;
  specPath: JsonPath;
}

/**
 * The paths of a template at `at`, made once: every rule, analysis and hit asks for an object's template, most objects
 * have none, and the paths spread anew on each call were a few percent of a large scan's allocations.
 */
const templatePaths = (at: JsonPath): TemplatePaths => ({ metadataPath: [...at, 'metadata'], specPath: [...at, 'spec'] });
const POD_PATHS: TemplatePaths = { metadataPath: ['metadata'], specPath: ['spec'] };
const KNOWN_PATHS: ReadonlyMap<string, TemplatePaths> = new Map(Object.entries(TEMPLATE_PATHS).map(([kind, at]) => [kind, templatePaths(at)]));
const PROBED_PATHS: readonly TemplatePaths[] = [templatePaths(['spec', 'template']), templatePaths(['spec', 'jobTemplate', 'spec', 'template'])];

export function podTemplateOf(object: KubernetesObject): PodTemplate | undefined {
  if (object.kind === 'Pod') return fromPaths(object, POD_PATHS);
  // A Map: a kind such as `constructor` must not find Object.prototype's members.
  const known = KNOWN_PATHS.get(object.kind);
  if (known) return fromPaths(object, known);
  for (const candidate of PROBED_PATHS) {
    const spec = asRecord(getPath(object.raw, candidate.specPath));
    if (spec && Array.isArray(spec.containers)) return fromPaths(object, candidate);
  }
  return undefined;
}

function fromPaths(object: KubernetesObject, { metadataPath, specPath }: TemplatePaths): PodTemplate | undefined {
  const spec = asRecord(getPath(object.raw, specPath));
  if (!spec) return undefined;
  const metadata = asRecord(getPath(object.raw, metadataPath)) ?? {};
  return { object, metadata, metadataPath, spec, specPath };
}

export function containersOf(pod: PodTemplate, groups: readonly ContainerGroup[] = CONTAINER_GROUPS): ContainerRef[] {
  const refs: ContainerRef[] = [];
  for (const group of groups) {
    asArray(pod.spec[group]).forEach((value, index) => {
      const container = asRecord(value);
      if (!container) return;
      const name = typeof container.name === 'string' ? container.name : `#${index}`;
      refs.push({ container, name, group, index, path: [...pod.specPath, group, index] });
    });
  }
  return refs;
}

/** PSS exempts some Linux-only controls for Windows pods (`spec.os.name: windows`). */
export function isWindowsPod(pod: PodTemplate): boolean {
  return getPath(pod.spec, ['os', 'name']) === 'windows';
}
