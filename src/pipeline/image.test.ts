import { describe, expect, it } from 'vitest';
import { layerLocator } from './image.js';

describe('layerLocator', () => {
  it('names the layer of a package file, jars by their outer archive, and redacts credentials in the build command', () => {
    const layers = new Map([
      ['var/lib/dpkg/status', { index: 0, digest: 'sha256:aa', diffId: 'sha256:bb', createdBy: 'ADD rootfs.tar.xz /' }],
      ['app/app.jar', { index: 1, digest: 'sha256:cc', createdBy: 'RUN curl -o /app/app.jar https://deploy:Pz8wK4sN6vRt@repo.acme.internal/app.jar' }],
    ]);
    const locate = layerLocator(layers);
    const pkg = (file: string) => ({ name: 'x', version: '1', ecosystem: 'Maven', purl: 'pkg:maven/x/x@1', file });
    expect(locate(pkg('var/lib/dpkg/status'))).toEqual({ digest: 'sha256:aa', diffId: 'sha256:bb', createdBy: 'ADD rootfs.tar.xz /' });
    const jar = locate(pkg('app/app.jar!BOOT-INF/lib/guava-31.1.jar'));
    expect(jar?.digest).toBe('sha256:cc');
    expect(jar?.createdBy).not.toContain('Pz8wK4sN6vRt');
    expect(jar?.createdBy).toMatch(/^RUN curl -o \/app\/app\.jar https:\/\/deploy:P… \(12 chars\)@repo\.acme\.internal\/app\.jar$/);
    expect(locate(pkg('usr/lib/unknown'))).toBeUndefined();
  });
});
