// Re-match throughput of the server: 10,000 stored image inventories of 300 packages each (3 million package entries)
// re-matched against a vulnerability database to which advisories were just added, with the per-image diff against
// the previous match. Package names and versions are real: npm from this repository's package-lock.json, Go modules
// from scripts/testenv/go.sum, Debian packages (with their source packages) from the bookworm dpkg status fixture and
// this machine's /var/lib/dpkg/status when there is one, and lists of real PyPI and Alpine 3.20 releases below. Each is
// also present in three older versions derived by lowering its last number, as in a registry's history (derived, so
// not all of them were ever released). The database holds generated advisories for those names with ranges around
// their versions. Checks that the diff lists exactly the added advisories in exactly the images holding their
// packages, and prints the median of 3 runs, wall and CPU time. REMATCH_IMAGES=N runs a smaller set.
// Build first without touching dist/: `npx tsc -p tsconfig.build.json --outDir /tmp/x-dist`, then
// `RAMPART_DIST=/tmp/x-dist node bench/rematch.js [runs]` (RAMPART_DIST defaults to ../dist).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { median, seededRandom } from './support.js';

const DIST = resolve(process.env.RAMPART_DIST ?? new URL('../dist', import.meta.url).pathname);
const { importOsv, openDatabase } = await import(pathToFileURL(join(DIST, 'checks/vulnerabilities/database/index.js')).href);
const { rematchInventories, recordedMatch } = await import(pathToFileURL(join(DIST, 'services/server/rematch/index.js')).href);

const IMAGES = 10_000;
const PACKAGES_PER_IMAGE = 300;
const OS_PACKAGES = 120;
const RUNS = Number(process.argv[2] ?? 3);
const ADDED = 40;
const ROOT = new URL('..', import.meta.url).pathname;
const { random, pick } = seededRandom(17);
const IMAGE_COUNT = Number(process.env.REMATCH_IMAGES ?? IMAGES);

// Real releases (name, version) where the repository holds no fixture.
const PYPI = `requests 2.31.0|urllib3 2.0.7|certifi 2023.7.22|charset-normalizer 3.3.2|idna 3.4|Django 4.2.7|Flask 3.0.0|Werkzeug 3.0.1|Jinja2 3.1.2|MarkupSafe 2.1.3|
click 8.1.7|itsdangerous 2.1.2|SQLAlchemy 2.0.23|psycopg2-binary 2.9.9|gunicorn 21.2.0|uvicorn 0.24.0|fastapi 0.104.1|pydantic 2.5.1|pydantic-core 2.14.3|
starlette 0.27.0|anyio 3.7.1|sniffio 1.3.0|h11 0.14.0|typing-extensions 4.8.0|numpy 1.26.2|pandas 2.1.3|python-dateutil 2.8.2|pytz 2023.3|six 1.16.0|
PyYAML 6.0.1|cryptography 41.0.5|cffi 1.16.0|pycparser 2.21|boto3 1.29.0|botocore 1.32.0|s3transfer 0.7.0|jmespath 1.0.1|redis 5.0.1|celery 5.3.5|
kombu 5.3.4|billiard 4.2.0|vine 5.1.0|amqp 5.2.0|Pillow 10.1.0|lxml 4.9.3|protobuf 4.25.1|grpcio 1.59.3|aiohttp 3.9.0|yarl 1.9.3|multidict 6.0.4|
frozenlist 1.4.0|attrs 23.1.0|setuptools 68.2.2|pip 23.3.1|wheel 0.41.3|Pygments 2.16.1|rich 13.7.0|packaging 23.2|tqdm 4.66.1|paramiko 3.3.1`;
const ALPINE = `musl 1.2.5-r0|busybox 1.36.1-r29|openssl 3.3.1-r0|zlib 1.3.1-r1|apk-tools 2.14.4-r0|ca-certificates 20240226-r0|libc-utils 0.7.2-r5|
alpine-baselayout 3.6.5-r0|alpine-keys 2.4-r1|ssl_client 1.36.1-r29|scanelf 1.3.7-r2|musl-utils 1.2.5-r0|libcrypto3 3.3.1-r0|libssl3 3.3.1-r0|
curl 8.8.0-r0|libcurl 8.8.0-r0|nghttp2-libs 1.62.1-r0|brotli-libs 1.1.0-r2|c-ares 1.28.1-r0|libidn2 2.3.7-r0|libunistring 1.2-r0|libpsl 0.21.5-r1|
zstd-libs 1.5.6-r0|xz-libs 5.6.1-r3|libffi 3.4.6-r0|ncurses-libs 6.4_p20240420-r0|readline 8.2.10-r0|sqlite-libs 3.45.3-r1|expat 2.6.2-r0|
libbz2 1.0.8-r6|gdbm 1.23-r1|libuuid 2.40.1-r1|libblkid 2.40.1-r1|python3 3.12.3-r1|nodejs 20.15.1-r0|libstdc++ 13.2.1_git20240309-r0|
libgcc 13.2.1_git20240309-r0|pcre2 10.43-r0|git 2.45.2-r0|openssh-client-default 9.7_p1-r4|tzdata 2024a-r1|libxml2 2.12.7-r0`;

