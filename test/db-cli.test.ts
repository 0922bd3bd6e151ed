import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runDbCommand } from '../src/cli/db-command.js';
import type { CliIo } from '../src/cli/io.js';
import { fixtureZip, OSV_FIXTURES, startOsvMirror, type OsvMirror } from '../src/checks/vulnerabilities/database/testdata/osv-mirror.js';
import { runCli } from './helpers/cli.js';


let mirror: OsvMirror;
let dir: string;
let dbPath: string;

beforeAll(async () => {
  mirror = await startOsvMirror();
  mirror.put('/ecosystems.txt', 'Go\nPyPI\n');
  mirror.put('/Go/all.zip', fixtureZip('Go'));
  mirror.put('/PyPI/all.zip', fixtureZip('PyPI'));
});
afterAll(async () => {
  await mirror.close();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-db-cli-'));
  dbPath = join(dir, 'osv.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const db = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['db', ...args], { cwd: dir, env: { RAMPART_DB: dbPath, ...env } });

describe('rampart db', () => {
  it('update downloads, builds and summarises; a second run reports it up to date', async () => {
    const first = await db(['update', '--base-url', mirror.baseUrl]);
    expect(first.code).toBe(0);
    expect(first.stderr.split('\n')).toEqual([expect.stringMatching(/^Go: downloaded [\d.]+ (B|KiB)$/), expect.stringMatching(/^PyPI: downloaded [\d.]+ (B|KiB)$/), '']);
    const lines = first.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'Downloaded 2 of 2 ecosystems (the others were unchanged).',
      `Imported 3 advisories (Go 1, PyPI 2) into ${dbPath}.`,
      'Skipped 2 files or records: invalid-json 1, missing-id 1.',
    ]);
    expect(lines.slice(3)).toEqual([
      expect.stringMatching(/^ {2}\S+\.downloads\/PyPI-[0-9a-f]{8}\.zip!broken\.json: invalid-json \(.+\)$/),
      expect.stringMatching(/^ {2}\S+\.downloads\/PyPI-[0-9a-f]{8}\.zip!no-id\.json: missing-id \(\$\.id\)$/),
      '',
    ]);

    const second = await db(['update', '--base-url', `${mirror.baseUrl}/`]);
    expect(second).toMatchObject({ code: 0, stdout: `The vulnerability database at ${dbPath} is up to date: nothing changed upstream.\n` });
    expect(second.stderr).toBe('Go: not modified\nPyPI: not modified\n');
  });

  it('update fails with exit 3 and a clear message, keeping the database', async () => {
    expect((await db(['update', '--base-url', mirror.baseUrl, '-e', 'Go'])).code).toBe(0);
    const before = readFileSync(dbPath);
    const run = await db(['update', '--base-url', mirror.baseUrl, '-e', 'Go', '-e', 'Rust']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Rust: failed');
    expect(run.stderr).toMatch(/rampart: no ecosystem "Rust" at http:\/\/127\.0\.0\.1:\d+ \(.*\/Rust\/all\.zip answered 404\)/);
    expect(run.stderr).toContain(`1 of 2 downloads failed; the database at ${dbPath} was not changed`);
    expect(readFileSync(dbPath).equals(before)).toBe(true);

    const noList = await db(['update', '--base-url', `${mirror.baseUrl}/nowhere`]);
    expect(noList).toMatchObject({ code: 3, stderr: `rampart: ${mirror.baseUrl}/nowhere/ecosystems.txt: not found (HTTP 404)\n` });
  });

  it('import reads a directory and reports skipped records by reason', async () => {
    const run = await db(['import', OSV_FIXTURES, '--db', 'custom.sqlite']);
    expect(run.code).toBe(0);
    const custom = join(dir, 'custom.sqlite');
    expect(run.stdout.split('\n')).toEqual(
      [
        `Imported 3 advisories (Go 1, PyPI 2) into ${custom}.`,
        'Skipped 2 files or records: invalid-json 1, missing-id 1.',
        expect.stringMatching(new RegExp(`^  ${join(OSV_FIXTURES, 'PyPI/broken.json')}: invalid-json \\(.+\\)$`)),
        `  ${join(OSV_FIXTURES, 'PyPI/no-id.json')}: missing-id ($.id)`,
        '',
      ],
    );
    expect(existsSync(custom)).toBe(true);
    expect(existsSync(dbPath)).toBe(false);
  });

  it('import reads OSV YAML records, and fails with exit 3 saying why when nothing is importable', async () => {
    const advisories = join(dir, 'advisories');
    mkdirSync(join(advisories, 'requests'), { recursive: true });
    writeFileSync(
      join(advisories, 'requests', 'PYSEC-2023-74.yaml'),
      'id: PYSEC-2023-74\nmodified: 2023-06-01T00:00:00Z\naffected:\n  - package:\n      name: requests\n      ecosystem: PyPI\n    ranges:\n      - type: ECOSYSTEM\n        events:\n          - introduced: "2.3.0"\n          - fixed: "2.31.0"\n',
    );
    writeFileSync(join(advisories, 'README.md'), '# advisories\n');
    const yaml = await db(['import', advisories]);
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).toContain(`Imported 1 advisories (PyPI 1) into ${dbPath}.`);
    expect(yaml.stdout).toContain('Skipped 1 file or record: not-osv-file 1.');

    const empty = join(dir, 'docs');
    mkdirSync(empty);
    writeFileSync(join(empty, 'notes.txt'), 'nothing here');
    writeFileSync(join(empty, 'bad.yaml'), 'id: [unclosed\n');
    const nothing = await db(['import', empty, '--db', 'other.sqlite']);
    expect(nothing.code).toBe(3);
    expect(nothing.stdout).toContain('Skipped 2 files or records: invalid-yaml 1, not-osv-file 1.');
    expect(nothing.stderr).toContain('nothing importable in');
  });

  it('status prints path, age, counts and source, as a table or JSON', async () => {
    await db(['import', OSV_FIXTURES]);
    const table = await db(['status']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`^Database {4}${dbPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\nImported {4}\\S+Z \\(0 minutes ago\\)\nStatus {6}fresh\nSource {6}imported from ${OSV_FIXTURES}\nAdvisories  3\n  Go {8}1\n  PyPI {6}2\n$`));
    const json = await db(['status', '--format', 'json']);
    const report = JSON.parse(json.stdout);
    expect(report).toEqual({
      path: dbPath,
      importedAt: expect.any(String),
      ageSeconds: expect.any(Number),
      advisories: 3,
      perEcosystem: { Go: 1, PyPI: 2 },
      source: { kind: 'import', paths: [OSV_FIXTURES] },
      maxAgeSeconds: 604_800,
      stale: false,
    });
    expect(json.stderr).toBe('');
  });

  it('status warns STALE past --max-age (injected clock)', async () => {
    await db(['import', OSV_FIXTURES]);
    let stdout = '';
    let stderr = '';
    const io: CliIo = { cwd: dir, env: { RAMPART_DB: dbPath }, isTTY: false, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => '' };
    const importedAt = JSON.parse((await db(['status', '--format', 'json'])).stdout).importedAt as string;
    const later = () => new Date(Date.parse(importedAt) + 4 * 86_400_000);
    expect(await runDbCommand({ 'max-age': '3d', format: 'json' }, ['status'], io, later)).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ stale: true, ageSeconds: 4 * 86_400, maxAgeSeconds: 3 * 86_400 });
    expect(stderr).toBe(`rampart: warning: STALE: the vulnerability database at ${dbPath} is 4 days old (imported ${importedAt}): run \`rampart db update\` for recent advisories\n`);
    stdout = '';
    await runDbCommand({}, ['status'], io, later);
    expect(stdout).toContain('Status      fresh');
    await runDbCommand({ 'max-age': '1d' }, ['status'], io, later);
    expect(stdout).toContain('Status      STALE: older than 1 day');
  });

  it('update draws a progress bar on a terminal and clears it', async () => {
    let stdout = '';
    let stderr = '';
    const io: CliIo = { cwd: dir, env: { RAMPART_DB: dbPath }, isTTY: true, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => '' };
    expect(await runDbCommand({ 'base-url': mirror.baseUrl, ecosystem: ['Go'] }, ['update'], io)).toBe(0);
    const size = fixtureZip('Go').length;
    expect(stderr).toContain(`\r\x1b[Krampart: Go [${'#'.repeat(30)}] 100% ${size} B / ${size} B, `);
    expect(stderr).toMatch(/\r(\x1b\[K)?rampart: importing: 1 records read, 0 skipped, \d+\.\d s/);
    expect(stderr).toContain('\r\x1b[KGo: downloaded');
    expect(stderr.endsWith('\r\x1b[K')).toBe(true);
    expect(stdout).toContain('Imported 1 advisories (Go 1)');
  });

  it('status explains a missing database with exit 3', async () => {
    const run = await db(['status']);
    expect(run).toEqual({ code: 3, stdout: '', stderr: `rampart: no vulnerability database at ${dbPath}: run \`rampart db update\` (or \`rampart db import\` offline)\n` });
  });

  it('rejects bad usage with exit 2', async () => {
    for (const args of [[], ['frob'], ['status', '--force'], ['update', '--format', 'json'], ['status', '--format', 'yaml'], ['status', '--max-age', '3y'], ['import'], ['status', 'extra'], ['update', '--bogus']]) {
      const run = await db(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^rampart: /);
    }
  });

  it('documents the options, http mirrors included', async () => {
    const help = await db(['--help']);
    expect(help.stdout).toContain('--base-url URL');
    expect(help.stdout).toContain('http:// is accepted for mirrors inside an air gap');
    expect(help.stdout).toContain('osv/osv.sqlite in --cache-dir');
    expect(help.stdout).toContain('Default: $XDG_CACHE_HOME/rampart, else ~/.cache/rampart.');
  });
});
