import { defineWorkloadRule } from '../rule.js';
import { describeMounters, reportHostPaths } from './host-paths.js';
import { isRuntimeSocketPath } from './runtime-sockets.js';

export const runtimeSocketMount = defineWorkloadRule({
  meta: {
    id: 'k8s/runtime-socket-mount',
    title: 'Container runtime socket mounted from the host',
    severity: 'critical',
    target: 'kubernetes',
    rationale:
      'The Docker, containerd, CRI-O or Podman socket is the runtime\'s control API: whoever can write to it can start a ' +
      'privileged container with the host filesystem mounted, which is root on the node, whatever the pod\'s own security ' +
      'context says. A read-only mount does not help, since connecting to a socket is not a filesystem write. Also caught ' +
      'when the socket is reached through a `subPath` of a broader hostPath volume.',
    remediation:
      'Remove the hostPath volume and its volumeMounts. Build images with a daemonless builder (BuildKit rootless, kaniko, ' +
      'buildah) and read container metadata from the Kubernetes API or the kubelet instead:\n\n```yaml\n' +
      '# delete\nvolumes:\n  - name: docker\n    hostPath: {path: /var/run/docker.sock}\n```',
    references: {
      pss: 'HostPath Volumes',
      nsa: 'Kubernetes Pod security: non-root containers and rootless container engines',
    },
    aliases: { trivy: ['KSV006', 'AVD-KSV-0006'], checkov: ['CKV_K8S_27'], kubeLinter: ['docker-sock'] },
  },
  check(pod, context) {
    reportHostPaths(pod, isRuntimeSocketPath, (path, hostPath, mounts) => {
      context.report({ path, message: `hostPath ${hostPath} exposes the container runtime socket${describeMounters(mounts)}` });
    });
  },
});
