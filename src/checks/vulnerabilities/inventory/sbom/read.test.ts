import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../inventory.js';
import type { Package } from '../../../../core/package.js';
import { formatCycloneDx } from '../../../../formats/sbom/cyclonedx.js';
import { readSbom } from './read.js';
import { MAX_SBOM_PACKAGES } from './sbom-reader.js';
import { formatSpdx } from '../../../../formats/sbom/spdx.js';
import { ALPINE, DEBIAN, IMAGE_DIGEST, LAYERS, mixedInventory, RHEL, UBUNTU_LTS } from '../../../../formats/sbom/testdata/inventories.js';
import { cycloneDx16Validator, spdx23Validator } from '../../../../formats/sbom/testdata/schemas.js';

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');
const IMAGE = { type: 'image' as const, name: 'registry.example/app:1.2', digest: IMAGE_DIGEST, layers: LAYERS };

/** What matching depends on; `file` differs by design (it becomes the SBOM path). */
function identity(pkg: Package) {
  return { name: pkg.name, version: pkg.version, ecosystem: pkg.ecosystem, sourceName: pkg.sourceName, sourceVersion: pkg.sourceVersion };
}
const sortedIdentities = (packages: Package[]) =>
  [...new Map(packages.map((pkg) => [pkg.purl, identity(pkg)])).values()].sort((a, b) => `${a.name}@${a.version}`.localeCompare(`${b.name}@${b.version}`));

function byName(packages: Package[], name: string): Package {
  const found = packages.find((pkg) => pkg.name === name);
  if (!found) throw new Error(`no package ${name} in ${packages.map((pkg) => pkg.name).join(', ')}`);
  return found;
}

describe('readSbom round trip', () => {
  const inventories: [string, Inventory][] = [
    ['Debian', mixedInventory(DEBIAN)],
    ['Ubuntu LTS', mixedInventory(UBUNTU_LTS)],
    ['Alpine', mixedInventory(ALPINE)],
    ['RHEL', mixedInventory(RHEL)],
  ];

  it.each(inventories)('reads our CycloneDX back to the same packages (%s)', (_name, inventory) => {
    const result = readSbom(formatCycloneDx(IMAGE, inventory), 'out/sbom.cdx.json');
    expect(result.errors).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(sortedIdentities(result.packages)).toEqual(sortedIdentities(inventory.packages));
    expect(result.packages.every((pkg) => pkg.file === 'out/sbom.cdx.json')).toBe(true);
    expect(byName(result.packages, 'left-pad').dev).toBe(true);
    expect(byName(result.packages, '@babel/core').dev).toBeUndefined();
    expect(result.os).toEqual(inventory.os);
  });

  it.each(inventories)('reads our SPDX back to the same packages (%s)', (_name, inventory) => {
    const result = readSbom(formatSpdx(IMAGE, inventory), 'out/sbom.spdx.json');
    expect(result.errors).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(sortedIdentities(result.packages)).toEqual(sortedIdentities(inventory.packages));
    expect(result.os).toEqual(inventory.os);
  });
});

