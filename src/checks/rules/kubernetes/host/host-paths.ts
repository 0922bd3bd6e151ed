import { posix } from 'node:path';
import type { JsonPath } from '../../../../core/fix.js';
import { asArray, asRecord, asString } from '../../../../parsers/kubernetes/values.js';
import { containersOf, type ContainerRef, type PodTemplate } from '../../../../parsers/kubernetes/workloads.js';

export interface HostPathMount {
  ref: ContainerRef;
  /** Path of the volumeMount entry. */
  path: JsonPath;
  readOnly: boolean;
  /** The host path the container actually sees: the volume path joined with a literal `subPath`. */
  hostPath: string;
  hasSubPath: boolean;
}

export interface HostPathVolume {
  name: string;
  /** Normalised host path of the volume. */
  hostPath: string;
  /** Path of `volumes[i].hostPath.path`. */
  path: JsonPath;
  mounts: HostPathMount[];
}

/** `//var/run/../run/` and `/run` name the same directory; compare host paths only after this. */
export function normaliseHostPath(path: string): string {
  const normalised = posix.normalize(path);
  return normalised.length > 1 ? normalised.replace(/\/+$/, '') : normalised;
}

/** Every hostPath volume of the pod with the container mounts that use it. */
export function hostPathVolumes(pod: PodTemplate): HostPathVolume[] {
  const volumes: HostPathVolume[] = [];
  asArray(pod.spec.volumes).forEach((value, index) => {
    const volume = asRecord(value);
    const raw = asString(asRecord(volume?.hostPath)?.path);
    const name = asString(volume?.name);
    if (!volume || raw === undefined || raw === '' || name === undefined) return;
    const hostPath = normaliseHostPath(raw);
    volumes.push({ name, hostPath, path: [...pod.specPath, 'volumes', index, 'hostPath', 'path'], mounts: mountsOf(pod, name, hostPath) });
  });
  return volumes;
}

function mountsOf(pod: PodTemplate, volumeName: string, volumePath: string): HostPathMount[] {
  const mounts: HostPathMount[] = [];
  for (const ref of containersOf(pod)) {
    asArray(ref.container.volumeMounts).forEach((value, index) => {
      const mount = asRecord(value);
      if (!mount || mount.name !== volumeName) return;
      // subPathExpr depends on runtime env vars; the volume root is the best static answer for it.
      const subPath = asString(mount.subPath);
      const hasSubPath = subPath !== undefined && subPath !== '';
      mounts.push({
        ref,
        path: [...ref.path, 'volumeMounts', index],
        readOnly: mount.readOnly === true,
        hostPath: hasSubPath ? normaliseHostPath(`${volumePath}/${subPath}`) : volumePath,
        hasSubPath,
      });
    });
  }
  return mounts;
}

/** ` into containers "a", "b"` for messages, or a note that nothing mounts the volume yet. */
export function describeMounters(mounts: HostPathMount[]): string {
  const names = [...new Set(mounts.map((m) => `"${m.ref.name}"`))];
  if (names.length === 0) return ' (not mounted by any container yet)';
  return ` into container${names.length > 1 ? 's' : ''} ${names.join(', ')}`;
}

/**
 * Reports each host path that `matches`: the volume's own path once, and, for a volume whose root is
 * harmless, each mount whose `subPath` reaches a matching path (hostPath `/var/run` + subPath `docker.sock`).
 */
export function reportHostPaths(
  pod: PodTemplate,
  matches: (hostPath: string) => boolean,
  report: (path: JsonPath, hostPath: string, mounts: HostPathMount[]) => void,
): void {
  for (const volume of hostPathVolumes(pod)) {
    if (matches(volume.hostPath)) {
      report(volume.path, volume.hostPath, volume.mounts);
      continue;
    }
    for (const mount of volume.mounts) {
      if (mount.hasSubPath && matches(mount.hostPath)) report([...mount.path, 'subPath'], mount.hostPath, [mount]);
    }
  }
}
