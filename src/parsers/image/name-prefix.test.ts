import { describe, expect, it } from 'vitest';
import { matchesImagePrefix, normaliseImagePrefix } from './name-prefix.js';
import { parseImageReference } from './reference.js';

function allowed(image: string, entries: string[]): boolean {
  const reference = parseImageReference(image);
  if (!reference) throw new Error(`test image ${image} does not parse`);
  return matchesImagePrefix(reference, entries.map(normaliseImagePrefix));
}

describe('normaliseImagePrefix', () => {
  it('drops schemes and trailing slashes, lower-cases hosts and folds Docker Hub aliases', () => {
    expect(normaliseImagePrefix(' https://Index.Docker.io/ ')).toBe('docker.io');
    expect(normaliseImagePrefix('registry-1.docker.io/library/')).toBe('docker.io/library');
    expect(normaliseImagePrefix('GHCR.io/acme//')).toBe('ghcr.io/acme');
    expect(normaliseImagePrefix('localhost:5000')).toBe('localhost:5000');
  });
});

describe('matchesImagePrefix', () => {
  it('matches repository prefixes only at path boundaries', () => {
    expect(allowed('ghcr.io/acme/app:1', ['ghcr.io/acme/'])).toBe(true);
    expect(allowed('ghcr.io/acme/team/app@sha256:' + 'a'.repeat(64), ['ghcr.io/acme'])).toBe(true);
    expect(allowed('ghcr.io/acme-evil/app:1', ['ghcr.io/acme/'])).toBe(false);
    expect(allowed('ghcr.io/acme', ['ghcr.io/acme/'])).toBe(true);
  });

  it('matches registries as whole hosts, ports included', () => {
    expect(allowed('ghcr.io/other/app', ['ghcr.io'])).toBe(true);
    expect(allowed('ghcr.io.evil.example/acme/app', ['ghcr.io'])).toBe(false);
    expect(allowed('localhost:5000/app', ['localhost'])).toBe(false);
    expect(allowed('localhost:5000/app', ['localhost:5000'])).toBe(true);
  });

  it('resolves Docker Hub images as the runtime does', () => {
    expect(allowed('nginx:1.27', ['docker.io/library/'])).toBe(true);
    expect(allowed('index.docker.io/library/nginx', ['docker.io'])).toBe(true);
    expect(allowed('acme/app', ['docker.io/library'])).toBe(false);
    expect(allowed('acme/app', ['index.docker.io/acme/'])).toBe(true);
  });

  it('ignores empty entries rather than allowing everything', () => {
    expect(allowed('nginx', ['', '  '])).toBe(false);
  });
});
