import { describe, expect, it } from 'vitest';
import { parseSarif, SarifError } from './parse.js';
import { sarifSeverity, scoreSeverity } from './severity.js';
import { codeqlLog, gosecLog, semgrepLog } from './testing/samples.js';

const text = (log: object) => JSON.stringify(log);

describe('parseSarif', () => {
  it('reads a Semgrep log: driver rules, %SRCROOT% URIs, match-based fingerprints, default level', () => {
    const [run] = parseSarif(text(semgrepLog([{ file: 'web/app.js', line: 12 }])));
    expect(run!.tool).toEqual({ name: 'Semgrep OSS', version: '1.97.0' });
    const [result] = run!.results;
    expect(result).toMatchObject({
      ruleId: 'javascript.browser.security.eval-detected.eval-detected',
      level: 'warning',
      location: { uri: 'web/app.js', uriBaseId: '%SRCROOT%', region: { startLine: 12, startColumn: 5, endLine: 12, endColumn: 27 } },
      fingerprints: { 'matchBasedId/v1': 'a1b2c3d4e5f60000' },
    });
    expect(result!.rule?.helpUri).toBe('https://semgrep.dev/r/javascript.browser.security.eval-detected.eval-detected');
    expect(sarifSeverity(result!)).toBe('medium');
  });

  it('reads a CodeQL log: rules of the query pack by rule.index and toolComponent, security-severity, partial fingerprints', () => {
    const [run] = parseSarif(text(codeqlLog([{ file: 'server/db.js', line: 30 }, { file: 'server/db.js', line: 44 }])));
    expect(run!.tool.name).toBe('CodeQL');
    expect(run!.results).toHaveLength(2);
    const [first] = run!.results;
    expect(first!.rule?.id).toBe('js/sql-injection');
    expect(first!.rule?.securitySeverity).toBe(8.8);
    expect(first!.level).toBe('error');
    // No endLine in the region: SARIF's default is the start line.
    expect(first!.location?.region).toEqual({ startLine: 30, startColumn: 19, endLine: 30, endColumn: 42 });
    expect(first!.fingerprints.primaryLocationLineHash).toBe('9f8e7d6c5b4a0:1');
    expect(sarifSeverity(first!)).toBe('high');
  });

  it('reads a gosec log: per-result level, absolute URIs, in-source suppressions', () => {
    const [run] = parseSarif(text(gosecLog([{ file: 'cmd/main.go', line: 7 }, { file: 'cmd/main.go', line: 9, suppressed: true }], '/src/app')));
    const [plain, waived] = run!.results;
    expect(plain).toMatchObject({ ruleId: 'G101', level: 'error', location: { uri: '/src/app/cmd/main.go' } });
    expect(plain!.suppression).toBeUndefined();
    expect(waived!.suppression).toEqual({ kind: 'inSource', justification: 'test fixture' });
    expect(sarifSeverity(plain!)).toBe('high');
  });

  it('ignores suppressions that were rejected or are under review', () => {
    const log = semgrepLog([{ file: 'a.js', line: 1 }]) as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    log.runs[0]!.results[0]!.suppressions = [{ kind: 'external', status: 'rejected' }, { kind: 'external', status: 'underReview' }];
    expect(parseSarif(text(log))[0]!.results[0]!.suppression).toBeUndefined();
  });

  it('a result with no rule metadata takes SARIF\'s default level, warning', () => {
    const log = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'R1', message: { text: 'm' } }] }] };
    const [result] = parseSarif(text(log))[0]!.results;
    expect(result!.level).toBe('warning');
    expect(result!.location).toBeUndefined();
  });

  it('fills message arguments and reads a rule by ID when the result names no index', () => {
    const log = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x', rules: [{ id: 'R1', properties: { 'security-severity': 9.1 } }] } }, results: [{ ruleId: 'R1', message: { text: 'found {0} in {1}', arguments: ['eval', 'a.js'] } }] }] };
    const [result] = parseSarif(text(log))[0]!.results;
    expect(result!.message).toBe('found eval in a.js');
    expect(sarifSeverity(result!)).toBe('critical');
  });

  it('a run without results (null, as some tools write) has none', () => {
    expect(parseSarif(text({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: null }] }))[0]!.results).toEqual([]);
  });

  describe('malformed logs are errors naming the field, never empty imports', () => {
    const base = () => semgrepLog([{ file: 'a.js', line: 1 }]) as { version?: unknown; runs: Array<Record<string, unknown> & { results: Array<Record<string, unknown>> }> };
    const cases: Array<[string, () => string, RegExp]> = [
      ['not JSON', () => '{"version": "2.1.0", "runs": [', /not JSON/],
      ['another SARIF version', () => text({ ...base(), version: '2.0.0' }), /\$\.version: expected "2\.1\.0"/],
      ['runs not an array', () => text({ version: '2.1.0', runs: {} }), /\$\.runs: expected an array/],
      ['a run without a tool', () => text({ version: '2.1.0', runs: [{ results: [] }] }), /\$\.runs\[0\]\.tool: expected an object/],
      ['a result without a rule', () => {
        const log = base();
        delete log.runs[0]!.results[0]!.ruleId;
        return text(log);
      }, /results\[0\]: no ruleId/],
      ['an unknown level', () => {
        const log = base();
        log.runs[0]!.results[0]!.level = 'fatal';
        return text(log);
      }, /results\[0\]\.level: expected one of none, note, warning, error/],
      ['a security-severity that is no score', () => {
        const log = base();
        log.runs[0]!.results[0]!.properties = { 'security-severity': 'high' };
        return text(log);
      }, /security-severity: expected a score/],
      ['a rule index past the rules', () => {
        const log = base();
        log.runs[0]!.results[0]!.ruleIndex = 5;
        return text(log);
      }, /rule index 5 names no rule/],
      ['a line number of 0', () => {
        const log = base();
        (log.runs[0]!.results[0]!.locations as Array<{ physicalLocation: { region: { startLine: number } } }>)[0]!.physicalLocation.region.startLine = 0;
        return text(log);
      }, /region\.startLine: expected a positive integer/],
      ['a message that is not an object', () => {
        const log = base();
        log.runs[0]!.results[0]!.message = 'text';
        return text(log);
      }, /results\[0\]\.message: expected an object/],
    ];
    for (const [name, make, error] of cases) {
      it(name, () => {
        expect(() => parseSarif(make())).toThrow(SarifError);
        expect(() => parseSarif(make())).toThrow(error);
      });
    }
  });

  it('refuses logs over the count limits instead of reading part of them', () => {
    const log = text(codeqlLog([1, 2, 3].map((line) => ({ file: 'a.js', line }))));
    expect(() => parseSarif(log, { maxRuns: 10, maxResults: 2, maxRules: 10 })).toThrow(/more than the limit of 2 results/);
    expect(() => parseSarif(log, { maxRuns: 10, maxResults: 10, maxRules: 1 })).toThrow(/more than the limit of 1 rules/);
    expect(() => parseSarif(text({ version: '2.1.0', runs: [{}, {}] }), { maxRuns: 1, maxResults: 10, maxRules: 10 })).toThrow(/2 runs, more than the limit of 1/);
  });
});

describe('severity', () => {
  it('maps security-severity scores as GitHub code scanning does', () => {
    expect([10, 9, 8.9, 7, 6.9, 4, 3.9, 0.1, 0].map(scoreSeverity)).toEqual(['critical', 'critical', 'high', 'high', 'medium', 'medium', 'low', 'low', 'low']);
  });

  it('maps levels when there is no score, the result\'s own score winning over its rule\'s', () => {
    expect((['error', 'warning', 'note', 'none'] as const).map((level) => sarifSeverity({ level }))).toEqual(['high', 'medium', 'low', 'info']);
    expect(sarifSeverity({ level: 'note', securitySeverity: 9.5, rule: { id: 'r', tags: [], securitySeverity: 2 } })).toBe('critical');
  });
});
