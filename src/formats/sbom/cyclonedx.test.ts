import { describe, expect, it } from 'vitest';
import { TOOL_NAME, TOOL_VERSION } from '../../core/version.js';
import { formatCycloneDx } from './cyclonedx.js';
import { PROPERTY } from '../../checks/vulnerabilities/inventory/sbom/properties.js';
import { finding, IMAGE_DIGEST, LAYERS, mixedInventory } from './testdata/inventories.js';
import { cycloneDx16Validator } from './testdata/schemas.js';

const validate = cycloneDx16Validator();
const FIXED = { uuid: '3e671687-395b-41f5-a30f-a58921a69b79', now: new Date('2024-05-01T12:00:00.000Z') };
const DIRECTORY = { type: 'directory' as const, name: 'services/api' };
const IMAGE = { type: 'image' as const, name: 'registry.example/app:1.2', digest: IMAGE_DIGEST, layers: LAYERS };

interface Component {
  type: string;
  name: string;
  version?: string;
  'bom-ref'?: string;
  purl?: string;
  hashes?: { alg: string; content: string }[];
  properties?: { name: string; value: string }[];
}
interface Vulnerability {
  'bom-ref': string;
  id: string;
  source: { name: string; url: string };
  ratings: { score?: number; severity: string; method: string }[];
  references?: { id: string }[];
  advisories?: { url: string }[];
  analysis?: { state: string; justification?: string; detail?: string };
  affects: { ref: string; versions: { version: string; status: string }[] }[];
  recommendation?: string;
}
interface Bom {
  serialNumber: string;
  specVersion: string;
  metadata: { timestamp: string; component: Component; tools: { components: Component[] } };
  components: Component[];
  dependencies: { ref: string; dependsOn?: string[] }[];
  vulnerabilities?: Vulnerability[];
}

function bomOf(...args: Parameters<typeof formatCycloneDx>): Bom {
  return JSON.parse(formatCycloneDx(...args)) as Bom;
}

const values = (component: Component | undefined, name: string) =>
  (component?.properties ?? []).filter((property) => property.name === name).map((property) => property.value);

const byName = (bom: Bom, name: string) => bom.components.find((component) => component.name === name);

