import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOsv } from '../src/checks/vulnerabilities/database/index.js';
import { runCli } from './helpers/cli.js';

/**
 * Rampart's own image, as CI builds it: scripts/build-image.sh (buildah, no daemon, local Debian bases) writes an OCI
 * archive, which `rampart image` scans and `rampart sbom` inventories; the image then runs, without a shell, as its
 * numeric user. Needs root, debootstrap, umoci, skopeo and buildah (.ci/run installs them). The bases are built
 * once per machine and cached (~/.cache/rampart-tools/image-base-trixie).
 */

const run = promisify(execFile);
const repo = fileURLToPath(new URL('..', import.meta.url));
const TAG = 'ghcr.io/rampart-dev/rampart:test';
let dir: string;
let archive: string;
let rootfs: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-image-build-'));
  archive = join(dir, 'rampart.oci.tar');
  await run('bash', ['scripts/build-image.sh', archive, TAG], { cwd: repo, timeout: 40 * 60_000, maxBuffer: 64 * 1024 * 1024 });
  // The image's file system, to run it as a container runtime would: its entrypoint, its user, nothing else.
  await run('skopeo', ['copy', '--quiet', `oci-archive:${archive}:${TAG}`, `oci:${join(dir, 'layout')}:test`]);
  await run('umoci', ['unpack', '--image', `${join(dir, 'layout')}:test`, join(dir, 'bundle')]);
  rootfs = join(dir, 'bundle', 'rootfs');
}, 45 * 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface ImageReport {
  target: { type: string; os?: string };
  findings: Array<{ ruleId: string; severity: string; message: string }>;
  vulnerabilities: Array<{ id: string; severity: string; package: { name: string; ecosystem: string } }>;
  errors: unknown[];
  summary: { packages: number };
}

async function scanImage(db: string): Promise<{ code: number; report: ImageReport }> {
  const result = await runCli(['image', '--input', archive, '--db', db, '--fail-on', 'high', '--format', 'json'], { cwd: dir });
  try {
    return { code: result.code, report: JSON.parse(result.stdout) as ImageReport };
  } catch {
    throw new Error(`rampart image printed no JSON (exit ${result.code}): ${result.stderr}`);
  }
}

/** Runs a command inside the image's file system as its user (10001), with the image's HOME and no other variable. */
async function inImage(args: string[], stdin?: string): Promise<{ stdout: string }> {
  const child = run('/usr/sbin/chroot', ['--userspec=10001:10001', rootfs, ...args], { env: { HOME: '/tmp' }, maxBuffer: 16 * 1024 * 1024 });
  if (stdin !== undefined) {
    child.child.stdin?.end(stdin);
  }
  return child;
}

