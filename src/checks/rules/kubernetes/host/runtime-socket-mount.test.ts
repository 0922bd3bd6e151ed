import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { runtimeSocketMount } from './runtime-socket-mount.js';

describe('k8s/runtime-socket-mount', () => {
  it('fires on runtime sockets and socket directories, normalising paths, naming the mounting containers', () => {
    const hits = runRule(runtimeSocketMount, deployment(`
      initContainers:
        - name: init
          volumeMounts: [{name: docker, mountPath: /var/run/docker.sock, readOnly: true}]
      containers:
        - name: app
          volumeMounts: [{name: docker, mountPath: /var/run/docker.sock}]
      volumes:
        - name: docker
          hostPath: {path: /var/run/docker.sock, type: Socket}
        - name: containerd
          hostPath: {path: //run/containerd/}
        - name: crio
          hostPath: {path: /var/run/crio/crio.sock}
    `));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.template.spec.volumes[0].hostPath.path', 'hostPath /var/run/docker.sock exposes the container runtime socket into containers "app", "init"'],
      ['spec.template.spec.volumes[1].hostPath.path', 'hostPath /run/containerd exposes the container runtime socket (not mounted by any container yet)'],
      ['spec.template.spec.volumes[2].hostPath.path', 'hostPath /var/run/crio/crio.sock exposes the container runtime socket (not mounted by any container yet)'],
    ]);
  });

  it('fires on a socket reached through the subPath of a broader volume', () => {
    const hits = runRule(runtimeSocketMount, pod(`
      containers:
        - name: app
          volumeMounts:
            - {name: run, mountPath: /var/run/docker.sock, subPath: docker.sock}
            - {name: run, mountPath: /host/run/lock, subPath: lock}
      volumes:
        - name: run
          hostPath: {path: /var/run}
    `));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.containers[0].volumeMounts[0].subPath', 'hostPath /var/run/docker.sock exposes the container runtime socket into container "app"'],
    ]);
  });

  it('stays quiet for other hostPaths and non-hostPath volumes', () => {
    expect(runRule(runtimeSocketMount, pod(`
      containers:
        - name: app
          volumeMounts: [{name: logs, mountPath: /var/log}]
      volumes:
        - name: logs
          hostPath: {path: /var/log}
        - name: sock
          emptyDir: {}
    `))).toEqual([]);
  });
});
