import { describe, expect, it } from 'vitest';
import { parsePnpmKey, pnpmLockExtractor } from './pnpm-lock.js';

const V6 = `lockfileVersion: '6.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

dependencies:
  react-dom:
    specifier: ^18.2.0
    version: 18.2.0(react@18.2.0)

devDependencies:
  '@types/react':
    specifier: ^18.2.0
    version: 18.2.33

packages:

  /@types/react@18.2.33:
    resolution: {integrity: sha512-v+I7S+hu3PIBoVkKGpSYYpiBT1ijqEzWpzQD62/jm4K74hPpSP7dCE2p/7gCYfa3u9vbLNn0i6XuXZzHzTP6Gg==}
    dev: true

  /react-dom@18.2.0(react@18.2.0):
    resolution: {integrity: sha512-6IMTriUmvsjHUjNtEDudZfuDQUoWXVxKHhlEGSk81n4YFS+r/Kl99wXiwlVXtPBtJenozv2P+hxDsw9eA7Xo6g==}
    peerDependencies:
      react: ^18.2.0
    dependencies:
      react: 18.2.0
    dev: false

  /react@18.2.0:
    resolution: {integrity: sha512-/3IjMdb2L9QbBdWiW5e3P2/npwMBaU9mHCSCUzNln0ZCYbcfTsGbTJrU/kGemdH2IWmB2ioZ+zkxtmq6g09fGQ==}
    dev: false
`;

const V9 = `lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      '@sveltejs/kit':
        specifier: ^2.0.0
        version: 2.5.0(svelte@4.2.12)

packages:

  '@sveltejs/kit@2.5.0':
    resolution: {integrity: sha512-x}
    engines: {node: '>=18.13'}

  svelte@4.2.12:
    resolution: {integrity: sha512-y}

  my-fork@https://codeload.github.com/me/fork/tar.gz/abc:
    resolution: {tarball: https://codeload.github.com/me/fork/tar.gz/abc}
    name: my-fork
    version: 1.2.3-fork

snapshots:

  '@sveltejs/kit@2.5.0(svelte@4.2.12)':
    dependencies:
      svelte: 4.2.12
`;

describe('javascript/pnpm-lock', () => {
  it('parses package keys from lockfile v5, v6 and v9', () => {
    expect(parsePnpmKey('/@babel/core/7.23.2')).toEqual({ name: '@babel/core', version: '7.23.2' });
    expect(parsePnpmKey('/react-dom/18.2.0_react@18.2.0')).toEqual({ name: 'react-dom', version: '18.2.0' });
    expect(parsePnpmKey('/react-dom@18.2.0(react@18.2.0)')).toEqual({ name: 'react-dom', version: '18.2.0' });
    expect(parsePnpmKey('@sveltejs/kit@2.5.0')).toEqual({ name: '@sveltejs/kit', version: '2.5.0' });
    expect(parsePnpmKey('nonsense')).toBeUndefined();
  });

  it('reads a v6 lockfile with dev flags', () => {
    const { packages, errors } = pnpmLockExtractor.extract({ path: 'pnpm-lock.yaml', text: V6 });
    expect(errors).toEqual([]);
    expect(packages.map((p) => [p.name, p.version, p.dev ?? false])).toEqual([
      ['@types/react', '18.2.33', true],
      ['react-dom', '18.2.0', false],
      ['react', '18.2.0', false],
    ]);
  });

  it('reads a v9 lockfile, taking name and version from tarball entries', () => {
    const { packages, errors } = pnpmLockExtractor.extract({ path: 'pnpm-lock.yaml', text: V9 });
    expect(errors).toEqual([]);
    expect(packages.map((p) => `${p.name}@${p.version}`)).toEqual(['@sveltejs/kit@2.5.0', 'svelte@4.2.12', 'my-fork@1.2.3-fork']);
  });

  it('reports malformed lockfiles', () => {
    expect(pnpmLockExtractor.extract({ path: 'pnpm-lock.yaml', text: "lockfileVersion: '9.0'\npackages: [1]\n" }).errors).toEqual([{ message: '"packages" is not a mapping' }]);
    expect(pnpmLockExtractor.extract({ path: 'pnpm-lock.yaml', text: "lockfileVersion: '9.0'\npackages:\n  weird: {}\n" }).errors).toEqual([
      { message: 'cannot read name and version from package key "weird"' },
    ]);
    expect(pnpmLockExtractor.extract({ path: 'pnpm-lock.yaml', text: 'a: [\n' }).errors[0]!.message).toMatch(/^invalid YAML/);
  });
});
