import { randomUUID } from 'node:crypto';
import { PackageURL } from 'packageurl-js';
import { TOOL_NAME, TOOL_VERSION } from '../../core/version.js';
import { PROJECT_URL } from '../links.js';
import type { Inventory } from '../../checks/vulnerabilities/inventory/inventory.js';
import type { Package } from '../../core/package.js';
import { distinctPackages, type SbomPackage } from './distinct-packages.js';
import type { SbomSubject } from '../../checks/vulnerabilities/inventory/sbom/types.js';
import type { SbomFormatOptions, SbomFormatter } from './formatter.js';

interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  downloadLocation: 'NOASSERTION';
  filesAnalyzed: false;
  licenseConcluded: 'NOASSERTION';
  licenseDeclared: 'NOASSERTION';
  primaryPackagePurpose: 'APPLICATION' | 'CONTAINER' | 'LIBRARY' | 'OPERATING-SYSTEM';
  checksums?: { algorithm: 'SHA256'; checksumValue: string }[];
  externalRefs?: { referenceCategory: 'PACKAGE-MANAGER'; referenceType: 'purl'; referenceLocator: string }[];
  sourceInfo?: string;
}

interface SpdxRelationship {
  spdxElementId: string;
  relationshipType: 'DESCRIBES' | 'CONTAINS';
  relatedSpdxElement: string;
}

const DOCUMENT_ID = 'SPDXRef-DOCUMENT';
const SUBJECT_ID = 'SPDXRef-Subject';
const OS_ID = 'SPDXRef-OperatingSystem';

/** SPDX IDs allow only `[A-Za-z0-9.-]` after `SPDXRef-`. */
function idSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'unnamed';
}

/** The JSON schema's pattern: UTC, seconds precision, `Z`. */
function spdxTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * SPDX has no properties, so an OS package's source package travels in the purl's `upstream` qualifier, the way Syft
 * writes it; readSbom reads it back from there.
 */
function purlWithUpstream(pkg: Package): string {
  if (!/^pkg:(deb|apk|rpm)\//.test(pkg.purl) || !pkg.sourceName) return pkg.purl;
  const differentVersion = pkg.sourceVersion !== undefined && pkg.sourceVersion !== pkg.version;
  if (pkg.sourceName === pkg.name && !differentVersion) return pkg.purl;
  try {
    const purl = PackageURL.fromString(pkg.purl);
    if (purl.qualifiers?.['upstream']) return pkg.purl;
    const upstream = differentVersion ? `${pkg.sourceName}@${pkg.sourceVersion}` : pkg.sourceName;
    purl.qualifiers = { ...purl.qualifiers, upstream };
    return purl.toString();
  } catch {
    return pkg.purl;
  }
}

function subjectPackage(subject: SbomSubject): SpdxPackage {
  const sha256 = subject.digest ? /^sha256:([a-f0-9]{64})$/i.exec(subject.digest)?.[1] : undefined;
  return {
    SPDXID: SUBJECT_ID,
    name: subject.name,
    ...(subject.digest ? { versionInfo: subject.digest } : {}),
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: 'NOASSERTION',
    primaryPackagePurpose: subject.type === 'image' ? 'CONTAINER' : 'APPLICATION',
    ...(sha256 ? { checksums: [{ algorithm: 'SHA256', checksumValue: sha256.toLowerCase() }] } : {}),
  };
}

function spdxPackage(entry: SbomPackage, index: number): SpdxPackage {
  const pkg = entry.package;
  return {
    SPDXID: `SPDXRef-Package-${idSafe(pkg.name)}-${index + 1}`,
    name: pkg.name,
    versionInfo: pkg.version,
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: 'NOASSERTION',
    primaryPackagePurpose: 'LIBRARY',
    externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purlWithUpstream(pkg) }],
    sourceInfo: `acquired package info from: ${entry.files.join(', ')}`,
  };
}

/** SPDX 2.3 JSON of an inventory; apart from documentNamespace and created the output is a function of the input. */
export function formatSpdx(subject: SbomSubject, inventory: Inventory, options: SbomFormatOptions = {}): string {
  const packages: SpdxPackage[] = [subjectPackage(subject)];
  if (inventory.os) {
    packages.push({
      SPDXID: OS_ID,
      name: inventory.os.id,
      ...(inventory.os.versionId ? { versionInfo: inventory.os.versionId } : {}),
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'NOASSERTION',
      primaryPackagePurpose: 'OPERATING-SYSTEM',
    });
  }
  packages.push(...distinctPackages(inventory.packages, subject.layers).map(spdxPackage));
  const relationships: SpdxRelationship[] = [
    { spdxElementId: DOCUMENT_ID, relationshipType: 'DESCRIBES', relatedSpdxElement: SUBJECT_ID },
    ...packages
      .filter((pkg) => pkg.SPDXID !== SUBJECT_ID)
      .map((pkg): SpdxRelationship => ({ spdxElementId: SUBJECT_ID, relationshipType: 'CONTAINS', relatedSpdxElement: pkg.SPDXID })),
  ];
  const document = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: DOCUMENT_ID,
    name: subject.name,
    documentNamespace: `${PROJECT_URL}/spdx/${idSafe(subject.name)}-${options.uuid ?? randomUUID()}`,
    creationInfo: {
      creators: [`Tool: ${TOOL_NAME}-${TOOL_VERSION}`],
      created: spdxTimestamp(options.now ?? new Date()),
    },
    packages,
    relationships,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export const spdxFormatter: SbomFormatter = {
  name: 'spdx',
  title: 'SPDX 2.3',
  carriesVulnerabilities: false,
  format: ({ subject, inventory }, options) => formatSpdx(subject, inventory, options),
};
