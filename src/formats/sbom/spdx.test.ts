import { describe, expect, it } from 'vitest';
import { TOOL_NAME, TOOL_VERSION } from '../../core/version.js';
import { formatSpdx } from './spdx.js';
import { IMAGE_DIGEST, LAYERS, mixedInventory, RHEL } from './testdata/inventories.js';
import { spdx23Validator } from './testdata/schemas.js';

const validate = spdx23Validator();
const FIXED = { uuid: '3e671687-395b-41f5-a30f-a58921a69b79', now: new Date('2024-05-01T12:00:00.123Z') };
const DIRECTORY = { type: 'directory' as const, name: 'services/api' };
const IMAGE = { type: 'image' as const, name: 'registry.example/app:1.2', digest: IMAGE_DIGEST, layers: LAYERS };

interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  primaryPackagePurpose: string;
  externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string }[];
  sourceInfo?: string;
  checksums?: { algorithm: string; checksumValue: string }[];
}
interface SpdxDocument {
  spdxVersion: string;
  dataLicense: string;
  SPDXID: string;
  name: string;
  documentNamespace: string;
  creationInfo: { creators: string[]; created: string };
  packages: SpdxPackage[];
  relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[];
}

const documentOf = (...args: Parameters<typeof formatSpdx>) => JSON.parse(formatSpdx(...args)) as SpdxDocument;
const purlOf = (pkg: SpdxPackage | undefined) => pkg?.externalRefs?.[0]?.referenceLocator;

describe('formatSpdx', () => {
  it('writes documents that validate against the official SPDX 2.3 schema', () => {
    for (const subject of [DIRECTORY, IMAGE, { type: 'sbom' as const, name: 'in.cdx.json' }]) {
      for (const inventory of [mixedInventory(), mixedInventory(RHEL), { packages: [], errors: [], skipped: [] }]) {
        const document: unknown = JSON.parse(formatSpdx(subject, inventory, FIXED));
        expect(validate(document), JSON.stringify(validate.errors, null, 2)).toBe(true);
      }
    }
  });

  it('is checked by a live validator (an invalid SPDXID fails)', () => {
    const document = documentOf(DIRECTORY, mixedInventory(), FIXED);
    document.packages[1]!.SPDXID = 'SPDXRef-has spaces/and@signs';
    expect(validate(document)).toBe(false);
  });

  it('fills the document header', () => {
    const document = documentOf(IMAGE, mixedInventory(), FIXED);
    expect(document).toMatchObject({ spdxVersion: 'SPDX-2.3', dataLicense: 'CC0-1.0', SPDXID: 'SPDXRef-DOCUMENT', name: IMAGE.name });
    expect(document.creationInfo).toEqual({ creators: [`Tool: ${TOOL_NAME}-${TOOL_VERSION}`], created: '2024-05-01T12:00:00Z' });
    expect(document.documentNamespace).toBe(`https://github.com/rampart-dev/rampart/spdx/registry.example-app-1.2-${FIXED.uuid}`);
    const namespaces = new Set([documentOf(DIRECTORY, mixedInventory()), documentOf(DIRECTORY, mixedInventory())].map((d) => d.documentNamespace));
    expect(namespaces.size).toBe(2);
  });

  it('describes the subject and makes it contain the OS and every distinct package', () => {
    const document = documentOf(IMAGE, mixedInventory(), FIXED);
    const [subject, os, ...packages] = document.packages;
    expect(subject).toMatchObject({ SPDXID: 'SPDXRef-Subject', primaryPackagePurpose: 'CONTAINER', versionInfo: IMAGE_DIGEST });
    expect(subject!.checksums).toEqual([{ algorithm: 'SHA256', checksumValue: 'd'.repeat(64) }]);
    expect(os).toMatchObject({ name: 'debian', versionInfo: '12', primaryPackagePurpose: 'OPERATING-SYSTEM' });
    expect(packages).toHaveLength(12);
    expect(new Set(document.packages.map((pkg) => pkg.SPDXID)).size).toBe(document.packages.length);
    expect(document.relationships[0]).toEqual({ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-Subject' });
    expect(document.relationships.slice(1).map((r) => [r.spdxElementId, r.relationshipType, r.relatedSpdxElement])).toEqual(
      [os!, ...packages].map((pkg) => ['SPDXRef-Subject', 'CONTAINS', pkg.SPDXID]),
    );
    expect(documentOf(DIRECTORY, mixedInventory(), FIXED).packages[0]).toMatchObject({ primaryPackagePurpose: 'APPLICATION' });
  });

  it('gives each package a valid SPDXID, its purl and the files it was read from', () => {
    const packages = documentOf(DIRECTORY, mixedInventory(), FIXED).packages;
    const babel = packages.find((pkg) => pkg.name === '@babel/core');
    expect(babel).toMatchObject({
      SPDXID: expect.stringMatching(/^SPDXRef-Package-babel-core-\d+$/),
      versionInfo: '7.24.0',
      externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:npm/%40babel/core@7.24.0' }],
      sourceInfo: 'acquired package info from: app/node_modules/@babel/core/package.json, app/package-lock.json',
    });
    expect(packages.find((pkg) => pkg.name === 'org.apache.logging.log4j:log4j-core')?.SPDXID).toMatch(
      /^SPDXRef-Package-org.apache.logging.log4j-log4j-core-\d+$/,
    );
  });

  it('carries a differing OS source package in the purl upstream qualifier, as Syft does', () => {
    const packages = documentOf(DIRECTORY, mixedInventory(), FIXED).packages;
    expect(purlOf(packages.find((pkg) => pkg.name === 'libc6'))).toBe('pkg:deb/debian/libc6@2.36-9+deb12u4?arch=amd64&distro=debian-12&upstream=glibc');
    expect(purlOf(packages.find((pkg) => pkg.name === 'bash'))).toContain('upstream=bash%405.2.15-2');
    expect(purlOf(packages.find((pkg) => pkg.name === 'left-pad'))).toBe('pkg:npm/left-pad@1.3.0');
  });

  it('is deterministic apart from namespace and time, whatever the package order', () => {
    const inventory = mixedInventory();
    const reversed = { ...inventory, packages: [...inventory.packages].reverse() };
    expect(formatSpdx(DIRECTORY, reversed, FIXED)).toBe(formatSpdx(DIRECTORY, inventory, FIXED));
  });
});
