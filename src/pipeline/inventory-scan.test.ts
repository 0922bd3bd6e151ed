import { afterEach, describe, expect, it } from 'vitest';
import { makeTree, type TempTree } from '../testing/tree.js';
import { inputSource } from '../sources/inputs.js';
import { sourceOf } from '../sources/source.js';
import { isPackageFile } from '../checks/vulnerabilities/inventory/extractors.js';
import { directoryInventorySource } from './directory-inventory.js';
import { scanInventory } from './inventory-scan.js';
import { scanSources } from './scan.js';
import { selectRules } from './rule-selection.js';

let tree: TempTree | undefined;
afterEach(async () => tree?.cleanup());

const LOCK = (...names: string[]) =>
  JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { name: 'app' }, ...Object.fromEntries(names.map((name) => [`node_modules/${name}`, { version: '1.0.0' }])) } });
const DPKG = 'Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1:1.2.13\n\n';
const policy = { exemptions: [], ignoreEntries: [], strict: false };
const settings = { pss: { level: 'restricted' as const, version: { major: 1 as const, minor: 99 } }, allowedRegistries: [] };

describe('scanSources with the inventory-only check', () => {
  it('inventories the lockfiles of a directory walk and matches nothing: packages in the result, no database opened', async () => {
    tree = await makeTree({ 'web/package-lock.json': LOCK('lodash', 'left-pad'), 'deploy/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\n' });
    const result = await scanSources({
      ...policy,
      sources: [inputSource({ paths: ['.'], cwd: tree.root, exclude: [], packageFiles: isPackageFile })],
      selection: selectRules({}, settings),
      settings,
      checks: { rules: false, secrets: false, inventory: true },
    });
    expect(result.inventory?.packages.map((p) => `${p.name}@${p.version} ${p.file}`)).toEqual(['lodash@1.0.0 web/package-lock.json', 'left-pad@1.0.0 web/package-lock.json']);
    expect(result.packages).toBe(result.inventory?.packages);
    expect(result.inventory?.os).toBeUndefined();
    expect(result.layers).toBeUndefined();
    // Matching would have needed a database: none was given, and none was missed.
    expect(result.report.vulnerabilities).toEqual([]);
    expect(result.report.unchecked).toBeUndefined();
    expect(result.report.errors).toEqual([]);
    expect(result.report.findings).toEqual([]);
    expect(result.report.summary.packages).toBe(2);
  });

  it('a pipeline that neither inventories nor matches returns no inventory, as before', async () => {
    tree = await makeTree({ 'package-lock.json': LOCK('lodash') });
    const result = await scanSources({
      ...policy,
      sources: [inputSource({ paths: ['.'], cwd: tree.root, exclude: [] })],
      selection: selectRules({}, settings),
      settings,
      checks: { rules: true, secrets: false },
    });
    expect(result.inventory).toBeUndefined();
    expect(result.packages).toBeUndefined();
  });

  it('keeps what the extractors could not read in the inventory and as report errors', async () => {
    tree = await makeTree({ 'package-lock.json': '{not json', 'requirements.txt': 'flask>=2\nrequests==2.30.0\n' });
    const result = await scanInventory({ sources: [(await directoryInventorySource(tree.root, tree.root)).source] });
    expect(result.inventory.packages.map((p) => p.name)).toEqual(['requests']);
    expect(result.inventory.errors).toEqual([expect.objectContaining({ file: 'package-lock.json', extractor: 'javascript/package-lock' })]);
    expect(result.inventory.skipped).toEqual([expect.objectContaining({ file: 'requirements.txt', line: 1 })]);
    expect(result.report.errors).toEqual([
      { file: 'package-lock.json', message: expect.stringMatching(/^javascript\/package-lock: invalid JSON/) },
      { file: 'requirements.txt', message: expect.stringMatching(/^1 entry was not checked/), level: 'warning' },
    ]);
  });

  it('an SBOM source is inventoried without matching', async () => {
    const sbom = JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [{ type: 'library', name: 'lodash', version: '4.17.15', purl: 'pkg:npm/lodash@4.17.15' }] });
    const result = await scanInventory({ sources: [sourceOf('sbom', 'bom.json', async function* () { yield { type: 'sbom', file: 'bom.json', text: sbom }; })] });
    expect(result.inventory.packages.map((p) => p.purl)).toEqual(['pkg:npm/lodash@4.17.15']);
    expect(result.report.vulnerabilities).toEqual([]);
  });
});

describe('directoryInventorySource', () => {
  it('a source checkout: .gitignore and exclude honoured as by scan, a manifest it cannot read no error of the inventory', async () => {
    tree = await makeTree({
      '.gitignore': 'vendor/\n',
      'web/package-lock.json': LOCK('web-dep'),
      'api/package-lock.json': LOCK('api-dep'),
      'vendor/package-lock.json': LOCK('vendored'),
      'deploy/bad.yaml': Buffer.from([0xff, 0xfe, 0x00, 0x41]),
    });
    const { source, mode } = await directoryInventorySource(tree.root, tree.root, ['api/']);
    expect(mode).toBe('source');
    const result = await scanInventory({ sources: [source] });
    expect(result.inventory.packages.map((p) => p.name)).toEqual(['web-dep']);
    expect(result.report.errors).toEqual([]);
  });

  it('an unpacked root file system: every extractor, paths relative to the root, its OS; its ignore files do not apply, exclude does', async () => {
    tree = await makeTree({
      'rootfs/etc/os-release': 'ID=debian\nVERSION_ID=12\n',
      'rootfs/var/lib/dpkg/status': DPKG,
      'rootfs/.gitignore': 'app/\n',
      'rootfs/app/package-lock.json': LOCK('app-dep'),
      'rootfs/opt/package-lock.json': LOCK('opt-dep'),
    });
    const { source, mode } = await directoryInventorySource(tree.path('rootfs'), tree.root, ['opt/']);
    expect(mode).toBe('rootfs');
    const result = await scanInventory({ sources: [source] });
    expect(result.inventory.os).toMatchObject({ id: 'debian', versionId: '12' });
    expect(result.inventory.packages.map((p) => `${p.name} ${p.file}`).sort()).toEqual(['app-dep app/package-lock.json', 'zlib1g var/lib/dpkg/status']);
    expect(result.inventory.packages.find((p) => p.name === 'zlib1g')?.purl).toContain('distro=debian-12');
    expect(result.report.errors).toEqual([]);
    expect(result.report.summary.files).toBe(3);
  });

  it('a root file system with os-release alone still names its OS', async () => {
    tree = await makeTree({ 'etc/os-release': 'ID=alpine\nVERSION_ID=3.20.1\n' });
    const result = await scanInventory({ sources: [(await directoryInventorySource(tree.root, tree.root)).source] });
    expect(result.inventory).toEqual({ packages: [], os: expect.objectContaining({ id: 'alpine', versionId: '3.20.1' }), errors: [], skipped: [] });
  });
});
