import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { hostPathVolumes } from './host-path-volumes.js';

describe('k8s/pss-host-path-volumes', () => {
  it('reports each hostPath volume at its hostPath field', () => {
    const hits = runRule(hostPathVolumes, pod(`
      containers:
        - name: app
      volumes:
        - name: config
          configMap: {name: app}
        - name: docker
          hostPath: {path: /var/run/docker.sock}
    `));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.fieldPath).toBe('spec.volumes[1].hostPath');
    expect(hits[0]!.message).toBe('volume "docker" must not use hostPath ("/var/run/docker.sock")');
  });

  it('checks workload templates', () => {
    const hits = runRule(hostPathVolumes, deployment(`
      containers: [{name: app}]
      volumes:
        - name: root
          hostPath: {path: /}
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.template.spec.volumes[0].hostPath']);
  });

  it('stays quiet without hostPath volumes', () => {
    expect(runRule(hostPathVolumes, pod(`
      containers: [{name: app}]
      volumes:
        - name: scratch
          emptyDir: {}
        - name: data
          persistentVolumeClaim: {claimName: data}
    `))).toEqual([]);
  });
});
