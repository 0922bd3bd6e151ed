import { asArray, asRecord } from '../../parsers/kubernetes/values.js';
import type { ApiGetter } from './client.js';
import type { ResourceType } from './discovery.js';
import { listObjects } from './list.js';

/** One container of a running workload: the image as written and, once the kubelet pulled it, the digest it runs. */
export interface RunningContainer {
  namespace: string;
  /** The top owner (Deployment, StatefulSet, DaemonSet, CronJob, ...), or the Pod itself when nothing owns it. */
  kind: string;
  name: string;
  container: string;
  image: string;
  digest?: string;
}

const PODS: ResourceType = { group: '', apiVersion: 'v1', resource: 'pods', kind: 'Pod', namespaced: true };
// Owners whose own owner is the workload people name: a Deployment's ReplicaSet, a CronJob's Job.
const INTERMEDIATE: ResourceType[] = [
  { group: 'apps', apiVersion: 'apps/v1', resource: 'replicasets', kind: 'ReplicaSet', namespaced: true },
  { group: 'batch', apiVersion: 'batch/v1', resource: 'jobs', kind: 'Job', namespaced: true },
];
const DIGEST = /@(sha256:[0-9a-f]{64})$/;

/**
 * Which image digests run where, from the Pods' container statuses (the digest the kubelet resolved, not the tag
 * the spec names), each attributed to the workload that owns it. Only running or pending Pods count: a finished
 * Job's Pod no longer runs its image.
 */
export async function readRunningContainers(client: ApiGetter): Promise<RunningContainer[]> {
  const owners = new Map<string, { kind: string; name: string }>();
  for (const type of INTERMEDIATE) {
    for await (const page of listObjects(client, type)) {
      for (const object of page) {
        const owner = controllerOf(object);
        const metadata = fields(object.metadata);
        if (owner && typeof metadata.namespace === 'string' && typeof metadata.name === 'string') owners.set(`${metadata.namespace}/${type.kind}/${metadata.name}`, owner);
      }
    }
  }
  // A Deployment's replicas run the same containers: one entry per workload, container and digest.
  const running = new Map<string, RunningContainer>();
  for await (const page of listObjects(client, PODS, { fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' })) {
    for (const pod of page) {
      for (const container of podContainers(pod, owners)) {
        running.set([container.namespace, container.kind, container.name, container.container, container.image, container.digest ?? ''].join('\0'), container);
      }
    }
  }
  return [...running.values()];
}

function podContainers(pod: Record<string, unknown>, owners: ReadonlyMap<string, { kind: string; name: string }>): RunningContainer[] {
  const metadata = fields(pod.metadata);
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : '';
  const podName = typeof metadata.name === 'string' ? metadata.name : '';
  if (!namespace || !podName) return [];
  let workload = controllerOf(pod) ?? { kind: 'Pod', name: podName };
  workload = owners.get(`${namespace}/${workload.kind}/${workload.name}`) ?? workload;

  const spec = fields(pod.spec);
  const status = fields(pod.status);
  const statuses = new Map<string, Record<string, unknown>>();
  for (const key of ['containerStatuses', 'initContainerStatuses', 'ephemeralContainerStatuses']) {
    for (const entry of asArray(status[key])) {
      const record = fields(entry);
      if (typeof record.name === 'string') statuses.set(record.name, record);
    }
  }
  const result: RunningContainer[] = [];
  for (const key of ['containers', 'initContainers', 'ephemeralContainers']) {
    for (const entry of asArray(spec[key])) {
      const container = fields(entry);
      if (typeof container.name !== 'string' || typeof container.image !== 'string') continue;
      const imageId = statuses.get(container.name)?.imageID;
      const digest = typeof imageId === 'string' ? DIGEST.exec(imageId)?.[1] : undefined;
      result.push({ namespace, ...workload, container: container.name, image: container.image, ...(digest ? { digest } : {}) });
    }
  }
  return result;
}

function controllerOf(object: Record<string, unknown>): { kind: string; name: string } | undefined {
  const references = fields(object.metadata).ownerReferences;
  for (const entry of asArray(references)) {
    const reference = fields(entry);
    if (reference.controller === true && typeof reference.kind === 'string' && typeof reference.name === 'string') return { kind: reference.kind, name: reference.name };
  }
  return undefined;
}

function fields(value: unknown): Record<string, unknown> {
  return asRecord(value) ?? {};
}
