import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gosecLog } from '../../parsers/sarif/testing/samples.js';
import { importedRuleId, importSarif, toolSlug } from './imported.js';

const dir = mkdtempSync(join(tmpdir(), 'rampart-imported-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const policy = { exemptions: [], ignoreEntries: [], strict: false };

async function importLog(name: string, log: object) {
  writeFileSync(join(dir, name), JSON.stringify(log));
  return (await importSarif({ files: [{ path: join(dir, name), display: name }], cwd: dir, policy, now: new Date() })).report;
}

describe('imported rule IDs', () => {
  it('are imported/<tool slug>/<the tool\'s rule ID>', () => {
    expect(toolSlug('Semgrep OSS')).toBe('semgrep-oss');
    expect(toolSlug('  ')).toBe('tool');
    expect(importedRuleId('CodeQL', 'js/sql-injection')).toBe('imported/codeql/js/sql-injection');
  });
});

describe('importSarif', () => {
  it('names files inside the checkout relative to it, and keeps paths outside it absolute', async () => {
    const inside = gosecLog([{ file: 'cmd/main.go', line: 3 }], dir);
    const outside = gosecLog([{ file: 'main.go', line: 4 }], '/elsewhere/src');
    const report = await importLog('gosec.sarif', { ...inside, runs: [...(inside as { runs: unknown[] }).runs, ...(outside as { runs: unknown[] }).runs] });
    expect(report.findings.map((f) => f.location.file).sort()).toEqual(['/elsewhere/src/main.go', 'cmd/main.go']);
    expect(report.rules.map((r) => [r.id, r.target, r.severity])).toEqual([['imported/gosec/G101', 'imported', 'high']]);
  });

  it('gives repeated results without tool fingerprints distinct, line-independent fingerprints', async () => {
    const log = (lines: number[]) => ({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: lines.map((startLine) => ({ ruleId: 'R', message: { text: 'same' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.js' }, region: { startLine } } }] })) }] });
    const before = await importLog('a.sarif', log([3, 9]));
    const after = await importLog('b.sarif', log([13, 19]));
    expect(new Set(before.findings.map((f) => f.fingerprint)).size).toBe(2);
    expect(after.findings.map((f) => f.fingerprint)).toEqual(before.findings.map((f) => f.fingerprint));
  });

  it('a result with no location is reported at the log itself', async () => {
    const report = await importLog('nowhere.sarif', { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'R', level: 'note', message: { text: 'm' } }] }] });
    expect(report.findings.map((f) => [f.location.file, f.location.startLine, f.severity])).toEqual([['nowhere.sarif', 1, 'low']]);
  });

  it('a log that is not UTF-8, or not a regular file, is an error naming it', async () => {
    writeFileSync(join(dir, 'latin1.sarif'), Buffer.from([0x7b, 0xe9, 0x7d]));
    const report = (await importSarif({ files: [{ path: join(dir, 'latin1.sarif'), display: 'latin1.sarif' }, { path: dir, display: 'a-directory' }], cwd: dir, policy, now: new Date() })).report;
    expect(report.errors).toEqual([
      { file: 'latin1.sarif', message: 'not a usable SARIF 2.1.0 log: not valid UTF-8' },
      { file: 'a-directory', message: 'not a usable SARIF 2.1.0 log: not a regular file' },
    ]);
    expect(report.findings).toEqual([]);
  });
});
