import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { hostPathSensitive } from './host-path-sensitive.js';

describe('k8s/host-path-sensitive', () => {
  it('fires on sensitive directories and credential subtrees, even when mounted read-only', () => {
    const hits = runRule(hostPathSensitive, deployment(`
      containers:
        - name: agent
          volumeMounts:
            - {name: root, mountPath: /host, readOnly: true}
            - {name: proc, mountPath: /host/proc, readOnly: true}
      volumes:
        - name: root
          hostPath: {path: /}
        - name: proc
          hostPath: {path: /proc/}
        - name: pki
          hostPath: {path: /etc/kubernetes/pki}
        - name: run
          hostPath: {path: /var/run}
    `));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.template.spec.volumes[0].hostPath.path', 'hostPath / exposes a sensitive host directory into container "agent"'],
      ['spec.template.spec.volumes[1].hostPath.path', 'hostPath /proc exposes a sensitive host directory into container "agent"'],
      ['spec.template.spec.volumes[2].hostPath.path', 'hostPath /etc/kubernetes/pki exposes a sensitive host directory (not mounted by any container yet)'],
      ['spec.template.spec.volumes[3].hostPath.path', 'hostPath /var/run exposes a sensitive host directory (not mounted by any container yet)'],
    ]);
  });

  it('reports a sensitive volume once, at the volume, however many subPath mounts use it', () => {
    const hits = runRule(hostPathSensitive, pod(`
      containers:
        - name: app
          volumeMounts:
            - {name: etc, mountPath: /host/hosts, subPath: hosts}
            - {name: etc, mountPath: /host/passwd, subPath: passwd}
      volumes:
        - name: etc
          hostPath: {path: /etc}
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.volumes[0].hostPath.path']);
  });

  it('stays quiet for narrow paths and runtime sockets (reported by k8s/runtime-socket-mount)', () => {
    expect(runRule(hostPathSensitive, pod(`
      containers: [{name: app}]
      volumes:
        - {name: certs, hostPath: {path: /etc/ssl/certs}}
        - {name: logs, hostPath: {path: /var/log}}
        - {name: docker, hostPath: {path: /var/run/docker.sock}}
        - {name: containerd, hostPath: {path: /run/containerd}}
        - {name: etcd-like, hostPath: {path: /var/lib/etcd-backup}}
    `))).toEqual([]);
  });
});
