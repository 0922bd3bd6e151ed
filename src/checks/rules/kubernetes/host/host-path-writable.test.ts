import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { hostPathWritable } from './host-path-writable.js';

describe('k8s/host-path-writable', () => {
  it('fires per writable mount of a hostPath volume, in every container group', () => {
    const hits = runRule(hostPathWritable, deployment(`
      initContainers:
        - name: init
          volumeMounts: [{name: data, mountPath: /data, readOnly: false}]
      containers:
        - name: app
          volumeMounts:
            - {name: data, mountPath: /data}
            - {name: data, mountPath: /cfg, subPath: cfg, readOnly: true}
      volumes:
        - name: data
          hostPath: {path: /srv/data/}
    `));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.template.spec.containers[0].volumeMounts[0].readOnly', 'container "app" mounts hostPath /srv/data (volume "data") writable'],
      ['spec.template.spec.initContainers[0].volumeMounts[0].readOnly', 'container "init" mounts hostPath /srv/data (volume "data") writable'],
    ]);
  });

  it('stays quiet for read-only mounts and writable non-hostPath volumes', () => {
    expect(runRule(hostPathWritable, pod(`
      containers:
        - name: app
          volumeMounts:
            - {name: logs, mountPath: /var/log, readOnly: true}
            - {name: tmp, mountPath: /tmp}
      volumes:
        - {name: logs, hostPath: {path: /var/log}}
        - {name: tmp, emptyDir: {}}
    `))).toEqual([]);
  });
});
