import { describe, expect, it } from 'vitest';
import { composerLockExtractor } from './composer-lock.js';

const LOCK = JSON.stringify({
  'content-hash': 'abc',
  packages: [
    { name: 'guzzlehttp/guzzle', version: '7.8.0', source: { type: 'git' } },
    { name: 'symfony/http-kernel', version: 'v6.3.6' },
  ],
  'packages-dev': [{ name: 'phpunit/phpunit', version: '10.4.2' }],
});

describe('php/composer-lock', () => {
  it('reads packages and packages-dev, dropping the v of tags', () => {
    const { packages, errors } = composerLockExtractor.extract({ path: 'composer.lock', text: LOCK });
    expect(errors).toEqual([]);
    expect(packages.map((p) => [p.name, p.version, p.purl, p.dev ?? false])).toEqual([
      ['guzzlehttp/guzzle', '7.8.0', 'pkg:composer/guzzlehttp/guzzle@7.8.0', false],
      ['symfony/http-kernel', '6.3.6', 'pkg:composer/symfony/http-kernel@6.3.6', false],
      ['phpunit/phpunit', '10.4.2', 'pkg:composer/phpunit/phpunit@10.4.2', true],
    ]);
    expect(packages[0]!.ecosystem).toBe('Packagist');
  });

  it('skips lockfiles inside vendor and reports malformed entries', () => {
    expect(composerLockExtractor.matches('vendor/a/b/composer.lock')).toBe(false);
    const text = JSON.stringify({ packages: [{ name: 'a/b' }], 'packages-dev': {} });
    expect(composerLockExtractor.extract({ path: 'composer.lock', text }).errors).toEqual([
      { message: 'packages[0] lacks name or version' },
      { message: '"packages-dev" is not an array' },
    ]);
  });
});