describe('formatCycloneDx', () => {
  it('writes BOMs that validate against the official CycloneDX 1.6 schema', () => {
    const vex = finding({ suppressed: { kind: 'vex', reason: 'vulnerable_code_not_in_execute_path' } });
    for (const subject of [DIRECTORY, IMAGE]) {
      for (const vulnerabilities of [undefined, [], [finding(), vex]]) {
        const bom: unknown = JSON.parse(formatCycloneDx(subject, mixedInventory(), vulnerabilities, FIXED));
        expect(validate(bom), JSON.stringify(validate.errors, null, 2)).toBe(true);
      }
    }
    const empty: unknown = JSON.parse(formatCycloneDx(DIRECTORY, { packages: [], errors: [], skipped: [] }));
    expect(validate(empty), JSON.stringify(validate.errors)).toBe(true);
  });

  it('is checked by a live validator (a broken BOM fails)', () => {
    const bom = bomOf(DIRECTORY, mixedInventory(), undefined, FIXED);
    bom.components[0]!.type = 'bogus';
    expect(validate(bom)).toBe(false);
  });

  it('describes an image as a container with its digest, a directory as an application', () => {
    const image = bomOf(IMAGE, mixedInventory(), undefined, FIXED);
    expect(image.metadata.component).toMatchObject({ type: 'container', name: IMAGE.name, version: IMAGE_DIGEST });
    expect(image.metadata.component.hashes).toEqual([{ alg: 'SHA-256', content: 'd'.repeat(64) }]);
    const directory = bomOf(DIRECTORY, mixedInventory(), undefined, FIXED);
    expect(directory.metadata.component).toMatchObject({ type: 'application', name: 'services/api' });
    expect(directory.metadata.component.version).toBeUndefined();
  });

  it('names the tool, the time and a urn:uuid serial number', () => {
    const bom = bomOf(DIRECTORY, mixedInventory(), undefined, FIXED);
    expect(bom.specVersion).toBe('1.6');
    expect(bom.metadata.tools.components).toMatchObject([{ type: 'application', name: TOOL_NAME, version: TOOL_VERSION }]);
    expect(bom.metadata.timestamp).toBe('2024-05-01T12:00:00.000Z');
    expect(bom.serialNumber).toBe(`urn:uuid:${FIXED.uuid}`);
    const fresh = [bomOf(DIRECTORY, mixedInventory()), bomOf(DIRECTORY, mixedInventory())];
    fresh.forEach((other) => expect(other.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/));
    expect(fresh[0]!.serialNumber).not.toBe(fresh[1]!.serialNumber);
  });

  it('lists each distinct package once with its purl, files, layer, ecosystem and source package', () => {
    const bom = bomOf(IMAGE, mixedInventory(), undefined, FIXED);
    const libraries = bom.components.filter((component) => component.type === 'library');
    expect(libraries).toHaveLength(12);
    expect(new Set(libraries.map((component) => component['bom-ref'])).size).toBe(12);
    libraries.forEach((component) => expect(component['bom-ref']).toBe(component.purl));

    const babel = byName(bom, '@babel/core');
    expect(babel).toMatchObject({ version: '7.24.0', purl: 'pkg:npm/%40babel/core@7.24.0' });
    expect(values(babel, PROPERTY.file)).toEqual(['app/node_modules/@babel/core/package.json', 'app/package-lock.json']);
    expect(values(babel, PROPERTY.layerDigest)).toEqual([`sha256:${'c'.repeat(64)}`]);
    expect(values(babel, PROPERTY.dev)).toEqual([]);
    expect(values(byName(bom, 'left-pad'), PROPERTY.dev)).toEqual(['true']);

    const libc = byName(bom, 'libc6');
    expect(values(libc, PROPERTY.sourceName)).toEqual(['glibc']);
    expect(values(libc, PROPERTY.ecosystem)).toEqual(['Debian:12']);
    expect(values(libc, PROPERTY.layerDiffId)).toEqual([`sha256:${'b'.repeat(64)}`]);
    expect(values(byName(bom, 'libssl3'), PROPERTY.sourceVersion)).toEqual(['3.0.11-1~deb12u1']);

    expect(bom.components.filter((component) => component.type === 'operating-system')).toEqual([
      { type: 'operating-system', name: 'debian', version: '12', 'bom-ref': 'rampart:os:debian@12' },
    ]);
  });

  it('makes the subject depend on every component', () => {
    const bom = bomOf(DIRECTORY, mixedInventory(), undefined, FIXED);
    const root = bom.dependencies.find((dependency) => dependency.ref === 'rampart:subject');
    expect(root?.dependsOn?.sort()).toEqual(bom.components.map((component) => component['bom-ref']).sort());
  });

  it('is deterministic apart from serial number and timestamp, whatever the package order', () => {
    const inventory = mixedInventory();
    const shuffled = { ...inventory, packages: [...inventory.packages].reverse() };
    const findings = [finding(), finding({ id: 'GHSA-aaaa-bbbb-cccc', package: { ...finding().package } })];
    const first = formatCycloneDx(IMAGE, inventory, findings, FIXED);
    expect(formatCycloneDx(IMAGE, shuffled, [...findings].reverse(), FIXED)).toBe(first);
  });

  describe('vulnerabilities', () => {
    const vulnerabilities = (...findings: ReturnType<typeof finding>[]) =>
      bomOf(DIRECTORY, mixedInventory(), findings, FIXED).vulnerabilities!;

    it('carries ID, source, rating, references, advisories, affects and the fix', () => {
      const [log4shell] = vulnerabilities(finding());
      expect(log4shell).toMatchObject({
        'bom-ref': 'rampart:vulnerability:CVE-2021-44228:pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
        id: 'CVE-2021-44228',
        source: { name: 'NVD', url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228' },
        ratings: [{ score: 10, severity: 'critical', method: 'CVSSv3' }],
        references: [{ id: 'GHSA-jfh8-c2jp-5v3q' }],
        advisories: [{ url: 'https://osv.dev/vulnerability/GHSA-jfh8-c2jp-5v3q' }],
        affects: [{ ref: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', versions: [{ version: '2.14.1', status: 'affected' }] }],
        recommendation: 'Upgrade org.apache.logging.log4j:log4j-core to 2.15.0 or 2.12.2',
      });
      expect(log4shell!.analysis).toBeUndefined();
    });

    it('points non-CVE IDs at OSV and maps the rating method from the severity source', () => {
      const [v4, vendor, unknown] = vulnerabilities(
        finding({ id: 'GHSA-1111-2222-3333', severity: { level: 'high', score: 8.7, source: 'affected.CVSS_V4' } }),
        finding({ id: 'PYSEC-2024-1', severity: { level: 'medium', source: 'database_specific.severity' }, fixedVersions: [] }),
        finding({ id: 'RUSTSEC-2024-0001', severity: { level: 'unknown', source: 'unknown' } }),
      );
      expect(v4).toMatchObject({ source: { name: 'OSV', url: 'https://osv.dev/vulnerability/GHSA-1111-2222-3333' }, ratings: [{ method: 'CVSSv4', score: 8.7 }] });
      expect(vendor).toMatchObject({ ratings: [{ method: 'other', severity: 'medium' }] });
      expect(vendor!.recommendation).toBeUndefined();
      expect(unknown).toMatchObject({ ratings: [{ method: 'other', severity: 'unknown' }] });
    });

    it('marks VEX-suppressed findings not_affected with the justification, other suppressions not', () => {
      const [vex, baseline] = vulnerabilities(
        finding({ id: 'CVE-2024-0001', suppressed: { kind: 'vex', reason: 'openvex: component_not_present' } }),
        finding({ id: 'CVE-2024-0002', suppressed: { kind: 'baseline', reason: 'accepted' } }),
      );
      expect(vex!.analysis).toEqual({ state: 'not_affected', justification: 'code_not_present', detail: 'openvex: component_not_present' });
      expect(vex!.affects[0]!.versions[0]!.status).toBe('unaffected');
      expect(baseline!.analysis).toBeUndefined();
    });

    it('leaves affects empty rather than pointing at a component the BOM lacks', () => {
      const [orphan] = vulnerabilities(finding({ package: { name: 'ghost', version: '1', ecosystem: 'npm', purl: 'pkg:npm/ghost@1' } }));
      expect(orphan!.affects ?? []).toEqual([]);
    });
  });
});
