import { describe, expect, it } from 'vitest';
import { osFromDistro, osFromRelease } from './distro.js';
import { osOfPurls, packageFromPurl, type PurlHints } from './purl-package.js';
import { DEBIAN } from '../../../../formats/sbom/testdata/inventories.js';

const FILE = 'sbom.cdx.json';

function read(purl: string, hints: Partial<PurlHints> = {}) {
  const result = packageFromPurl(purl, { file: FILE, ...hints });
  if (!('package' in result)) throw new Error(`expected a package, got ${JSON.stringify(result)}`);
  return result.package;
}

describe('packageFromPurl', () => {
  it.each([
    ['pkg:npm/%40babel/core@7.24.0', '@babel/core', '7.24.0', 'npm'],
    ['pkg:npm/left-pad@1.3.0', 'left-pad', '1.3.0', 'npm'],
    ['pkg:pypi/django@4.2.1', 'django', '4.2.1', 'PyPI'],
    ['pkg:golang/golang.org/x/net@v0.17.0', 'golang.org/x/net', '0.17.0', 'Go'],
    ['pkg:golang/stdlib@1.21.3', 'stdlib', '1.21.3', 'Go'],
    ['pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar', 'org.apache.logging.log4j:log4j-core', '2.14.1', 'Maven'],
    ['pkg:nuget/Newtonsoft.Json@13.0.1', 'Newtonsoft.Json', '13.0.1', 'NuGet'],
    ['pkg:gem/rack@2.2.3', 'rack', '2.2.3', 'RubyGems'],
    ['pkg:cargo/serde@1.0.190', 'serde', '1.0.190', 'crates.io'],
    ['pkg:composer/symfony/http-kernel@6.3.0', 'symfony/http-kernel', '6.3.0', 'Packagist'],
    ['pkg:hex/plug@1.14.0', 'plug', '1.14.0', 'Hex'],
    ['pkg:pub/http@1.1.0', 'http', '1.1.0', 'Pub'],
    ['pkg:cran/jsonlite@1.8.7', 'jsonlite', '1.8.7', 'CRAN'],
    ['pkg:hackage/aeson@2.1.2.1', 'aeson', '2.1.2.1', 'Hackage'],
  ])('%s → %s %s (%s)', (purl, name, version, ecosystem) => {
    expect(read(purl)).toEqual({ name, version, ecosystem, purl, file: FILE });
  });

  it.each([
    ['pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12', 'Debian:12'],
    ['pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12.5', 'Debian:12'],
    ['pkg:deb/ubuntu/libssl3@3.0.2?distro=ubuntu-22.04', 'Ubuntu:22.04:LTS'],
    ['pkg:deb/ubuntu/libssl3@3.0.2?distro=ubuntu-24.04', 'Ubuntu:24.04:LTS'],
    ['pkg:deb/ubuntu/libssl3@3.0.2?distro=ubuntu-23.10', 'Ubuntu:23.10'],
    ['pkg:deb/ubuntu/libssl3@3.0.2?distro=ubuntu-21.04', 'Ubuntu:21.04'],
    ['pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.1', 'Alpine:v3.20'],
    ['pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=3.20.1', 'Alpine:v3.20'],
    ['pkg:rpm/redhat/bash@5.1.8-6.el9?distro=redhat-9.3', 'Red Hat:enterprise_linux:9'],
    ['pkg:rpm/rocky/bash@5.1.8-6.el9?distro=rocky-9.3', 'Rocky Linux:9'],
    ['pkg:rpm/almalinux/bash@5.1.8-6.el9?distro=almalinux-9.3', 'AlmaLinux:9'],
    ['pkg:deb/debian/libc6@2.36', 'Debian'],
    ['pkg:deb/ubuntu/libc6@2.35', 'Ubuntu'],
  ])('%s → ecosystem %s', (purl, ecosystem) => {
    expect(read(purl).ecosystem).toBe(ecosystem);
  });

  it('keeps the SBOM spelling of a PyPI name only when it is the same package', () => {
    expect(read('pkg:pypi/django@4.2.1', { displayName: 'Django' }).name).toBe('Django');
    expect(read('pkg:pypi/zope-interface@6.0', { displayName: 'zope.interface' }).name).toBe('zope.interface');
    expect(read('pkg:pypi/django@4.2.1', { displayName: 'flask' }).name).toBe('django');
  });

  it('reads source packages from the upstream qualifier, hints winning over it', () => {
    const libc = read('pkg:deb/debian/libc6@2.36-9?arch=amd64&upstream=glibc&distro=debian-12');
    expect(libc).toMatchObject({ name: 'libc6', sourceName: 'glibc', sourceVersion: '2.36-9', arch: 'amd64' });
    const ssl = read('pkg:deb/debian/libssl3@3.0.11-1~deb12u2?upstream=openssl%403.0.11-1~deb12u1&distro=debian-12');
    expect(ssl).toMatchObject({ sourceName: 'openssl', sourceVersion: '3.0.11-1~deb12u1' });
    expect(read('pkg:apk/alpine/libcrypto3@3.3.1-r0?upstream=openssl', { sourceName: 'from-hint' }).sourceName).toBe('from-hint');
    expect(read('pkg:deb/debian/bash@5.2').sourceName).toBe('bash');
  });

  it('puts the rpm epoch into the version and parses a source RPM file name', () => {
    const pkg = read('pkg:rpm/redhat/openssl-libs@3.0.7-24.el9?arch=x86_64&epoch=1&upstream=openssl-3.0.7-24.el9.src.rpm&distro=redhat-9.3');
    expect(pkg).toMatchObject({ name: 'openssl-libs', version: '1:3.0.7-24.el9', sourceName: 'openssl', sourceVersion: '1:3.0.7-24.el9' });
    expect(read('pkg:rpm/redhat/bash@5.1.8-6.el9?epoch=0').version).toBe('5.1.8-6.el9');
  });

  it('uses the SBOM-wide distribution for OS purls without a distro qualifier, and ecosystem/dev hints', () => {
    expect(read('pkg:deb/debian/libc6@2.36', { os: DEBIAN }).ecosystem).toBe('Debian:12');
    expect(read('pkg:apk/alpine/musl@1.2.5-r0', { os: DEBIAN }).ecosystem).toBe('Alpine');
    expect(read('pkg:npm/x@1.0.0', { ecosystem: 'npm', dev: true })).toMatchObject({ dev: true, ecosystem: 'npm' });
  });

  it('skips purls no advisory can match and reports malformed ones', () => {
    expect(packageFromPurl('pkg:generic/openssl@3.0.0', { file: FILE })).toEqual({ skipped: expect.stringContaining('"generic"') });
    expect(packageFromPurl('pkg:oci/alpine@sha256%3Aabc', { file: FILE })).toEqual({ skipped: expect.stringContaining('"oci"') });
    expect(packageFromPurl('pkg:npm/left-pad', { file: FILE })).toEqual({ skipped: expect.stringContaining('no version') });
    expect(packageFromPurl('left-pad@1.0.0', { file: FILE })).toEqual({ error: expect.stringContaining('invalid purl') });
    expect(packageFromPurl('', { file: FILE })).toEqual({ error: expect.stringContaining('invalid purl') });
  });

  it('cannot be steered into another distribution through the distro qualifier', () => {
    const pkg = read('pkg:deb/debian/libc6@2.36?distro=debian-12%0AID%3Dalpine');
    expect(pkg.ecosystem).toMatch(/^Debian/);
  });
});