describe('readSbom on other tools’ SBOMs', () => {
  it('reads a Syft-style CycloneDX image SBOM, nested components included', () => {
    const text = fixture('syft-debian.cdx.json');
    const validate = cycloneDx16Validator();
    expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);

    const result = readSbom(text, 'syft.json');
    expect(result.errors).toEqual([]);
    expect(result.os?.ecosystem).toBe('Debian:12');
    expect(result.packages.map((pkg) => pkg.name).sort()).toEqual(
      ['Jinja2', 'com.example:webapp', 'golang.org/x/net', 'libc6', 'libssl3', 'org.apache.logging.log4j:log4j-core'].sort(),
    );
    expect(byName(result.packages, 'libc6')).toMatchObject({
      version: '2.36-9+deb12u4',
      ecosystem: 'Debian:12',
      sourceName: 'glibc',
      arch: 'amd64',
      file: 'syft.json',
    });
    expect(byName(result.packages, 'libssl3')).toMatchObject({ sourceName: 'openssl', sourceVersion: '3.0.11-1~deb12u1' });
    expect(byName(result.packages, 'Jinja2')).toMatchObject({ ecosystem: 'PyPI', version: '3.1.2' });
    expect(byName(result.packages, 'golang.org/x/net')).toMatchObject({ ecosystem: 'Go', version: '0.17.0' });
    expect(result.skipped).toEqual([{ message: expect.stringMatching(/component "webapp@UNKNOWN" has no purl/) }]);
  });

  it('reads a Trivy-style CycloneDX SBOM: bare-version distro, SrcName property, app components', () => {
    const text = fixture('trivy-alpine.cdx.json');
    const validate = cycloneDx16Validator();
    expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);

    const result = readSbom(text, 'trivy.json');
    expect(result.errors).toEqual([]);
    expect(result.os).toMatchObject({ id: 'alpine', versionId: '3.20.1', ecosystem: 'Alpine:v3.20' });
    expect(byName(result.packages, 'libcrypto3')).toMatchObject({ ecosystem: 'Alpine:v3.20', sourceName: 'openssl', version: '3.3.1-r0' });
    expect(byName(result.packages, 'musl').sourceName).toBe('musl');
    expect(byName(result.packages, '@types/node')).toMatchObject({ ecosystem: 'npm', version: '20.11.0' });
    expect(byName(result.packages, 'express').ecosystem).toBe('npm');
    expect(result.skipped).toEqual([{ message: expect.stringContaining('"app/package-lock.json" has no purl') }]);
  });

  it('reads a Trivy-style SPDX 2.3 SBOM: Ubuntu LTS, sourceInfo, PACKAGE_MANAGER spelling', () => {
    const text = fixture('ubuntu.spdx.json');
    const validate = spdx23Validator();
    expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);

    const result = readSbom(text, 'ubuntu.spdx.json');
    expect(result.errors).toEqual([]);
    expect(result.os).toMatchObject({ id: 'ubuntu', ecosystem: 'Ubuntu:22.04:LTS' });
    expect(byName(result.packages, 'libssl3')).toMatchObject({
      ecosystem: 'Ubuntu:22.04:LTS',
      sourceName: 'openssl',
      sourceVersion: '3.0.2-0ubuntu1.15',
    });
    expect(byName(result.packages, 'zlib1g')).toMatchObject({ version: '1:1.2.11.dfsg-2ubuntu9.2', sourceName: 'zlib' });
    expect(byName(result.packages, 'PyYAML')).toMatchObject({ ecosystem: 'PyPI', version: '6.0.1' });
    expect(result.packages).toHaveLength(3);
    // The described container image is the subject, not a package; only the purl-less application is reported.
    expect(result.skipped).toEqual([{ message: expect.stringContaining('"usr/local/lib/python3.10/dist-packages" has no purl') }]);
  });
});

