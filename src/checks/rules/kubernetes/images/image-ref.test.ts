import { describe, expect, it } from 'vitest';
import { parseImageReference } from '../../../../parsers/image/reference.js';
import { isMutableLatest } from './image-ref.js';

describe('parseImageReference', () => {
  it.each([
    ['nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    ['nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27' }],
    ['bitnami/redis:7', { registry: 'docker.io', repository: 'bitnami/redis', tag: '7' }],
    ['docker.io/nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    ['index.docker.io/library/nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app' }],
    ['localhost/app:v1', { registry: 'localhost', repository: 'app', tag: 'v1' }],
    ['registry.example.com:8443/team/app:2.0', { registry: 'registry.example.com:8443', repository: 'team/app', tag: '2.0' }],
    ['GHCR.io/acme/app', { registry: 'ghcr.io', repository: 'acme/app' }],
    ['ghcr.io/acme/app@sha256:abc', { registry: 'ghcr.io', repository: 'acme/app', digest: 'sha256:abc' }],
    ['nginx:latest@sha256:abc', { registry: 'docker.io', repository: 'library/nginx', tag: 'latest', digest: 'sha256:abc' }],
  ])('parses %s', (image, expected) => {
    expect(parseImageReference(image)).toEqual(expected);
  });

  it.each(['', '  ', 'nginx:', 'app@', '{{ .Values.image }}', '$(IMAGE)', '/nginx'])('rejects %j', (image) => {
    expect(parseImageReference(image)).toBeUndefined();
  });

  it('treats untagged and :latest as mutable unless a digest pins them', () => {
    expect(isMutableLatest(parseImageReference('nginx')!)).toBe(true);
    expect(isMutableLatest(parseImageReference('nginx:latest')!)).toBe(true);
    expect(isMutableLatest(parseImageReference('nginx:latest@sha256:abc')!)).toBe(false);
    expect(isMutableLatest(parseImageReference('nginx:1.27')!)).toBe(false);
  });
});