describe('distribution naming', () => {
  it('follows detectOs for named releases', () => {
    expect(osFromRelease('debian', '12')).toEqual(DEBIAN);
    expect(osFromRelease('redhat', '9.3')).toMatchObject({ id: 'rhel', ecosystem: 'Red Hat:enterprise_linux:9', purlNamespace: 'redhat' });
    expect(osFromRelease('wolfi', '20230201')).toMatchObject({ id: 'wolfi', ecosystem: undefined });
    expect(osFromRelease('', '1')).toBeUndefined();
  });

  it('reads both distro qualifier forms', () => {
    expect(osFromDistro('ubuntu-22.04', 'ubuntu')?.ecosystem).toBe('Ubuntu:22.04:LTS');
    expect(osFromDistro('3.19.0', 'alpine')?.ecosystem).toBe('Alpine:v3.19');
    expect(osFromDistro('3.19.0', undefined)).toBeUndefined();
    expect(osFromDistro('sid', 'debian')).toMatchObject({ id: 'sid' });
  });

  it('finds the distribution of the first OS purl that names one', () => {
    expect(osOfPurls(['pkg:npm/a@1', 'garbage', 'pkg:deb/debian/a@1', 'pkg:deb/debian/b@1?distro=debian-11'])?.ecosystem).toBe('Debian:11');
    expect(osOfPurls(['pkg:npm/a@1'])).toBeUndefined();
  });
});
