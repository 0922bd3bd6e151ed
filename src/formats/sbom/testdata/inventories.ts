import type { LayerRef } from '../../../sources/image/types.js';
import type { VulnerabilityFinding } from '../../../core/vulnerability.js';
import type { Inventory } from '../../../checks/vulnerabilities/inventory/inventory.js';
import { osPackage } from '../../../checks/vulnerabilities/inventory/os/os-package.js';
import { detectOs, type OsInfo } from '../../../checks/vulnerabilities/inventory/os-release.js';
import { npmPurl, purl, pypiPurl, slashPurl } from '../../../checks/vulnerabilities/inventory/purl.js';
import type { Package } from '../../../core/package.js';

export const DEBIAN = detectOs('ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"')!;
export const UBUNTU_LTS = detectOs('ID=ubuntu\nVERSION_ID="22.04"\nVERSION="22.04.4 LTS (Jammy Jellyfish)"')!;
export const ALPINE = detectOs('ID=alpine\nVERSION_ID=3.20.1')!;
export const RHEL = detectOs('ID="rhel"\nVERSION_ID="9.3"')!;

const language = (name: string, version: string, ecosystem: string, purlText: string, file: string, dev?: boolean): Package => ({
  name,
  version,
  ecosystem,
  purl: purlText,
  file,
  ...(dev ? { dev: true } : {}),
});

/** One package of every ecosystem the inventory extracts, the same npm package in two files, OS packages. */
export function mixedInventory(os: OsInfo = DEBIAN): Inventory {
  const packages: Package[] = [
    language('@babel/core', '7.24.0', 'npm', npmPurl('@babel/core', '7.24.0'), 'app/package-lock.json'),
    language('@babel/core', '7.24.0', 'npm', npmPurl('@babel/core', '7.24.0'), 'app/node_modules/@babel/core/package.json'),
    language('left-pad', '1.3.0', 'npm', npmPurl('left-pad', '1.3.0'), 'app/package-lock.json', true),
    language('Django', '4.2.1', 'PyPI', pypiPurl('Django', '4.2.1'), 'api/requirements.txt'),
    language('golang.org/x/net', '0.17.0', 'Go', slashPurl('golang', 'golang.org/x/net', 'v0.17.0'), 'svc/go.mod'),
    language('org.apache.logging.log4j:log4j-core', '2.14.1', 'Maven', purl('maven', 'org.apache.logging.log4j', 'log4j-core', '2.14.1'), 'java/pom.xml'),
    language('Newtonsoft.Json', '13.0.1', 'NuGet', purl('nuget', undefined, 'Newtonsoft.Json', '13.0.1'), 'dotnet/packages.lock.json'),
    language('rack', '2.2.3', 'RubyGems', purl('gem', undefined, 'rack', '2.2.3'), 'ruby/Gemfile.lock'),
    language('serde', '1.0.190', 'crates.io', purl('cargo', undefined, 'serde', '1.0.190'), 'rust/Cargo.lock'),
    language('symfony/http-kernel', '6.3.0', 'Packagist', slashPurl('composer', 'symfony/http-kernel', '6.3.0'), 'php/composer.lock'),
  ];
  const dpkg = 'var/lib/dpkg/status';
  const apk = 'lib/apk/db/installed';
  if (os.id === 'alpine') {
    packages.push(osPackage('apk', { name: 'libcrypto3', version: '3.3.1-r0', arch: 'x86_64', sourceName: 'openssl', file: apk }, os));
    packages.push(osPackage('apk', { name: 'musl', version: '1.2.5-r0', arch: 'x86_64', file: apk }, os));
  } else if (os.id === 'rhel') {
    const rpmdb = 'var/lib/rpm/rpmdb.sqlite';
    packages.push(
      osPackage('rpm', { name: 'openssl-libs', version: '1:3.0.7-24.el9', arch: 'x86_64', sourceName: 'openssl', sourceVersion: '1:3.0.7-24.el9', file: rpmdb }, os),
    );
    packages.push(osPackage('rpm', { name: 'bash', version: '5.1.8-6.el9_1', arch: 'x86_64', file: rpmdb }, os));
  } else {
    packages.push(osPackage('deb', { name: 'libc6', version: '2.36-9+deb12u4', arch: 'amd64', sourceName: 'glibc', file: dpkg }, os));
    packages.push(
      osPackage('deb', { name: 'libssl3', version: '3.0.11-1~deb12u2', arch: 'amd64', sourceName: 'openssl', sourceVersion: '3.0.11-1~deb12u1', file: dpkg }, os),
    );
    packages.push(osPackage('deb', { name: 'bash', version: '5.2.15-2+b2', arch: 'amd64', sourceVersion: '5.2.15-2', file: dpkg }, os));
  }
  return { packages, os, errors: [], skipped: [] };
}

export const LAYERS = new Map<string, LayerRef>([
  ['var/lib/dpkg/status', { index: 0, digest: `sha256:${'a'.repeat(64)}`, diffId: `sha256:${'b'.repeat(64)}`, createdBy: 'ADD rootfs.tar /' }],
  ['app/package-lock.json', { index: 2, digest: `sha256:${'c'.repeat(64)}`, createdBy: 'COPY app /app' }],
  ['app/node_modules/@babel/core/package.json', { index: 2, digest: `sha256:${'c'.repeat(64)}`, createdBy: 'COPY app /app' }],
]);

export const IMAGE_DIGEST = `sha256:${'d'.repeat(64)}`;

export function finding(overrides: Partial<VulnerabilityFinding> = {}): VulnerabilityFinding {
  return {
    id: 'CVE-2021-44228',
    aliases: ['GHSA-jfh8-c2jp-5v3q'],
    advisories: ['GHSA-jfh8-c2jp-5v3q'],
    summary: 'Remote code injection in Log4j',
    package: {
      name: 'org.apache.logging.log4j:log4j-core',
      version: '2.14.1',
      ecosystem: 'Maven',
      purl: purl('maven', 'org.apache.logging.log4j', 'log4j-core', '2.14.1'),
    },
    locations: [{ file: 'java/pom.xml' }],
    severity: { level: 'critical', score: 10, source: 'CVSS_V3' },
    fixedVersions: ['2.15.0', '2.12.2'],
    fingerprint: 'f1',
    ...overrides,
  };
}