const pairs = (text) =>
  text
    .split('|')
    .map((entry) => entry.trim().split(' '))
    .filter((entry) => entry.length === 2);

function dpkgPackages(path) {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split(/\n\n+/)
    .flatMap((stanza) => {
      const field = (name) => new RegExp(`^${name}: (.+)$`, 'm').exec(stanza)?.[1]?.trim();
      const name = field('Package');
      const version = field('Version');
      if (!name || !version || !/^install ok installed/.test(field('Status') ?? '')) return [];
      const source = /^(\S+)(?: \((.+)\))?$/.exec(field('Source') ?? name);
      return [{ name, version, sourceName: source[1], sourceVersion: source[2] ?? version }];
    });
}

function realPackages() {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  const npm = Object.entries(lock.packages ?? {})
    .filter(([path, entry]) => path.startsWith('node_modules/') && typeof entry.version === 'string')
    .map(([path, entry]) => ({ name: path.slice(path.lastIndexOf('node_modules/') + 13), version: entry.version }));
  const go = readFileSync(join(ROOT, 'scripts/testenv/go.sum'), 'utf8')
    .split('\n')
    .map((line) => line.split(' '))
    .filter(([module, version]) => module && version && !version.endsWith('/go.mod'))
    .map(([name, version]) => ({ name, version: version.replace(/^v/, '') }));
  const debian = new Map();
  for (const path of [join(ROOT, 'src/checks/vulnerabilities/inventory/os/testdata/bookworm-status'), '/var/lib/dpkg/status'])
    for (const pkg of dpkgPackages(path)) debian.set(`${pkg.name}@${pkg.version}`, pkg);
  const unique = (list) => [...new Map(list.map((p) => [`${p.name}@${p.version}`, p])).values()];
  return {
    npm: unique(npm),
    Go: unique(go),
    PyPI: pairs(PYPI).map(([name, version]) => ({ name, version })),
    'Debian:12': [...debian.values()],
    'Alpine:v3.20': pairs(ALPINE).map(([name, version]) => ({ name, version, sourceName: name, sourceVersion: version })),
  };
}

/** The version `steps` releases back, by lowering the last number that can be lowered: 4.17.21 -> 4.17.20, 3.3.1-r0 -> 3.3.0-r0. */
function older(version, steps = 1) {
  let runs = [...version.matchAll(/\d+/g)];
  let result = version;
  for (let i = runs.length - 1; i >= 0 && steps > 0; i--) {
    const value = Number(runs[i][0]);
    if (value === 0 || runs[i][0].length > 6) continue;
    const lowered = String(Math.max(0, value - steps));
    result = result.slice(0, runs[i].index) + lowered + result.slice(runs[i].index + runs[i][0].length);
    steps = 0;
  }
  return result;
}

const purlType = { npm: 'npm', Go: 'golang', PyPI: 'pypi', 'Debian:12': 'deb', 'Alpine:v3.20': 'apk' };
const osFile = { 'Debian:12': 'var/lib/dpkg/status', 'Alpine:v3.20': 'lib/apk/db/installed' };
const appFile = { npm: 'app/package-lock.json', Go: 'usr/local/bin/server', PyPI: 'usr/lib/python3.11/site-packages' };

/** Per ecosystem, every name in its real version and three older ones: what a registry's history holds. */
function packagePool(real) {
  const pool = {};
  for (const [ecosystem, list] of Object.entries(real)) {
    pool[ecosystem] = list.map((pkg) =>
      [0, 1, 2, 3].map((steps) => {
        const version = older(pkg.version, steps);
        const sourceVersion = pkg.sourceVersion === undefined ? undefined : older(pkg.sourceVersion, steps);
        return {
          name: pkg.name,
          version,
          ecosystem,
          purl: `pkg:${purlType[ecosystem]}/${encodeURIComponent(pkg.name)}@${encodeURIComponent(version)}`,
          ...(pkg.sourceName ? { sourceName: pkg.sourceName, sourceVersion } : {}),
          file: osFile[ecosystem] ?? appFile[ecosystem],
        };
      }),
    );
  }
  return pool;
}

