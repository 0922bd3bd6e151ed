/**
 * Container runtime API endpoints (and the directories holding them) on common distributions:
 * Docker, cri-dockerd, containerd (also under k3s), CRI-O and Podman, under both /run and /var/run.
 */
const RUNTIME_PATHS: ReadonlySet<string> = new Set(
  [
    'docker.sock',
    'dockershim.sock',
    'cri-dockerd.sock',
    'containerd',
    'containerd/containerd.sock',
    'k3s/containerd',
    'k3s/containerd/containerd.sock',
    'crio',
    'crio/crio.sock',
    'podman',
    'podman/podman.sock',
  ].flatMap((suffix) => [`/run/${suffix}`, `/var/run/${suffix}`]),
);

/** Host paths (already normalised) through which a container can drive the node's container runtime. */
export function isRuntimeSocketPath(hostPath: string): boolean {
  return RUNTIME_PATHS.has(hostPath) || /\/(docker|containerd|crio|podman|cri-dockerd)\.sock$/.test(hostPath);
}
