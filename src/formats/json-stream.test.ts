import { describe, expect, it } from 'vitest';
import type { Report } from '../core/report.js';
import { formatChunks } from './formatter.js';
import { jsonFormatter, toJsonReport } from './json.js';
import { LazyArray, stringifyChunks } from './json-stream.js';
import { sarifFormatter, toSarif } from './sarif.js';
import { tableFormatter } from './table.js';
import { adversarialReport, emptyReport, finding, NASTY, typicalReport, uncheckedReport, vulnerability } from './testdata/reports.js';

const options = { showSuppressed: false, color: false };

/** Every optional part of the report present at once: fixes, suppressions, secrets, vulnerabilities, unchecked, errors, target. */
function variedReport(): Report {
  const typical = typicalReport();
  const unchecked = uncheckedReport();
  const secret = finding({
    ruleId: 'secrets/github-token',
    fingerprint: 'fp-secret',
    location: { file: '/repo/app/.env', startLine: 3, startColumn: 7, endLine: 3, endColumn: 47 },
    secret: {
      redacted: 'ghp_…Xa (40 chars)',
      confirmedBy: 'checksum',
      encodings: ['base64'],
      commit: { id: 'a'.repeat(40), authorDate: '2024-01-02T03:04:05Z', author: NASTY },
      presentAtHead: false,
      layer: { digest: 'sha256:' + 'b'.repeat(64), createdBy: 'COPY . /app' },
      deletedInLaterLayer: true,
    },
  });
  return {
    ...typical,
    target: { type: 'image', name: 'registry.example/app:1', digest: 'sha256:' + 'c'.repeat(64), os: 'debian 12' },
    findings: [...typical.findings, ...adversarialReport().findings, secret],
    vulnerabilities: [
      vulnerability(),
      vulnerability({ id: 'GHSA-xxxx', summary: undefined, aliases: [], severity: { level: 'medium', source: 'GHSA' }, locations: [{ file: '/repo/web/package-lock.json' }], fixedVersions: ['1.2.3'], suppressed: { kind: 'vex', reason: NASTY } }),
    ],
    unchecked: unchecked.unchecked,
    errors: [...typical.errors, ...unchecked.errors, { file: '/repo/x.yaml', line: 0, message: NASTY }],
  };
}

describe('stringifyChunks', () => {
  it.each([
    ['a plain object', { a: 1, b: 'two', c: [true, null], d: {}, e: [] }],
    ['a scalar', 'text\nwith "quotes"'],
    ['undefined and functions, left out of objects and null in arrays', { a: undefined, b: [undefined, () => 1, 2], c: () => 1, d: Number.NaN }],
  ])('writes %s exactly as JSON.stringify does', (_name, value) => {
    expect([...stringifyChunks(value)].join('')).toBe(JSON.stringify(value, null, 2));
  });

  it.each([1, 63, 64, 65, 129])('writes a lazy array of %i items, in chunks of several, as JSON.stringify writes the array', (count) => {
    const items = Array.from({ length: count }, (_, i) => (i % 3 === 0 ? { i, nested: { list: [i, 'x'] } } : i % 3 === 1 ? [i, undefined] : `item "${i}"\n`));
    // `mixed`: plain items around one that holds a lazy array, which is written through chunks of its own.
    const value = { before: 1, items: new LazyArray(items), deeper: [{ items: new LazyArray(items) }], mixed: [1, 'two', { items: new LazyArray(items) }, 3] };
    expect([...stringifyChunks(value)].join('')).toBe(JSON.stringify({ before: 1, items, deeper: [{ items }], mixed: [1, 'two', { items }, 3] }, null, 2));
  });

  it('writes lazy arrays at any depth, empty or not, as the arrays of their items', () => {
    const items = [{ id: 1, nested: [{ deep: 'x' }, []] }, { id: 2 }, [], {}];
    const lazy = {
      head: { skipped: undefined, list: [1, 2] },
      runs: [{ before: 'b', results: new LazyArray(items), empty: new LazyArray([]), after: [[]] }],
      top: new LazyArray(items),
      tail: 'end',
    };
    const plain = { head: lazy.head, runs: [{ before: 'b', results: items, empty: [], after: [[]] }], top: items, tail: 'end' };
    expect([...stringifyChunks(lazy)].join('')).toBe(JSON.stringify(plain, null, 2));
  });
});

describe.each([
  ['json', jsonFormatter, (r: Report, cwd?: string) => JSON.stringify(toJsonReport(r, { cwd }), null, 2)],
  ['sarif', sarifFormatter, (r: Report, cwd?: string) => JSON.stringify(toSarif(r, { cwd }), null, 2)],
])('%s formatChunks', (_name, formatter, whole) => {
  it.each([
    ['varied', variedReport],
    ['typical', typicalReport],
    ['adversarial', adversarialReport],
    ['empty', emptyReport],
    ['unchecked', uncheckedReport],
  ])('is byte-identical to the whole document stringified at once (%s report)', (_reportName, build) => {
    for (const cwd of [undefined, '/repo']) {
      const expected = `${whole(build(), cwd)}\n`;
      expect([...formatter.formatChunks!(build(), { ...options, cwd })].join('')).toBe(expected);
      expect(formatter.format(build(), { ...options, cwd })).toBe(expected);
    }
  });

  it('yields findings a few dozen at a time instead of one string of the whole report', () => {
    const many = { ...typicalReport(), findings: Array.from({ length: 2000 }, (_, i) => finding({ fingerprint: `fp-${i}` })) };
    const chunks = [...formatter.formatChunks!(many, options)];
    const total = chunks.reduce((sum, c) => sum + c.length, 0);
    expect(chunks.length).toBeGreaterThan(2000 / 64);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(total / 20);
  });
});

describe('formatChunks', () => {
  it('gives a formatter without chunks its whole output as one piece', () => {
    const report = typicalReport();
    expect([...formatChunks(tableFormatter, report, options)]).toEqual([tableFormatter.format(report, options)]);
  });
});
