import { describe, expect, it } from 'vitest';
import { RegistryError } from './errors.js';
import { formatImageReference, parseImageReference, registryHostname } from './reference.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parseImageReference', () => {
  it.each([
    ['nginx', 'registry-1.docker.io/library/nginx:latest'],
    ['nginx:1.25-alpine', 'registry-1.docker.io/library/nginx:1.25-alpine'],
    ['docker.io/x/y', 'registry-1.docker.io/x/y:latest'],
    ['index.docker.io/nginx', 'registry-1.docker.io/library/nginx:latest'],
    ['bitnami/redis:7', 'registry-1.docker.io/bitnami/redis:7'],
    ['ghcr.io/org/team/app:v1.2.3', 'ghcr.io/org/team/app:v1.2.3'],
    ['registry.example.com:8443/ns/repo:tag', 'registry.example.com:8443/ns/repo:tag'],
    ['localhost/app', 'localhost/app:latest'],
    ['localhost:5000/app:dev', 'localhost:5000/app:dev'],
    ['127.0.0.1:5000/foo:bar', '127.0.0.1:5000/foo:bar'],
    ['[::1]:5000/foo', '[::1]:5000/foo:latest'],
    ['my_org/my-app__x.y', 'registry-1.docker.io/my_org/my-app__x.y:latest'],
    [`alpine@${DIGEST}`, `registry-1.docker.io/library/alpine@${DIGEST}`],
    [`127.0.0.1:5000/app:1.0@${DIGEST}`, `127.0.0.1:5000/app:1.0@${DIGEST}`],
  ])('%s → %s', (input, expected) => {
    expect(formatImageReference(parseImageReference(input))).toBe(expected);
  });

  it('keeps the tag next to a digest but leaves it out when only a digest is given', () => {
    expect(parseImageReference(`app:1.0@${DIGEST}`)).toEqual({ registry: 'registry-1.docker.io', repository: 'library/app', tag: '1.0', digest: DIGEST });
    expect(parseImageReference(`app@${DIGEST}`).tag).toBeUndefined();
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['ngi nx', 'whitespace'],
    ['Nginx', 'lowercase'],
    ['ghcr.io/Org/app', 'lowercase'],
    ['app:', 'bad tag'],
    ['app:-x', 'bad tag'],
    [`app:${'t'.repeat(129)}`, 'bad tag'],
    ['app@sha256:abc', 'bad digest'],
    [`app@md5:${'a'.repeat(32)}`, 'bad digest'],
    ['host:99999/app', 'bad registry port'],
    ['host:/app', 'bad registry port'],
    ['-bad.example/app', 'bad registry host'],
    ['ghcr.io/', 'missing repository'],
    ['a//b', 'bad repository path component'],
    ['app/-x', 'bad repository path component'],
    ['app..x', 'bad repository path component'],
    [`ghcr.io/${'a'.repeat(256)}`, 'longer than 255'],
  ])('rejects %j (%s)', (input, reason) => {
    expect(() => parseImageReference(input)).toThrow(RegistryError);
    expect(() => parseImageReference(input)).toThrow(reason);
  });

  it('strips ports and brackets for host checks', () => {
    expect(registryHostname('127.0.0.1:5000')).toBe('127.0.0.1');
    expect(registryHostname('[::1]:5000')).toBe('::1');
    expect(registryHostname('ghcr.io')).toBe('ghcr.io');
  });
});
