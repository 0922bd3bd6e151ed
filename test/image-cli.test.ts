import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type RegistryServer } from '../src/sources/image/registry/testing/registry-server.js';
import { writeOciLayout, type WrittenLayout } from '../src/sources/image/testing/oci-writer.js';
import { importOsv } from '../src/checks/vulnerabilities/database/index.js';
import { runCli } from './helpers/cli.js';

const run = promisify(execFile);

/** A Debian 12 image as debootstrap and `npm install` would leave it: dpkg status, os-release, an installed npm package. */
const DPKG_STATUS = `Package: zlib1g
Status: install ok installed
Priority: required
Section: libs
Installed-Size: 168
Maintainer: Mark Brown <broonie@debian.org>
Architecture: amd64
Multi-Arch: same
Source: zlib
Version: 1:1.2.13.dfsg-1
Depends: libc6 (>= 2.14)
Description: compression library - runtime

Package: libnghttp2-14
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 435
Maintainer: Tomasz Buchert <tomasz@debian.org>
Architecture: amd64
Multi-Arch: same
Source: nghttp2
Version: 1.52.0-1
Depends: libc6 (>= 2.17)
Description: library implementing HTTP/2 protocol (shared library)

Package: base-files
Status: install ok installed
Priority: required
Essential: yes
Architecture: amd64
Version: 12.4+deb12u5
Description: Debian base system miscellaneous files
`;

const OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
`;

let dir: string;
let db: string;
let layout: string;
let written: WrittenLayout;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-image-cli-'));
  db = join(dir, 'osv.sqlite');
  await importOsv(join(import.meta.dirname, 'fixtures', 'osv'), db);
  layout = join(dir, 'layout');
  written = await writeOciLayout(layout, [
    {
      ref: 'v1',
      image: {
        config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['node', 'server.js'], ExposedPorts: { '22/tcp': {} } },
        layers: [
          {
            createdBy: '/bin/sh -c #(nop) ADD file:6f0fb7ae in / ',
            entries: [
              { path: 'etc/os-release', content: OS_RELEASE },
              { path: 'var/lib/dpkg/status', content: DPKG_STATUS },
            ],
          },
          {
            createdBy: 'RUN /bin/sh -c npm ci --omit=dev # buildkit',
            entries: [{ path: 'app/node_modules/lodash/package.json', content: JSON.stringify({ name: 'lodash', version: '4.17.15', license: 'MIT' }) }],
          },
        ],
      },
    },
  ]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface ImageReport {
  target: { type: string; name: string; digest?: string; os?: string };
  findings: Array<{ ruleId: string; location: { file: string } }>;
  vulnerabilities: Array<{ id: string; package: { name: string; ecosystem: string; sourceName?: string }; locations: Array<{ file: string; layer?: { digest: string; createdBy?: string } }>; fixedVersions: string[]; suppressed?: { kind: string; reason: string } }>;
  errors: unknown[];
  summary: { packages: number };
}

async function image(args: string[]): Promise<{ code: number; report: ImageReport; stderr: string }> {
  const result = await runCli(['image', ...args, '--db', db, '--format', 'json'], { cwd: dir });
  try {
    return { code: result.code, report: JSON.parse(result.stdout) as ImageReport, stderr: result.stderr };
  } catch {
    throw new Error(`no JSON (exit ${result.code}): ${result.stderr}`);
  }
}

describe('rampart image', () => {
  it('scans an OCI layout: OS packages by source package and release, npm packages, each traced to its layer and instruction', async () => {
    const { code, report } = await image(['--input', 'layout']);
    expect(code).toBe(1);
    expect(report.errors).toEqual([]);
    expect(report.target).toEqual({ type: 'image', name: 'layout', digest: written.images[0]!.manifestDigest, os: 'debian 12', archive: true });
    expect(report.summary.packages).toBe(4);
    const byId = new Map(report.vulnerabilities.map((v) => [v.id, v]));
    expect([...byId.keys()].sort()).toEqual(['CVE-2020-8203', 'CVE-2021-23337', 'CVE-2023-44487', 'CVE-2023-45853']);
    expect(byId.get('CVE-2023-44487')).toMatchObject({
      package: { name: 'libnghttp2-14', ecosystem: 'Debian:12', sourceName: 'nghttp2' },
      fixedVersions: ['1.52.0-1+deb12u1'],
      locations: [{ file: 'var/lib/dpkg/status', layer: { digest: written.images[0]!.layerDigests[0], createdBy: 'ADD file:6f0fb7ae in /' } }],
    });
    expect(byId.get('CVE-2021-23337')!.locations).toEqual([
      { file: 'app/node_modules/lodash/package.json', layer: { digest: written.images[0]!.layerDigests[1], diffId: written.images[0]!.diffIds[1], createdBy: 'RUN npm ci --omit=dev' } },
    ]);
    expect(report.findings.map((f) => f.ruleId).sort()).toEqual(expect.arrayContaining(['image/expose-ssh', 'image/user-root']));
    expect(report.findings.every((f) => f.location.file === 'layout')).toBe(true);
  });

  it('--ignore-unfixed drops what no Debian release fixes yet, and VEX marks not_affected findings with the justification', async () => {
    const vex = {
      '@context': 'https://openvex.dev/ns/v0.2.0',
      '@id': 'https://example.com/vex/2024-001',
      author: 'Platform team',
      timestamp: '2024-05-01T00:00:00Z',
      version: 1,
      statements: [
        {
          vulnerability: { name: 'CVE-2023-44487' },
          products: [{ '@id': 'pkg:deb/debian/libnghttp2-14?arch=amd64' }],
          status: 'not_affected',
          justification: 'vulnerable_code_not_in_execute_path',
        },
      ],
    };
    await writeFile(join(dir, 'vex.json'), JSON.stringify(vex));
    const { report } = await image(['--input', 'layout', '--ignore-unfixed', '--vex', 'vex.json']);
    const ids = report.vulnerabilities.map((v) => v.id).sort();
    expect(ids).toEqual(['CVE-2020-8203', 'CVE-2021-23337', 'CVE-2023-44487']);
    const suppressed = report.vulnerabilities.find((v) => v.id === 'CVE-2023-44487')!.suppressed!;
    expect(suppressed.kind).toBe('vex');
    expect(suppressed.reason).toContain('vulnerable_code_not_in_execute_path');
  });

  it('reads the same image from a docker save tarball and an OCI archive made by skopeo', async () => {
    await run('skopeo', ['copy', '--quiet', `oci:${layout}:v1`, `docker-archive:${join(dir, 'app.tar')}:acme/app:v1`]);
    await run('skopeo', ['copy', '--quiet', `oci:${layout}:v1`, `oci-archive:${join(dir, 'app.oci.tar')}:v1`]);
    for (const input of ['app.tar', 'app.oci.tar']) {
      const { report } = await image(['--input', input, '--fail-on', 'never']);
      expect(report.vulnerabilities.map((v) => v.id).sort(), input).toEqual(['CVE-2020-8203', 'CVE-2021-23337', 'CVE-2023-44487', 'CVE-2023-45853']);
    }
  });

  it('reports an unreadable image as an input error with exit 3, and a missing database as an error too', async () => {
    await writeFile(join(dir, 'junk.tar'), 'not a tar at all');
    const junk = await image(['--input', 'junk.tar']);
    expect(junk.code).toBe(3);
    const missing = await runCli(['image', '--input', 'layout', '--db', join(dir, 'none.sqlite'), '--format', 'json'], { cwd: dir });
    expect(missing.code).toBe(3);
    const report = JSON.parse(missing.stdout) as { unchecked: Array<{ file: string; packages: number; reason: string }>; errors: Array<{ file: string; message: string }> };
    expect(report.unchecked.reduce((sum, u) => sum + u.packages, 0)).toBe(4);
    for (const { file } of report.unchecked) expect(report.errors).toContainEqual({ file, message: expect.stringMatching(/inventoried but not checked.*rampart db update/) });
  });

  it('writes SBOMs of the image that validate and read back for a later `scan --sbom`', async () => {
    const cyclonedx = await runCli(['sbom', '--input', 'layout', '-o', 'bom.json'], { cwd: dir });
    expect(cyclonedx.code, cyclonedx.stderr).toBe(0);
    const bom = JSON.parse(await readFile(join(dir, 'bom.json'), 'utf8')) as { specVersion: string; components: Array<{ purl?: string }> };
    expect(bom.specVersion).toBe('1.6');
    expect(bom.components.map((c) => c.purl)).toEqual(expect.arrayContaining(['pkg:npm/lodash@4.17.15']));

    const later = await runCli(['scan', '--sbom', 'bom.json', '--db', db, '--format', 'json'], { cwd: dir });
    const report = JSON.parse(later.stdout) as ImageReport;
    expect(report.target).toEqual({ type: 'sbom', name: 'bom.json' });
    expect(report.vulnerabilities.map((v) => v.id).sort()).toEqual(['CVE-2020-8203', 'CVE-2021-23337', 'CVE-2023-44487', 'CVE-2023-45853']);

    const spdx = await runCli(['sbom', '--input', 'layout', '--format', 'spdx'], { cwd: dir });
    const document = JSON.parse(spdx.stdout) as { spdxVersion: string; packages: unknown[] };
    expect(document.spdxVersion).toBe('SPDX-2.3');
    const schema = JSON.parse(await readFile(join(import.meta.dirname, '..', 'docs', 'report.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020.default({ strict: false }).compile(schema);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe('rampart image against a real registry', () => {
  let registry: RegistryServer;
  beforeAll(async () => {
    registry = await startRegistry();
    await run('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', `oci:${layout}:v1`, `docker://${registry.host}/acme/app:v1`]);
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('pulls by tag over the distribution API and finds the same vulnerabilities', async () => {
    const { report } = await image([`${registry.host}/acme/app:v1`, '--fail-on', 'never']);
    expect(report.errors).toEqual([]);
    expect(report.target.name).toBe(`${registry.host}/acme/app:v1`);
    expect(report.vulnerabilities.map((v) => v.id).sort()).toEqual(['CVE-2020-8203', 'CVE-2021-23337', 'CVE-2023-44487', 'CVE-2023-45853']);
  });

  it('reports a missing tag clearly with exit 3', async () => {
    const { code, report } = await image([`${registry.host}/acme/app:nope`]);
    expect(code).toBe(3);
    expect(JSON.stringify(report.errors)).toMatch(/not found/);
  });
});
