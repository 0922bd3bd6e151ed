import { describe, expect, it } from 'vitest';
import { explainImplicitRegistry } from './source.js';

describe('explainImplicitRegistry', () => {
  it('says which Docker Hub image a bare name was read as', () => {
    expect(explainImplicitRegistry({ reference: 'myapp' }, 'cannot reach registry-1.docker.io')).toBe(
      'cannot reach registry-1.docker.io (read as the Docker Hub image registry-1.docker.io/library/myapp:latest; for a local archive or OCI layout use --input)',
    );
  });

  it('leaves references that name their registry, and archives, as they are', () => {
    for (const reference of ['ghcr.io/acme/app:1', 'localhost/app', '127.0.0.1:5000/app']) {
      expect(explainImplicitRegistry({ reference }, 'boom')).toBe('boom');
    }
    expect(explainImplicitRegistry({ reference: 'app.tar', archive: '/tmp/app.tar' }, 'boom')).toBe('boom');
  });
});
