// End-to-end image scan: a real Debian bookworm root file system (debootstrap, built once per machine and cached),
// packed as an OCI archive with umoci and skopeo, scanned by the CLI against a warm database holding advisories for
// every source package of the image. Needs root, debootstrap, umoci and skopeo (as CI installs them).
// Run `npx tsc -p tsconfig.build.json` first, then `node bench/image.js [runs]`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { importOsv } from '../dist/checks/vulnerabilities/database/index.js';
import { median, seededRandom } from './support.js';

const RUNS = Number(process.argv[2] ?? 5);
const CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'rampart-bench');
const ROOTFS = join(CACHE, 'rootfs-bookworm');
const LAYOUT = join(CACHE, 'oci-bookworm');
const ARCHIVE = join(CACHE, 'bookworm.oci.tar');
const DB = join(CACHE, 'bookworm-osv-v1.sqlite');

const run = (file, args, options = {}) => execFileSync(file, args, { stdio: ['ignore', 'ignore', 'inherit'], ...options });

if (!existsSync(join(ROOTFS, 'var/lib/dpkg/status'))) {
  console.error('debootstrap bookworm (about a minute, once per machine)...');
  mkdirSync(CACHE, { recursive: true });
  run('debootstrap', ['--variant=minbase', 'bookworm', ROOTFS, 'http://deb.debian.org/debian']);
  rmSync(join(ROOTFS, 'var/cache/apt/archives'), { recursive: true, force: true });
}

if (!existsSync(ARCHIVE)) {
  console.error('packing the root file system as an OCI archive...');
  rmSync(LAYOUT, { recursive: true, force: true });
  const bundle = join(CACHE, 'bundle');
  rmSync(bundle, { recursive: true, force: true });
  run('umoci', ['init', '--layout', LAYOUT]);
  run('umoci', ['new', '--image', `${LAYOUT}:bookworm`]);
  run('umoci', ['unpack', '--image', `${LAYOUT}:bookworm`, bundle]);
  run('cp', ['-a', `${ROOTFS}/.`, join(bundle, 'rootfs')]);
  run('umoci', ['repack', '--image', `${LAYOUT}:bookworm`, bundle]);
  run('umoci', ['config', '--image', `${LAYOUT}:bookworm`, '--config.cmd', '/bin/bash', '--config.user', '1000']);
  run('umoci', ['gc', '--layout', LAYOUT]);
  run('skopeo', ['copy', '--quiet', `oci:${LAYOUT}:bookworm`, `oci-archive:${ARCHIVE}:bookworm`]);
  rmSync(bundle, { recursive: true, force: true });
}

/** Source packages and versions of the image, from its dpkg status. */
function sourcePackages() {
  const status = readFileSync(join(ROOTFS, 'var/lib/dpkg/status'), 'utf8');
  const sources = new Map();
  for (const stanza of status.split(/\n\n+/)) {
    const field = (name) => new RegExp(`^${name}: (.*)$`, 'm').exec(stanza)?.[1];
    const name = field('Package');
    if (!name) continue;
    const [, source = name, sourceVersion] = /^(\S+)(?: \((.*)\))?$/.exec(field('Source') ?? name) ?? [];
    sources.set(source, sourceVersion ?? field('Version'));
  }
  return sources;
}

if (!existsSync(DB)) {
  console.error('building the warm database...');
  const dir = join(CACHE, 'osv-bookworm');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { random } = seededRandom(7);
  let n = 0;
  // About what the Debian feed holds per package: most advisories fixed long ago, some fixed in a point release
  // after the installed one, some unfixed.
  for (const [source, version] of sourcePackages()) {
    for (let i = 0; i < 40; i++) {
      const id = `DEBIAN-CVE-${2000 + random(25)}-${++n}`;
      const kind = random(10);
      const events = kind < 7 ? [{ introduced: '0' }, { fixed: '0.0.1-1' }] : kind < 9 ? [{ introduced: '0' }, { fixed: `${version}+deb12u9` }] : [{ introduced: '0' }];
      const record = {
        id,
        modified: '2025-01-01T00:00:00Z',
        upstream: [id.replace('DEBIAN-', '')],
        affected: [{ package: { ecosystem: 'Debian:12', name: source }, ranges: [{ type: 'ECOSYSTEM', events }] }],
        severity: kind === 9 ? [] : [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
      };
      writeFileSync(join(dir, `${id}.json`), JSON.stringify(record));
    }
  }
  await importOsv(dir, DB);
  rmSync(dir, { recursive: true, force: true });
}

const cli = join(import.meta.dirname, '..', 'bin', 'rampart.js');
const args = [cli, 'image', '--input', ARCHIVE, '--db', DB, '--format', 'json=/dev/null', '--fail-on', 'never'];
const times = [];
const rss = [];
for (let i = 0; i < RUNS; i++) {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { encoding: 'utf8' });
  times.push(performance.now() - started);
  if (result.status !== 0) throw new Error(`scan failed (${result.status}): ${result.stderr}`);
  rss.push(Number(result.stderr.trim().split('\n').at(-1)) / 1024);
}
const summary = JSON.parse(execFileSync(process.execPath, [cli, 'image', '--input', ARCHIVE, '--db', DB, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8', maxBuffer: 1 << 28 })).summary;
console.log(
  `image scan, bookworm OCI archive (${summary.packages} packages, ${Object.values(summary.vulnerabilities.bySeverity).reduce((a, b) => a + b, 0)} vulnerabilities): ` +
    `median ${median(times).toFixed(0)} ms over ${RUNS} runs, peak RSS ${Math.max(...rss).toFixed(0)} MiB`,
);
