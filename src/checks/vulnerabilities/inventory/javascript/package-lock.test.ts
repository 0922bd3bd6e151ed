import { describe, expect, it } from 'vitest';
import { packageLockExtractor } from './package-lock.js';

const V3 = JSON.stringify({
  name: 'shop',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'shop', version: '1.0.0', dependencies: { express: '^4.18.2' }, devDependencies: { jest: '^29' } },
    'node_modules/express': { version: '4.18.2', resolved: 'https://registry.npmjs.org/express/-/express-4.18.2.tgz' },
    'node_modules/@babel/core': { version: '7.23.2', dev: true },
    'node_modules/express/node_modules/debug': { version: '2.6.9' },
    'node_modules/string-width-cjs': { name: 'string-width', version: '4.2.3' },
    'node_modules/@shop/ui': { resolved: 'packages/ui', link: true },
    'packages/ui': { name: '@shop/ui', version: '0.1.0' },
    'node_modules/from-git': { version: '1.0.0-git', resolved: 'git+ssh://git@github.com/x/y.git#abc' },
  },
});

const V1 = JSON.stringify({
  name: 'legacy',
  lockfileVersion: 1,
  dependencies: {
    lodash: { version: '4.17.20', integrity: 'sha512-x' },
    mocha: { version: '8.0.1', dev: true, dependencies: { debug: { version: '4.1.1', dev: true } } },
    'strip-ansi-cjs': { version: 'npm:strip-ansi@6.0.1' },
    local: { version: 'file:../local' },
  },
});

describe('javascript/package-lock', () => {
  it('matches lockfiles and shrinkwraps outside node_modules', () => {
    expect(packageLockExtractor.matches('package-lock.json')).toBe(true);
    expect(packageLockExtractor.matches('app/npm-shrinkwrap.json')).toBe(true);
    expect(packageLockExtractor.matches('node_modules/x/package-lock.json')).toBe(false);
    expect(packageLockExtractor.matches('node_modules/.package-lock.json')).toBe(false);
  });

  it('reads v2/v3 packages: nested paths, scopes, aliases and the dev flag; skips root, links, workspaces and git checkouts', () => {
    const { packages, errors } = packageLockExtractor.extract({ path: 'package-lock.json', text: V3 });
    expect(errors).toEqual([]);
    expect(packages.map((p) => [p.name, p.version, p.dev ?? false])).toEqual([
      ['express', '4.18.2', false],
      ['@babel/core', '7.23.2', true],
      ['debug', '2.6.9', false],
      ['string-width', '4.2.3', false],
    ]);
    expect(packages[1]).toMatchObject({ ecosystem: 'npm', purl: 'pkg:npm/%40babel/core@7.23.2', file: 'package-lock.json' });
  });

  it('reads the v1 dependency tree, resolving aliases and skipping local paths', () => {
    const { packages, errors } = packageLockExtractor.extract({ path: 'npm-shrinkwrap.json', text: V1 });
    expect(errors).toEqual([]);
    expect(packages.map((p) => [p.name, p.version, p.dev ?? false])).toEqual([
      ['lodash', '4.17.20', false],
      ['mocha', '8.0.1', true],
      ['debug', '4.1.1', true],
      ['strip-ansi', '6.0.1', false],
    ]);
  });

  it('reports invalid JSON and malformed entries', () => {
    expect(packageLockExtractor.extract({ path: 'package-lock.json', text: '{"packages": ' }).errors[0]!.message).toMatch(/^invalid JSON/);
    const bad = JSON.stringify({ packages: { 'node_modules/a': 'x', 'node_modules/b': {} } });
    expect(packageLockExtractor.extract({ path: 'package-lock.json', text: bad }).errors).toEqual([
      { message: 'packages["node_modules/a"] is not an object' },
      { message: 'packages["node_modules/b"] has no version' },
    ]);
    expect(packageLockExtractor.extract({ path: 'package-lock.json', text: '[]' }).errors).toEqual([{ message: 'lockfile is not a JSON object' }]);
  });
});
