import { describe, expect, it } from 'vitest';
import { InvalidImageReferenceError, parseImageReference, parseImageReferenceStrictly, splitImageReference } from './reference.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('image references: one grammar, three readers', () => {
  it('splits as written, with Docker\'s rule for what a domain is', () => {
    expect(splitImageReference('nginx')).toEqual({ path: 'nginx' });
    expect(splitImageReference('localhost:5000/team/app:1.2@' + DIGEST)).toEqual({ domain: 'localhost:5000', path: 'team/app', tag: '1.2', digest: DIGEST });
    expect(splitImageReference('library/nginx:1.27')).toEqual({ path: 'library/nginx', tag: '1.27' });
    // Repository paths are lowercase, so a component with capitals can only be a host.
    expect(splitImageReference('MyRegistry/app')).toEqual({ domain: 'MyRegistry', path: 'app' });
  });

  it('reads leniently what the runtime would pull, and nothing from text that is no reference', () => {
    expect(parseImageReference('nginx')).toEqual({ registry: 'docker.io', repository: 'library/nginx' });
    expect(parseImageReference('Index.Docker.io/team/app:1')).toEqual({ registry: 'docker.io', repository: 'team/app', tag: '1' });
    expect(parseImageReference('GHCR.io/acme/Shop:1')).toEqual({ registry: 'ghcr.io', repository: 'acme/Shop', tag: '1' });
    for (const text of ['', ' ', '{{ .Values.image }}', '$IMAGE', 'app:', 'app@', '/app', 'app/']) expect(parseImageReference(text), text).toBeUndefined();
  });

  it('parses strictly before a pull: defaults, and the reason for a refusal', () => {
    expect(parseImageReferenceStrictly('nginx')).toEqual({ registry: 'docker.io', repository: 'library/nginx', tag: 'latest' });
    expect(parseImageReferenceStrictly(`ghcr.io/acme/shop@${DIGEST}`)).toEqual({ registry: 'ghcr.io', repository: 'acme/shop', digest: DIGEST });
    const reason = (text: string) => {
      try {
        parseImageReferenceStrictly(text);
        return undefined;
      } catch (error) {
        return error instanceof InvalidImageReferenceError ? error.reason : String(error);
      }
    };
    expect(reason('GHCR.io/acme/Shop:1')).toBe('repository name must be lowercase ("Shop")');
    expect(reason('app@md5:abc')).toMatch(/^bad digest/);
    expect(reason('host:99999/app')).toBe('bad registry port "99999"');
    expect(reason('a b')).toBe('contains whitespace');
    expect(reason('app:-x')).toBe('bad tag "-x"');
  });
});

describe('parseImageReference, repeated', () => {
  it('answers the same text with the same frozen result, valid or not, past the bound of what it keeps', () => {
    const first = parseImageReference('nginx:1.27');
    expect(parseImageReference('nginx:1.27')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(parseImageReference('{{ .Values.image }}')).toBeUndefined();
    expect(parseImageReference('{{ .Values.image }}')).toBeUndefined();
    for (let i = 0; i < 5000; i++) expect(parseImageReference(`registry.example.com/app-${i}:v${i}`)?.repository).toBe(`app-${i}`);
    expect(parseImageReference('nginx:1.27')).toEqual({ registry: 'docker.io', repository: 'library/nginx', tag: '1.27' });
  });

  it('parses a text longer than any reference each time instead of keeping it', () => {
    const long = `registry.example.com/${'a'.repeat(600)}:v1`;
    const first = parseImageReference(long);
    expect(first?.repository).toBe('a'.repeat(600));
    expect(parseImageReference(long)).not.toBe(first);
    expect(parseImageReference(long)).toEqual(first);
  });
});
