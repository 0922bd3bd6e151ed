import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeOciLayout } from '../src/sources/image/testing/oci-writer.js';
import { importOsv } from '../src/checks/vulnerabilities/database/index.js';
import { inventoryImage, layerLocator, openImage } from '../src/pipeline/image.js';
import { findVulnerabilities } from '../src/pipeline/vulnerabilities.js';
import { SBOM_FORMATTERS, type SbomFormat } from '../src/formats/sbom/index.js';
import { makeTree, type TempTree } from '../src/testing/tree.js';
import { runCli } from './helpers/cli.js';

/**
 * `rampart sbom` of an image runs the one pipeline; these pin its output to what the image's own inventory (the
 * library's inventoryImage, which the registry watcher uses) and the matcher give, byte for byte but for the
 * document's serial number and time.
 */
const OS_RELEASE = 'ID=debian\nVERSION_ID="12"\n';
const DPKG = 'Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nSource: zlib\nVersion: 1:1.2.13.dfsg-1\n\n';
const LOCK = (...names: string[]) =>
  JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { name: 'app' }, ...Object.fromEntries(names.map((name) => [`node_modules/${name}`, { version: '4.17.15' }])) } });

let dir: string;
let db: string;
let tree: TempTree | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-sbom-pipeline-'));
  db = join(dir, 'osv.sqlite');
  await importOsv(join(import.meta.dirname, 'fixtures', 'osv'), db);
  await writeOciLayout(join(dir, 'layout'), [
    {
      ref: 'v1',
      image: {
        layers: [
          { createdBy: '/bin/sh -c #(nop) ADD file:1 in / ', entries: [{ path: 'etc/os-release', content: OS_RELEASE }, { path: 'var/lib/dpkg/status', content: DPKG }] },
          { createdBy: 'RUN npm ci # buildkit', entries: [{ path: 'app/node_modules/lodash/package.json', content: JSON.stringify({ name: 'lodash', version: '4.17.15' }) }] },
        ],
      },
    },
  ]);
});

afterAll(async () => rm(dir, { recursive: true, force: true }));
afterEach(async () => tree?.cleanup());

/** The serial number (CycloneDX) or namespace (SPDX) and the creation time, the only parts meant to vary. */
function withoutRunIdentity(text: string): unknown {
  const document = JSON.parse(text) as { serialNumber?: string; metadata?: { timestamp?: string }; documentNamespace?: string; creationInfo?: { created?: string } };
  if (document.serialNumber) document.serialNumber = 'serial';
  if (document.metadata?.timestamp) document.metadata.timestamp = 'time';
  if (document.documentNamespace) document.documentNamespace = document.documentNamespace.replace(/[0-9a-f-]{36}$/, 'uuid');
  if (document.creationInfo?.created) document.creationInfo.created = 'time';
  return document;
}

/** The SBOM as the command wrote it before it ran through the pipeline: the image's inventory, then the matcher. */
async function composed(format: SbomFormat, vulnerabilities: boolean): Promise<string> {
  const source = await openImage({ reference: 'layout', archive: join(dir, 'layout') });
  try {
    const scanned = await inventoryImage(source);
    const subject = { type: 'image' as const, name: 'layout', ...(source.manifestDigest ? { digest: source.manifestDigest } : {}), layers: scanned.layers };
    const options = { databasePath: db, ignoreUnfixed: false, vexFiles: [], maxDatabaseAgeMs: Number.MAX_SAFE_INTEGER };
    const found = vulnerabilities ? await findVulnerabilities(scanned.inventory.packages, options, new Date(), layerLocator(scanned.layers)) : undefined;
    return SBOM_FORMATTERS.get(format).format({ subject, inventory: scanned.inventory, ...(found ? { vulnerabilities: found.vulnerabilities } : {}) });
  } finally {
    await source.close();
  }
}

describe('rampart sbom of an image, through the pipeline', () => {
  for (const [format, vulnerabilities] of [['cyclonedx', false], ['spdx', false], ['cyclonedx', true]] as const) {
    it(`writes the same ${format} document as the image's inventory gives${vulnerabilities ? ', vulnerabilities included' : ''}`, async () => {
      const args = ['sbom', '--input', 'layout', '--format', format, ...(vulnerabilities ? ['--vulnerabilities', '--db', db] : [])];
      const run = await runCli(args, { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toBe('');
      const expected = await composed(format, vulnerabilities);
      expect(withoutRunIdentity(run.stdout)).toEqual(withoutRunIdentity(expected));
      // Not vacuous: the OS, both layers' packages and, when asked, their vulnerabilities are there.
      expect(run.stdout).toContain('pkg:deb/debian/zlib1g@');
      expect(run.stdout).toContain('pkg:npm/lodash@4.17.15');
      if (vulnerabilities) expect(run.stdout).toContain('CVE-2023-45853');
    });
  }
});

describe('rampart sbom of a directory', () => {
  it('leaves out what .gitignore and --exclude (or --skip-dirs) leave out, as scan does', async () => {
    tree = await makeTree({ '.gitignore': 'vendor/\n', 'web/package-lock.json': LOCK('lodash'), 'api/package-lock.json': LOCK('underscore'), 'vendor/package-lock.json': LOCK('vendored') });
    const names = async (args: string[]) => {
      const run = await runCli(['sbom', '.', '-o', 'bom.json', ...args], { cwd: tree!.root });
      expect(run.code, run.stderr).toBe(0);
      const bom = JSON.parse(await readFile(tree!.path('bom.json'), 'utf8')) as { components: Array<{ name: string }> };
      return bom.components.map((c) => c.name).sort();
    };
    expect(await names([])).toEqual(['lodash', 'underscore']);
    expect(await names(['--exclude', 'api/'])).toEqual(['lodash']);
    expect(await names(['--skip-dirs', 'web'])).toEqual(['underscore']);
    // An image's SBOM lists the whole image: the globs are a usage error there, not silently dropped.
    const image = await runCli(['sbom', 'registry.example.invalid/app:1', '--exclude', 'api/'], { cwd: tree.root });
    expect(image.code).toBe(2);
    expect(image.stderr).toContain("an image's SBOM lists all of its packages");
  });

  it('an unreadable lockfile still leaves an SBOM of the rest, and exits 3 saying why', async () => {
    tree = await makeTree({ 'web/package-lock.json': LOCK('lodash'), 'api/package-lock.json': '{oops' });
    const run = await runCli(['sbom', '.'], { cwd: tree.root });
    expect(run.code).toBe(3);
    expect((JSON.parse(run.stdout) as { components: Array<{ name: string }> }).components.map((c) => c.name)).toEqual(['lodash']);
    expect(run.stderr).toMatch(/^rampart: error: api\/package-lock\.json: javascript\/package-lock: invalid JSON/);
  });
});
