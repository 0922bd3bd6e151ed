// Matching throughput: builds (once, cached under the OS temp dir) a synthetic OSV database of 200,000 records across
// npm, PyPI, Go, Maven and Debian:12 with realistic ranges, then matches an inventory of 2,000 packages and prints the
// median of 7 runs. Run `npx tsc -p tsconfig.build.json` first, then `node bench/match.js [runs]`.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { crc32 } from 'node:zlib';
import { importOsv, openDatabase } from '../dist/checks/vulnerabilities/database/index.js';
import { matchPackages } from '../dist/checks/vulnerabilities/match/index.js';
import { median, seededRandom } from './support.js';

const RECORDS = 200_000;
const PACKAGES = 2_000;
const RUNS = Number(process.argv[2] ?? 7);
const NAMES_PER_ECOSYSTEM = 6_000;
const CACHE = join(tmpdir(), 'rampart-bench-match-v2');
const DB = join(CACHE, 'osv.db');

const { random, pick } = seededRandom(11);
const v = (major, r = random) => `${major}.${r(20)}.${r(30)}`;

const ECOSYSTEMS = {
  npm: { share: 0.3, name: (i) => (i % 7 === 0 ? `@scope${i % 50}/pkg-${i}` : `pkg-${i}`), type: 'SEMVER', version: (r = random) => v(r(6), r) },
  PyPI: { share: 0.2, name: (i) => `Py_Pkg.${i}`, type: 'ECOSYSTEM', version: (r = random) => `${r(6)}.${r(20)}${['', '.1', 'rc1', '.post1'][r(4)]}` },
  Go: { share: 0.15, name: (i) => (i === 0 ? 'stdlib' : `github.com/org${i % 300}/mod-${i}`), type: 'SEMVER', version: (r = random) => v(r(3), r) },
  Maven: { share: 0.15, name: (i) => `org.example${i % 200}:artifact-${i}`, type: 'ECOSYSTEM', version: (r = random) => `${v(r(6), r)}${['', '.Final', '-RC1'][r(3)]}` },
  'Debian:12': { share: 0.2, name: (i) => `src-${i}`, type: 'ECOSYSTEM', version: (r = random) => `${['', '1:'][r(2)]}${v(r(6), r)}-${r(9) + 1}${['', '+deb12u1', '+deb12u2'][r(3)]}` },
};

/** Realistic event shapes: open-ended from 0, one introduced/fixed pair, several pairs in one range, last_affected. */
function events(version) {
  const a = version();
  const b = version();
  const [low, high] = [a, b].sort((x, y) => (x < y ? -1 : 1));
  switch (random(5)) {
    case 0:
      return [{ introduced: '0' }, { fixed: high }];
    case 1:
      return [{ introduced: low }, { fixed: high }];
    case 2:
      return [{ introduced: '0' }, { fixed: low }, { introduced: high }, { fixed: version() }];
    case 3:
      return [{ introduced: low }, { last_affected: high }];
    default:
      return [{ introduced: '0' }];
  }
}

/**
 * A stored (uncompressed) zip of `[name, text]` entries: 200,000 small files took minutes to write, one archive per
 * ecosystem takes seconds. Under 65,535 entries each, so no zip64 fields are needed.
 */
function writeZip(path, entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [entryName, text] of entries) {
    const name = Buffer.from(entryName, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, directory, end]));
}

/** The cached database, unless it is missing or of another schema version (openDatabase refuses those). */
function cachedDatabaseOpens() {
  if (!existsSync(DB)) return false;
  try {
    openDatabase(DB).close();
    return true;
  } catch {
    return false;
  }
}

async function buildDatabase() {
  if (cachedDatabaseOpens()) return;
  const source = join(CACHE, 'records');
  rmSync(source, { recursive: true, force: true });
  mkdirSync(source, { recursive: true });
  const zips = [];
  let written = 0;
  for (const [ecosystem, spec] of Object.entries(ECOSYSTEMS)) {
    const count = Math.round(RECORDS * spec.share);
    const entries = [];
    for (let i = 0; i < count; i++) {
      const id = `${ecosystem === 'Debian:12' ? 'DEBIAN-CVE' : 'BENCH'}-${ecosystem.replace(':', '')}-${i}`;
      const cve = `CVE-${2000 + random(25)}-${10000 + written}`;
      const record = {
        id,
        modified: '2024-01-01T00:00:00Z',
        ...(ecosystem === 'Debian:12' ? { upstream: [cve] } : { aliases: [cve] }),
        summary: `synthetic advisory ${i}`,
        severity: random(3) === 0 ? [] : [{ type: 'CVSS_V3', score: pick(['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H']) }],
        affected: [{ package: { ecosystem, name: spec.name(random(NAMES_PER_ECOSYSTEM)) }, ranges: [{ type: spec.type, events: events(spec.version) }] }],
      };
      entries.push([`${id}.json`, JSON.stringify(record)]);
      written++;
    }
    const zip = join(source, `${ecosystem.replace(':', '-')}.zip`);
    writeZip(zip, entries);
    zips.push(zip);
  }
  const result = await importOsv(zips, DB);
  rmSync(source, { recursive: true, force: true });
  console.log(`built ${DB}: ${result.advisories} records`);
}

function inventory() {
  // Its own stream, so the inventory is the same whether or not the database was built in this process.
  const { random } = seededRandom(23);
  const entries = Object.entries(ECOSYSTEMS);
  return Array.from({ length: PACKAGES }, (_, i) => {
    const [ecosystem, spec] = entries[i % entries.length];
    const name = spec.name(random(NAMES_PER_ECOSYSTEM));
    const version = spec.version(random);
    const os = ecosystem === 'Debian:12';
    return {
      name: os ? `lib${name}` : name,
      version,
      ecosystem,
      purl: `pkg:generic/${encodeURIComponent(name)}@${encodeURIComponent(version)}`,
      ...(os ? { sourceName: name, sourceVersion: version } : {}),
      file: os ? 'var/lib/dpkg/status' : 'lockfile',
    };
  });
}

await buildDatabase();
const packages = inventory();
const times = [];
let findings = 0;
for (let run = 0; run < RUNS; run++) {
  // A fresh connection per run: the scanner opens the database once per scan.
  const db = openDatabase(DB);
  const started = performance.now();
  const result = matchPackages(db, packages);
  times.push(performance.now() - started);
  findings = result.findings.length;
  db.close();
}
console.log(`match ${PACKAGES} packages against ${RECORDS.toLocaleString('en')} records: ${findings} findings`);
console.log(`median of ${RUNS} runs: ${Math.round(median(times))} ms (runs: ${times.map((t) => Math.round(t)).join(', ')})`);
