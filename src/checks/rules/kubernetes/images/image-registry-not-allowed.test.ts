import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { imageRegistryNotAllowed } from './image-registry-not-allowed.js';

const containers = `
  initContainers:
    - name: init
      image: busybox:1.36
  containers:
    - name: hub
      image: docker.io/library/nginx:1.27
    - name: ghcr
      image: ghcr.io/acme/app:2.0
    - name: lookalike
      image: ghcr.io.evil.example/acme/app:2.0
    - name: local
      image: localhost:5000/app:1
    - name: other-org
      image: ghcr.io/other/app:1
`;

describe('k8s/image-registry-not-allowed', () => {
  it('stays quiet when no registries are configured', () => {
    expect(runRule(imageRegistryNotAllowed, pod(containers))).toEqual([]);
  });

  it('resolves implicit Docker Hub, ports and path prefixes at boundaries', () => {
    const hits = runRule(imageRegistryNotAllowed, deployment(containers), {
      allowedRegistries: ['https://index.docker.io/', 'ghcr.io/acme', 'localhost:5000'],
    });
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      [
        'spec.template.spec.containers[2].image',
        'container "lookalike" image "ghcr.io.evil.example/acme/app:2.0" comes from registry "ghcr.io.evil.example", which is not in allowedRegistries',
      ],
      [
        'spec.template.spec.containers[4].image',
        'container "other-org" image "ghcr.io/other/app:1" comes from registry "ghcr.io", which is not in allowedRegistries',
      ],
    ]);
  });

  it('reports images that fall back to Docker Hub when only a private registry is allowed', () => {
    const hits = runRule(imageRegistryNotAllowed, pod(containers), { allowedRegistries: ['ghcr.io'] });
    expect(hits.map((h) => h.fieldPath)).toEqual([
      'spec.containers[0].image',
      'spec.containers[2].image',
      'spec.containers[3].image',
      'spec.initContainers[0].image',
    ]);
    expect(hits[3]!.message).toContain('registry "docker.io"');
  });
});