describe("Rampart's own image", () => {
  it('has no finding at or above high with the advisories at hand, and one low image configuration finding', async () => {
    const db = join(dir, 'fixtures.sqlite');
    await importOsv(join(repo, 'test', 'fixtures', 'osv'), db);
    const { code, report } = await scanImage(db);
    expect(report.errors).toEqual([]);
    expect(report.target).toMatchObject({ type: 'image', os: 'debian 13' });
    // An OCI image config has no Healthcheck field: the Dockerfile's HEALTHCHECK NONE cannot be recorded in it.
    expect(report.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['image/healthcheck-missing low']);
    expect(report.vulnerabilities.filter((v) => ['high', 'critical'].includes(v.severity))).toEqual([]);
    expect(code).toBe(0);
  });

  it('is inventoried whole: an advisory for its Debian nodejs and one for its better-sqlite3 are both found', async () => {
    const advisories = join(dir, 'controls');
    await mkdir(advisories, { recursive: true });
    const advisory = (id: string, ecosystem: string, name: string) => ({
      id,
      modified: '2026-01-01T00:00:00Z',
      summary: `control advisory for ${name}`,
      affected: [{ package: { ecosystem, name }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }],
      schema_version: '1.6.0',
    });
    await writeFile(join(advisories, 'CONTROL-DEB.json'), JSON.stringify(advisory('CONTROL-DEB', 'Debian:13', 'nodejs')));
    await writeFile(join(advisories, 'CONTROL-NPM.json'), JSON.stringify(advisory('CONTROL-NPM', 'npm', 'better-sqlite3')));
    const db = join(dir, 'controls.sqlite');
    await importOsv(advisories, db);
    const { report } = await scanImage(db);
    // Debian advisories name source packages: nodejs also builds libnode115.
    expect(report.vulnerabilities.map((v) => `${v.id} ${v.package.ecosystem} ${v.package.name}`).sort()).toEqual([
      'CONTROL-DEB Debian:13 libnode115',
      'CONTROL-DEB Debian:13 nodejs',
      'CONTROL-NPM npm better-sqlite3',
    ]);
  });

  it('ships production dependencies and the Node.js runtime only: no shell, no package manager, no dev tooling (SBOM)', async () => {
    const sbomPath = join(dir, 'rampart.cdx.json');
    const result = await runCli(['sbom', '--input', archive, '-o', sbomPath], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const sbom = JSON.parse(await readFile(sbomPath, 'utf8')) as { bomFormat: string; components: Array<{ name: string; purl?: string }> };
    expect(sbom.bomFormat).toBe('CycloneDX');
    const purls = sbom.components.map((c) => c.purl ?? '');
    const has = (prefix: string) => purls.some((purl) => purl.startsWith(prefix));
    for (const present of ['pkg:npm/better-sqlite3@', 'pkg:npm/yaml@', 'pkg:npm/fastify@', 'pkg:deb/debian/nodejs@', 'pkg:deb/debian/libc6@']) expect(has(present), present).toBe(true);
    for (const absent of ['pkg:npm/vitest@', 'pkg:npm/typescript@', 'pkg:npm/rolldown@', 'pkg:deb/debian/bash@', 'pkg:deb/debian/dash@', 'pkg:deb/debian/coreutils@', 'pkg:deb/debian/apt@', 'pkg:deb/debian/perl-base@']) {
      expect(has(absent), absent).toBe(false);
    }
    for (const shell of ['bin/sh', 'bin/bash', 'bin/dash', 'usr/bin/sh', 'usr/bin/bash']) expect(existsSync(join(rootfs, shell)), shell).toBe(false);
  });

  it('runs as its numeric user from its entrypoint: a scan, from the bundle, and the native SQLite module', async () => {
    const config = JSON.parse(await readFile(join(dir, 'bundle', 'config.json'), 'utf8')) as { process: { user: { uid: number; gid: number }; args: string[] } };
    expect(config.process.user).toMatchObject({ uid: 10001, gid: 10001 });
    expect(config.process.args.slice(0, 2)).toEqual(['/nodejs/bin/node', '/app/bin/rampart.js']);
    expect(existsSync(join(rootfs, 'app', 'dist', 'bundle', 'rampart.mjs'))).toBe(true);

    const version = await inImage(['/nodejs/bin/node', '/app/bin/rampart.js', '--version']);
    const packageVersion = (JSON.parse(await readFile(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
    expect(version.stdout.trim()).toBe(packageVersion);
    const scan = await inImage(['/nodejs/bin/node', '/app/bin/rampart.js', 'scan', '-', '--format', 'json', '--fail-on', 'never'], 'FROM debian:12\nRUN apt-get install curl\n');
    const report = JSON.parse(scan.stdout) as { findings: Array<{ ruleId: string }> };
    expect(report.findings.map((f) => f.ruleId)).toContain('docker/user-root');
    const sqlite = await inImage(['/nodejs/bin/node', '-e', "const D = require('/app/node_modules/better-sqlite3'); console.log(new D(':memory:').prepare('select 6 * 7 as x').get().x)"]);
    expect(sqlite.stdout.trim()).toBe('42');
  });
});
