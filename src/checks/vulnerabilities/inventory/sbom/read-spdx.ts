import { osFromRelease } from './distro.js';
import { osOfPurls } from './purl-package.js';
import { isObject, SbomReader, stringField, type JsonObject } from './sbom-reader.js';
import type { ReadSbomResult } from './types.js';

const SPDX_VERSIONS = ['SPDX-2.2', 'SPDX-2.3'];

/** SPDX 2.2 spells the category with `_`, 2.3 with `-`; either marks a package-manager locator. */
function purlOf(pkg: JsonObject): unknown {
  const refs = pkg['externalRefs'];
  if (!Array.isArray(refs)) return undefined;
  const ref = refs.find((entry) => isObject(entry) && entry['referenceType'] === 'purl');
  return isObject(ref) ? ref['referenceLocator'] : undefined;
}

/** What the document is about (an image, a directory): not a package itself, so no "no purl" noise for it. */
function describedIds(document: JsonObject): Set<string> {
  const ids = new Set<string>();
  const documentId = stringField(document, 'SPDXID') ?? 'SPDXRef-DOCUMENT';
  const relationships = document['relationships'];
  if (Array.isArray(relationships)) {
    for (const relationship of relationships) {
      if (!isObject(relationship) || relationship['relationshipType'] !== 'DESCRIBES') continue;
      const target = stringField(relationship, 'relatedSpdxElement');
      if (relationship['spdxElementId'] === documentId && target) ids.add(target);
    }
  }
  const describes = document['documentDescribes'];
  if (Array.isArray(describes)) describes.filter((id) => typeof id === 'string').forEach((id) => ids.add(id));
  return ids;
}

/** Trivy writes an OS package's source as `sourceInfo: built package from: <name> [<version>]`. */
function sourceOf(pkg: JsonObject): { sourceName?: string; sourceVersion?: string } {
  const match = /^built package from: (\S+)(?: (\S+))?$/.exec(stringField(pkg, 'sourceInfo') ?? '');
  if (!match) return {};
  return match[2] ? { sourceName: match[1]!, sourceVersion: match[2] } : { sourceName: match[1]! };
}

function label(pkg: JsonObject): string {
  const name = stringField(pkg, 'name') ?? '(unnamed)';
  const version = stringField(pkg, 'versionInfo');
  return `package "${version ? `${name}@${version}` : name}"`;
}

export function readSpdx(document: JsonObject, file: string): ReadSbomResult {
  const reader = new SbomReader(file);
  const spdxVersion = stringField(document, 'spdxVersion');
  if (!spdxVersion || !SPDX_VERSIONS.includes(spdxVersion)) {
    reader.error(`${JSON.stringify(document['spdxVersion'])} is not read (supported: ${SPDX_VERSIONS.join(', ')})`);
    return reader.result(undefined);
  }
  const list = document['packages'] ?? [];
  if (!Array.isArray(list)) {
    reader.error('packages is not an array');
    return reader.result(undefined);
  }
  const packages: JsonObject[] = [];
  list.forEach((pkg, index) => (isObject(pkg) ? packages.push(pkg) : reader.error(`packages[${index}] is not an object`)));

  const osPackage = packages.find((pkg) => pkg['primaryPackagePurpose'] === 'OPERATING-SYSTEM' && stringField(pkg, 'name'));
  const purls = packages.map(purlOf).filter((purl) => typeof purl === 'string');
  const os = osPackage ? osFromRelease(stringField(osPackage, 'name')!, stringField(osPackage, 'versionInfo') ?? '') : osOfPurls(purls);
  const described = describedIds(document);

  for (const pkg of packages) {
    if (pkg === osPackage) continue;
    const purl = purlOf(pkg);
    const isSubject = described.has(stringField(pkg, 'SPDXID') ?? '');
    if (purl === undefined) {
      if (!isSubject) reader.skip(`${label(pkg)} has no purl, so it cannot be matched to advisories`);
      continue;
    }
    if (typeof purl !== 'string') {
      reader.error(`${label(pkg)}: the purl reference locator is not a string`);
      continue;
    }
    if (!reader.addPurl(purl, { os, displayName: stringField(pkg, 'name'), ...sourceOf(pkg) }, !isSubject)) break;
  }
  return reader.result(os);
}
