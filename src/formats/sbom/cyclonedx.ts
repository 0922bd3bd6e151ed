import { randomUUID } from 'node:crypto';
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import { TOOL_NAME, TOOL_VERSION } from '../../core/version.js';
import type { VulnerabilityFinding } from '../../core/vulnerability.js';
import { PROJECT_URL } from '../links.js';
import type { Inventory } from '../../checks/vulnerabilities/inventory/inventory.js';
import type { OsInfo } from '../../checks/vulnerabilities/inventory/os-release.js';
import { cycloneDxVulnerability } from './cyclonedx-vulnerability.js';
import { distinctPackages, type SbomPackage } from './distinct-packages.js';
import { PROPERTY } from '../../checks/vulnerabilities/inventory/sbom/properties.js';
import type { SbomSubject } from '../../checks/vulnerabilities/inventory/sbom/types.js';
import type { SbomFormatOptions, SbomFormatter } from './formatter.js';

/** Package bom-refs are purls (`pkg:...`), so these can never collide with them. */
const SUBJECT_REF = 'rampart:subject';
const osRef = (os: OsInfo): string => `rampart:os:${os.id}${os.versionId ? `@${os.versionId}` : ''}`;

function subjectComponent(subject: SbomSubject): Models.Component {
  const type = subject.type === 'image' ? Enums.ComponentType.Container : Enums.ComponentType.Application;
  const component = new Models.Component(type, subject.name, { bomRef: SUBJECT_REF });
  if (subject.digest) {
    component.version = subject.digest;
    const sha256 = /^sha256:([a-f0-9]{64})$/i.exec(subject.digest)?.[1];
    if (sha256) component.hashes.set(Enums.HashAlgorithm['SHA-256'], sha256.toLowerCase());
  }
  return component;
}

function toolComponent(): Models.Component {
  const tool = new Models.Component(Enums.ComponentType.Application, TOOL_NAME, { version: TOOL_VERSION });
  tool.externalReferences.add(new Models.ExternalReference(PROJECT_URL, Enums.ExternalReferenceType.Website));
  return tool;
}

function osComponent(os: OsInfo): Models.Component {
  return new Models.Component(Enums.ComponentType.OperatingSystem, os.id, {
    bomRef: osRef(os),
    ...(os.versionId ? { version: os.versionId } : {}),
  });
}

function packageComponent(entry: SbomPackage): Models.Component {
  const pkg = entry.package;
  const component = new Models.Component(Enums.ComponentType.Library, pkg.name, {
    bomRef: pkg.purl,
    purl: pkg.purl,
    version: pkg.version,
  });
  const add = (name: string, value: string | undefined) => {
    if (value) component.properties.add(new Models.Property(name, value));
  };
  add(PROPERTY.ecosystem, pkg.ecosystem);
  entry.files.forEach((file) => add(PROPERTY.file, file));
  add(PROPERTY.sourceName, pkg.sourceName);
  add(PROPERTY.sourceVersion, pkg.sourceVersion);
  if (entry.dev) add(PROPERTY.dev, 'true');
  for (const layer of entry.layers) {
    add(PROPERTY.layerDigest, layer.digest);
    add(PROPERTY.layerDiffId, layer.diffId);
  }
  return component;
}

/** Findings are one per flaw and package version, so the ID and purl are unique in practice; the suffix makes sure. */
function uniqueRef(base: string, taken: Set<string>): string {
  let ref = base;
  for (let n = 2; taken.has(ref); n++) ref = `${base}#${n}`;
  taken.add(ref);
  return ref;
}

function compareFindings(a: VulnerabilityFinding, b: VulnerabilityFinding): number {
  const key = (finding: VulnerabilityFinding) => `${finding.id}\u0000${finding.package.purl}`;
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

/**
 * CycloneDX 1.6 JSON of an inventory and, when given, its vulnerabilities (a VDR; VEX-suppressed findings are kept with
 * analysis `not_affected`). Apart from serialNumber and timestamp the output is a function of the input.
 */
export function formatCycloneDx(
  subject: SbomSubject,
  inventory: Inventory,
  vulnerabilities?: readonly VulnerabilityFinding[],
  options: SbomFormatOptions = {},
): string {
  const root = subjectComponent(subject);
  const bom = new Models.Bom({ serialNumber: `urn:uuid:${options.uuid ?? randomUUID()}` });
  bom.metadata.timestamp = options.now ?? new Date();
  bom.metadata.component = root;
  bom.metadata.tools.components.add(toolComponent());

  const components = new Map<string, Models.Component>();
  if (inventory.os) {
    const os = osComponent(inventory.os);
    bom.components.add(os);
    root.dependencies.add(os.bomRef);
  }
  for (const entry of distinctPackages(inventory.packages, subject.layers)) {
    const component = packageComponent(entry);
    components.set(entry.package.purl, component);
    bom.components.add(component);
    root.dependencies.add(component.bomRef);
  }
  const vulnerabilityRefs = new Set<string>();
  for (const finding of [...(vulnerabilities ?? [])].sort(compareFindings)) {
    const ref = uniqueRef(`rampart:vulnerability:${finding.id}:${finding.package.purl}`, vulnerabilityRefs);
    bom.vulnerabilities.add(cycloneDxVulnerability(finding, ref, components.get(finding.package.purl)?.bomRef));
  }

  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`;
}

export const cycloneDxFormatter: SbomFormatter = {
  name: 'cyclonedx',
  title: 'CycloneDX 1.6',
  carriesVulnerabilities: true,
  format: ({ subject, inventory, vulnerabilities }, options) => formatCycloneDx(subject, inventory, vulnerabilities, options),
};