/**
 * 10,000 images: 500 applications (each an OS base and an application stack) with 20 builds each; later builds carry
 * newer versions. Generated lazily, fresh objects per image, as a store deserializing its rows would hand them over.
 */
function imageSpecs(pool) {
  const apps = Array.from({ length: 500 }, () => {
    const os = random(10) < 7 ? 'Debian:12' : 'Alpine:v3.20';
    const stack = pick(['npm', 'npm', 'PyPI', 'Go']);
    const osNames = Array.from({ length: OS_PACKAGES }, () => random(pool[os].length));
    const appNames = Array.from({ length: PACKAGES_PER_IMAGE - OS_PACKAGES }, () => random(pool[stack].length));
    return { os, stack, osNames, appNames, seed: random(1_000_000) };
  });
  return Array.from({ length: IMAGE_COUNT }, (_, i) => ({ app: apps[i % apps.length], build: Math.floor(i / apps.length) }));
}

function* storedImages(pool, specs, previous) {
  for (let i = 0; i < specs.length; i++) {
    const { app, build } = specs[i];
    const age = (n) => Math.max(0, 3 - Math.floor((build + ((n * 7 + app.seed) % 5)) / 5));
    const packages = [
      ...app.osNames.map((n, k) => ({ ...pool[app.os][n][age(n + k)] })),
      ...app.appNames.map((n, k) => ({ ...pool[app.stack][n][age(n + k)] })),
    ];
    yield { digest: `sha256:${i.toString(16).padStart(64, '0')}`, packages, previous: previous[i] ?? [] };
  }
}

const RANGES = ['fixedAtReal', 'fixedAbove', 'oldOnly', 'unfixed'];
function advisory(id, ecosystem, pkg, shape, extra = {}, r = random) {
  const name = pkg.sourceName ?? pkg.name;
  const version = pkg.sourceVersion ?? pkg.version;
  const type = ecosystem === 'npm' || ecosystem === 'Go' ? 'SEMVER' : 'ECOSYSTEM';
  const events = {
    fixedAtReal: [{ introduced: '0' }, { fixed: version }],
    fixedAbove: [{ introduced: '0' }, { fixed: `${version}.1` }].map((e) => (e.fixed && type === 'SEMVER' ? { fixed: older(version, -1) } : e)),
    oldOnly: [{ introduced: '0' }, { fixed: older(version, 2) }],
    unfixed: [{ introduced: '0' }],
  }[shape];
  const distro = ecosystem.startsWith('Debian') || ecosystem.startsWith('Alpine');
  const cve = `CVE-${2015 + r(10)}-${100000 + r(900000)}`;
  return {
    id,
    modified: '2025-01-01T00:00:00Z',
    ...(distro ? { upstream: [cve] } : { aliases: [cve] }),
    summary: `advisory for ${name}`,
    severity: r(4) === 0 ? [] : [{ type: 'CVSS_V3', score: ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H', 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:L/I:N/A:N'][r(3)] }],
    affected: [{ package: { ecosystem, name }, ranges: [{ type, events }] }],
    ...extra,
  };
}

async function buildDatabase(dir, real, added) {
  const records = join(dir, 'records');
  rmSync(records, { recursive: true, force: true });
  mkdirSync(records, { recursive: true });
  const { random: r } = seededRandom(5);
  let n = 0;
  for (const [ecosystem, list] of Object.entries(real))
    for (const pkg of list) {
      // About one name in four has advisories, a few of them several: a hundred or so findings per image.
      const count = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2][r(11)];
      for (let k = 0; k < count; k++) {
        const id = `BENCH-${++n}`;
        writeFileSync(join(records, `${id}.json`), JSON.stringify(advisory(id, ecosystem, pkg, RANGES[r(RANGES.length)], {}, r)));
      }
    }
  for (const record of added) writeFileSync(join(records, `${record.id}.json`), JSON.stringify(record));
  const db = join(dir, `osv-${added.length}.db`);
  const result = await importOsv(records, db);
  return { path: db, advisories: result.advisories };
}