describe('readSbom on malformed input', () => {
  const cyclonedx = (extra: Record<string, unknown>) => JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', ...extra });
  const spdx = (extra: Record<string, unknown>) => JSON.stringify({ spdxVersion: 'SPDX-2.3', SPDXID: 'SPDXRef-DOCUMENT', ...extra });
  const messages = (text: string) => readSbom(text, 'x.json').errors.map((error) => error.message);

  it.each([
    ['empty', '', /not valid JSON/],
    ['truncated', '{"bomFormat": "CycloneDX", "components": [', /not valid JSON/],
    ['an array', '[1, 2]', /not an object/],
    ['a string', '"CycloneDX"', /not an object/],
    ['null', 'null', /not an object/],
    ['another JSON document', '{"apiVersion": "v1", "kind": "Pod"}', /neither CycloneDX .* nor SPDX/],
    ['CycloneDX XML', '<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6"/>', /only JSON SBOMs are read/],
    ['SPDX tag-value', 'SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n', /only JSON SBOMs are read; SPDX tag-value/],
    ['CycloneDX 1.2', cyclonedx({ specVersion: '1.2' }), /specVersion "1.2" is not read/],
    ['CycloneDX without specVersion', cyclonedx({ specVersion: 7 }), /specVersion 7 is not read/],
    ['SPDX 3', spdx({ spdxVersion: 'SPDX-3.0' }), /"SPDX-3.0" is not read/],
    ['SPDX version of the wrong type', spdx({ spdxVersion: 23 }), /23 is not read/],
  ])('reports %s as an error', (_name, text, pattern) => {
    const result = readSbom(text, 'x.json');
    expect(result.packages).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.message).toMatch(pattern);
  });

  it('gives the line of a JSON syntax error', () => {
    const result = readSbom('{\n  "bomFormat": "CycloneDX",\n  oops\n}', 'x.json');
    expect(result.errors[0]!.line).toBe(3);
  });

  it('accepts a UTF-8 byte order mark', () => {
    expect(readSbom(`\uFEFF${cyclonedx({ components: [] })}`, 'x.json').errors).toEqual([]);
  });

  it('reports wrongly typed CycloneDX parts and keeps the good components', () => {
    expect(messages(cyclonedx({ components: 'all of them' }))).toEqual(['components is not an array']);
    const result = readSbom(
      cyclonedx({
        components: [
          1,
          null,
          { type: 'library', name: 'a', purl: 5 },
          { type: 'library', name: 'b', purl: 'not a purl' },
          { type: 'library', name: 'c', purl: 'pkg:npm/c@1.0.0', properties: 'none', components: { nested: true } },
          { type: 'library', name: 'd', purl: 'pkg:npm/d@1.0.0', properties: [null, { name: 5 }, { name: 'rampart:package:dev', value: 'true' }] },
          { type: 'operating-system', version: 12 },
        ],
      }),
      'x.json',
    );
    expect(result.packages.map((pkg) => pkg.name)).toEqual(['c', 'd']);
    expect(result.packages[1]!.dev).toBe(true);
    expect(result.errors.map((error) => error.message)).toEqual([
      'components[0] is not an object',
      'components[1] is not an object',
      'components[4].components is not an array',
      'component "a": purl is not a string',
      expect.stringMatching(/^invalid purl "not a purl"/),
    ]);
    expect(result.os).toBeUndefined();
  });

  it('stops at absurd nesting instead of recursing without bound', () => {
    let component: Record<string, unknown> = { type: 'library', name: 'leaf', purl: 'pkg:npm/leaf@1.0.0' };
    for (let depth = 0; depth < 200; depth++) component = { type: 'library', name: `n${depth}`, components: [component] };
    const result = readSbom(cyclonedx({ components: [component] }), 'x.json');
    expect(result.errors).toEqual([{ message: expect.stringContaining('nested deeper than 64 levels') }]);
  });

  it('stops reading after the package limit', () => {
    const components = Array.from({ length: MAX_SBOM_PACKAGES + 2 }, (_, i) => ({ type: 'library', name: 'p', purl: `pkg:npm/p@1.0.${i}` }));
    const result = readSbom(cyclonedx({ components }), 'x.json');
    expect(result.packages).toHaveLength(MAX_SBOM_PACKAGES);
    expect(result.errors).toEqual([{ message: `more than ${MAX_SBOM_PACKAGES} packages; the rest is not read` }]);
  });

  it('reports wrongly typed SPDX parts and keeps the good packages', () => {
    expect(messages(spdx({ packages: {} }))).toEqual(['packages is not an array']);
    const purlRef = (locator: unknown) => [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: locator }];
    const result = readSbom(
      spdx({
        documentDescribes: [7, 'SPDXRef-root'],
        relationships: [null, { relationshipType: 'DESCRIBES' }],
        packages: [
          'x',
          { SPDXID: 'SPDXRef-root', name: 'root', externalRefs: purlRef('pkg:oci/app@sha256%3Aabc') },
          { SPDXID: 'SPDXRef-a', name: 'a', externalRefs: purlRef(['pkg:npm/a@1']) },
          { SPDXID: 'SPDXRef-b', name: 'b', externalRefs: 'nope' },
          { SPDXID: 'SPDXRef-c', name: 'c', versionInfo: '1', externalRefs: [null, ...purlRef('pkg:npm/c@1.0.0')] },
          { SPDXID: 'SPDXRef-os', primaryPackagePurpose: 'OPERATING-SYSTEM', name: 42 },
        ],
      }),
      'x.json',
    );
    expect(result.packages.map((pkg) => pkg.name)).toEqual(['c']);
    expect(result.errors.map((error) => error.message)).toEqual(['packages[0] is not an object', 'package "a": the purl reference locator is not a string']);
    expect(result.skipped.map((skip) => skip.message)).toEqual([
      'package "b" has no purl, so it cannot be matched to advisories',
      'package "(unnamed)" has no purl, so it cannot be matched to advisories',
    ]);
  });

  it('never throws on odd values in any field', () => {
    const odd: unknown[] = [null, 0, -1, 1e309, true, '', 'x', [], {}, [null], [{}], { components: [] }];
    for (const value of odd) {
      for (const field of ['components', 'metadata', 'specVersion', 'properties']) {
        expect(() => readSbom(cyclonedx({ [field]: value, components: [{ type: 'library', name: 'n', [field]: value }] }), 'x')).not.toThrow();
      }
      for (const field of ['packages', 'relationships', 'documentDescribes', 'SPDXID']) {
        expect(() => readSbom(spdx({ [field]: value, packages: [{ name: 'n', externalRefs: [{ referenceType: 'purl', referenceLocator: value }] }] }), 'x')).not.toThrow();
      }
    }
  });
});
