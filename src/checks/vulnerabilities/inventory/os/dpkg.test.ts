import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dpkgExtractor } from './dpkg.js';

const STATUS = `Package: libc6
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 12986
Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
Architecture: amd64
Multi-Arch: same
Source: glibc
Version: 2.36-9+deb12u4
Depends: libgcc-s1
Description: GNU C Library: Shared libraries
 Contains the standard libraries that are used by nearly all programs on
 the system.
 .
 This package includes shared versions of the standard C library.

Package: libc6
Status: install ok installed
Architecture: i386
Multi-Arch: same
Source: glibc
Version: 2.36-9+deb12u4
Description: GNU C Library: Shared libraries

Package: libssl3
Status: install ok installed
Architecture: amd64
Source: openssl (3.0.11-1~deb12u2)
Version: 3.0.11-1~deb12u2+b1
Description: Secure Sockets Layer toolkit - shared libraries

Package: tzdata
Status: install ok installed
Architecture: all
Version: 2024a-0+deb12u1
Description: time zone and daylight-saving time data

Package: vim-tiny
Status: deinstall ok config-files
Architecture: amd64
Version: 2:9.0.1378-2
Description: Vi IMproved - enhanced vi editor - compact version
`;

describe('os/dpkg', () => {
  it('matches the status file and distroless status.d entries only', () => {
    expect(dpkgExtractor.matches('var/lib/dpkg/status')).toBe(true);
    expect(dpkgExtractor.matches('var/lib/dpkg/status.d/libssl3')).toBe(true);
    expect(dpkgExtractor.matches('var/lib/dpkg/status.d/libssl3.md5sums')).toBe(false);
    expect(dpkgExtractor.matches('var/lib/dpkg/status-old')).toBe(false);
    expect(dpkgExtractor.matches('backup/var/lib/dpkg/status')).toBe(false);
  });

  it('reads installed stanzas with source packages, continuation lines and both architectures', () => {
    const { packages, errors } = dpkgExtractor.extract({ path: 'var/lib/dpkg/status', text: STATUS });
    expect(errors).toEqual([]);
    expect(packages.map((p) => [p.name, p.version, p.arch, p.sourceName, p.sourceVersion])).toEqual([
      ['libc6', '2.36-9+deb12u4', 'amd64', 'glibc', '2.36-9+deb12u4'],
      ['libc6', '2.36-9+deb12u4', 'i386', 'glibc', '2.36-9+deb12u4'],
      ['libssl3', '3.0.11-1~deb12u2+b1', 'amd64', 'openssl', '3.0.11-1~deb12u2'],
      ['tzdata', '2024a-0+deb12u1', 'all', 'tzdata', '2024a-0+deb12u1'],
    ]);
    expect(packages[0]).toMatchObject({
      ecosystem: 'Debian',
      purl: 'pkg:deb/debian/libc6@2.36-9+deb12u4?arch=amd64',
      file: 'var/lib/dpkg/status',
    });
  });

  it('skips packages that are removed but keep config files', () => {
    const { packages } = dpkgExtractor.extract({ path: 'var/lib/dpkg/status', text: STATUS });
    expect(packages.some((p) => p.name === 'vim-tiny')).toBe(false);
  });

  it('treats a distroless status.d entry without Status as installed', () => {
    const text = 'Package: libssl3\nSource: openssl\nVersion: 3.0.11-1~deb12u2\nArchitecture: amd64\n';
    const { packages } = dpkgExtractor.extract({ path: 'var/lib/dpkg/status.d/libssl3', text });
    expect(packages).toHaveLength(1);
    expect(packages[0]).toMatchObject({ sourceName: 'openssl', sourceVersion: '3.0.11-1~deb12u2' });
  });

  it('reports malformed stanzas without throwing', () => {
    const text = ' stray continuation\nPackage: broken\nStatus: install ok installed\n\nnot a field\nPackage: x\n';
    const { packages, errors } = dpkgExtractor.extract({ path: 'var/lib/dpkg/status', text });
    expect(packages).toEqual([]);
    expect(errors).toEqual([
      { line: 1, message: 'continuation line outside a field' },
      { line: 2, message: 'stanza without Version' },
      { line: 5, message: 'malformed line: not a field' },
    ]);
  });

  it('reads a real Debian 12 status file whole: every installed package with its source package', () => {
    const text = readFileSync(join(import.meta.dirname, 'testdata', 'bookworm-status'), 'utf8');
    const result = dpkgExtractor.extract({ path: 'var/lib/dpkg/status', text });
    expect(result.errors).toEqual([]);
    expect(result.packages).toHaveLength(88);
    expect(new Set(result.packages.map((p) => p.sourceName)).size).toBe(63);
    const find = (name: string) => result.packages.find((p) => p.name === name);
    expect(find('libc6')).toMatchObject({ version: '2.36-9+deb12u14', sourceName: 'glibc', sourceVersion: '2.36-9+deb12u14', arch: 'amd64' });
    expect(find('zlib1g')).toMatchObject({ version: '1:1.2.13.dfsg-1', sourceName: 'zlib', sourceVersion: '1:1.2.13.dfsg-1' });
  });
});