/** One re-match of every image; `check` sees each result as the store would, and nothing is kept. */
async function rematchAll(db, pool, specs, previous, check) {
  let findings = 0;
  let distinct = 0;
  let i = 0;
  for await (const result of rematchInventories(db, storedImages(pool, specs, previous), { onBatch: (p) => (distinct = p.distinctPackages) })) {
    findings += result.findings.length;
    check(result, i++);
  }
  return { findings, distinct };
}

const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-rematch-'));
try {
  const real = realPackages();
  const pool = packagePool(real);
  const specs = imageSpecs(pool);
  console.log(`real packages: ${Object.entries(real).map(([e, l]) => `${e} ${l.length}`).join(', ')}`);

  // The advisories a database update brings: unfixed ones on names some images hold, in every ecosystem.
  const newOnes = [];
  for (const [ecosystem, list] of Object.entries(real))
    for (let k = 0; k < ADDED / 5; k++) {
      const pkg = list[random(list.length)];
      newOnes.push({ ecosystem, pkg, record: advisory(`NEW-${ecosystem.replace(/[:.]/g, '')}-${k}`, ecosystem, pkg, 'unfixed', { aliases: [], upstream: [] }) });
    }
  const before = await buildDatabase(dir, real, []);
  const after = await buildDatabase(dir, real, newOnes.map((n) => n.record));
  console.log(`databases: ${before.advisories} advisories, then ${after.advisories}`);

  let db = openDatabase(before.path);
  const previous = [];
  await rematchAll(db, pool, specs, [], (result, i) => (previous[i] = result.findings.map(recordedMatch)));
  db.close();

  // The diff must list exactly the added advisories, in exactly the images that hold their packages.
  const expectedOf = (i) => {
    const names = new Set([...storedImages(pool, [specs[i]], [])][0].packages.map((p) => `${p.ecosystem}\0${p.sourceName ?? p.name}`));
    return new Set(newOnes.filter((n) => names.has(`${n.ecosystem}\0${n.pkg.sourceName ?? n.pkg.name}`)).map((n) => n.record.id));
  };
  const times = [];
  // CPU time too: on a shared machine the wall time says as much about the neighbours as about the re-match.
  const cpuTimes = [];
  let last;
  let mismatches = 0;
  let added = 0;
  for (let run = 0; run < RUNS; run++) {
    db = openDatabase(after.path);
    const verify = run === RUNS - 1;
    let checking = 0;
    let checkingCpu = 0;
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    last = await rematchAll(db, pool, specs, previous, (result, i) => {
      if (!verify) return;
      const checkStarted = performance.now();
      const checkCpu = process.cpuUsage();
      const expected = expectedOf(i);
      const got = new Set(result.diff.added.map((f) => f.id));
      added += result.diff.added.length;
      const other = result.diff.gone.length + result.diff.fixAvailable.length + result.diff.severityChanged.length;
      // Binaries built from one source each report the source's advisory, so ids repeat; the sets must be equal.
      if (other > 0 || [...expected].some((id) => !got.has(id)) || got.size !== expected.size) mismatches++;
      checking += performance.now() - checkStarted;
      const used = process.cpuUsage(checkCpu);
      checkingCpu += (used.user + used.system) / 1000;
    });
    // The check regenerates each image; its cost is the benchmark's, not the re-match's.
    const elapsed = performance.now() - started - checking;
    const cpu = process.cpuUsage(cpuStarted);
    times.push(elapsed);
    cpuTimes.push((cpu.user + cpu.system) / 1000 - checkingCpu);
    db.close();
  }
  console.log(
    `re-match ${IMAGE_COUNT.toLocaleString('en')} images x ${PACKAGES_PER_IMAGE} packages (${(IMAGE_COUNT * PACKAGES_PER_IMAGE).toLocaleString('en')} entries, ` +
      `${last.distinct.toLocaleString('en')} distinct): ${last.findings.toLocaleString('en')} findings, ${added.toLocaleString('en')} added in the diff, ` +
      `${mismatches} images whose diff is not exactly the added advisories`,
  );
  const seconds = (list) => list.map((t) => (t / 1000).toFixed(1)).join(', ');
  console.log(`median of ${RUNS} runs: ${(median(times) / 1000).toFixed(1)} s (runs: ${seconds(times)} s)`);
  console.log(`CPU time, median: ${(median(cpuTimes) / 1000).toFixed(1)} s (runs: ${seconds(cpuTimes)} s)`);
  if (mismatches > 0) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
