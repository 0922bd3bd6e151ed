import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule, atVersion } from '../../../../testing/kubernetes.js';
import { hostPathVolumes } from './host-path-volumes.js';
import { restrictedVolumes } from './restricted-volumes.js';

describe('k8s/pss-restricted-volumes', () => {
  it('reports each volume using a restricted source, at the source field', () => {
    const hits = runRule(restrictedVolumes, pod(`
      containers: [{name: app}]
      volumes:
        - name: share
          nfs: {server: nfs.local, path: /exports}
        - name: config
          configMap: {name: app}
        - name: repo
          gitRepo: {repository: "https://example.com/repo.git"}
        - name: node
          hostPath: {path: /etc}
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.volumes[0].nfs', 'spec.volumes[2].gitRepo', 'spec.volumes[3].hostPath']);
    expect(hits[0]!.message).toBe('volume "share" uses restricted volume type "nfs"');
  });

  it('supersedes hostPathVolumes at the restricted level', () => {
    expect(restrictedVolumes.pss?.versionFor({ major: 1, minor: 0 })?.overrides).toEqual([hostPathVolumes.meta.id]);
  });

  it('checks workload templates at every version', () => {
    const hits = runRule(
      restrictedVolumes,
      deployment('containers: [{name: app}]\nvolumes:\n  - name: disk\n    awsElasticBlockStore: {volumeID: vol-1}'),
      atVersion(0),
    );
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.template.spec.volumes[0].awsElasticBlockStore']);
  });

  it('stays quiet for the allowed sources and for a source-less volume (defaulted to emptyDir)', () => {
    expect(runRule(restrictedVolumes, pod(`
      containers: [{name: app}]
      volumes:
        - {name: a, configMap: {name: a}}
        - {name: b, csi: {driver: secrets-store.csi.k8s.io}}
        - {name: c, downwardAPI: {items: []}}
        - {name: d, emptyDir: {}}
        - {name: e, ephemeral: {volumeClaimTemplate: {spec: {accessModes: [ReadWriteOnce]}}}}
        - {name: f, image: {reference: "registry.example.com/data:1"}}
        - {name: g, persistentVolumeClaim: {claimName: g}}
        - {name: h, projected: {sources: []}}
        - {name: i, secret: {secretName: i}}
        - {name: j}
    `))).toEqual([]);
  });
});
