import { isDeepStrictEqual } from 'node:util';
import type { SidecarConfig } from '../../../config/admission.js';
import { asArray, asRecord } from '../../../parsers/kubernetes/values.js';
import { containersOf, type PodTemplate } from '../../../parsers/kubernetes/workloads.js';
import { describeValue, type Draft } from './draft.js';

/**
 * Injects each configured sidecar whose selector matches. A selector matches when the namespace's labels carry all
 * of its entries, or the pod's labels carry all of them (an empty selector matches every pod); the two sets are not
 * mixed. Idempotence is by name: a pod holding a container of that name in any list (Kubernetes names are unique
 * across containers, init and ephemeral containers) is left alone, so a reinvocation or a user's own container of
 * that name never gets a second one. A container with `restartPolicy: Always` is a native sidecar and goes at the
 * end of `initContainers`, the others at the end of `containers`.
 */
export function injectSidecars(draft: Draft, pod: PodTemplate, sidecars: readonly SidecarConfig[], namespaceLabels: Readonly<Record<string, string>> | undefined): void {
  const podLabels = asRecord(draft.get([...pod.metadataPath, 'labels']));
  for (const sidecar of sidecars) {
    if (selects(sidecar.selector, namespaceLabels) || selects(sidecar.selector, podLabels)) inject(draft, pod, sidecar);
  }
}

function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, unknown>> | undefined): boolean {
  const entries = Object.entries(selector);
  if (entries.length === 0) return true;
  return labels !== undefined && entries.every(([key, value]) => Object.hasOwn(labels, key) && labels[key] === value);
}

/**
 * Nothing is written unless everything can be: a container list or `volumes` of the wrong type, or a pod volume
 * that shares a name with one the sidecar needs but differs from it (the sidecar would mount what the pod's author
 * chose, not what its template says), stop the injection and are reported.
 */
function inject(draft: Draft, pod: PodTemplate, sidecar: SidecarConfig): void {
  if (containersOf(pod).some((ref) => ref.name === sidecar.name)) return;
  const group = sidecar.container.restartPolicy === 'Always' ? 'initContainers' : 'containers';
  const listPath = [...pod.specPath, group];
  const list = draft.get(listPath);
  if (list !== undefined && list !== null && !Array.isArray(list)) {
    draft.skip('sidecars', listPath, `${describeValue(list)} where a list belongs: sidecar "${sidecar.name}" not injected`);
    return;
  }
  const volumesPath = [...pod.specPath, 'volumes'];
  const volumes = draft.get(volumesPath);
  if (volumes !== undefined && volumes !== null && !Array.isArray(volumes)) {
    draft.skip('sidecars', volumesPath, `${describeValue(volumes)} where a list belongs: sidecar "${sidecar.name}" not injected`);
    return;
  }
  const present = asArray(volumes);
  const missing: Array<Record<string, unknown>> = [];
  for (const volume of sidecar.volumes) {
    const index = present.findIndex((existing) => asRecord(existing)?.name === volume.name);
    if (index < 0) missing.push(volume);
    else if (!isDeepStrictEqual(present[index], volume)) {
      draft.skip('sidecars', [...volumesPath, index], `volume "${String(volume.name)}" differs from the one sidecar "${sidecar.name}" needs: sidecar not injected`);
      return;
    }
  }
  const { name: _ignored, ...container } = sidecar.container;
  draft.append('sidecars', listPath, [{ name: sidecar.name, ...container }]);
  draft.append('sidecars', volumesPath, missing);
}
