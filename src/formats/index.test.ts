import { describe, expect, it } from 'vitest';
import { getFormatter, isReportFormat, REPORT_FORMATS } from './index.js';
import { adversarialReport, emptyReport, SOURCE, typicalReport } from './testdata/reports.js';

const readSource = (file: string): string | undefined => (SOURCE as Record<string, string>)[file];

describe('report format registry', () => {
  it('lists every format once and returns the formatter for each', () => {
    expect(REPORT_FORMATS).toEqual(['table', 'json', 'sarif', 'junit', 'markdown', 'gitlab-sast']);
    for (const format of REPORT_FORMATS) expect(getFormatter(format).name).toBe(format);
  });

  it('rejects unknown formats with the list of valid ones', () => {
    expect(isReportFormat('xml')).toBe(false);
    expect(() => getFormatter('xml')).toThrow('unknown report format "xml"; expected one of: table, json, sarif, junit');
  });
});

// Properties every format must keep, whatever its syntax.
describe.each(REPORT_FORMATS)('%s format conformance', (format) => {
  const formatter = getFormatter(format);
  const fixtures = { typical: typicalReport, adversarial: adversarialReport, empty: emptyReport };

  it.each(Object.entries(fixtures))('formats the %s report deterministically, ending with a newline', (_name, build) => {
    for (const showSuppressed of [false, true]) {
      const options = { showSuppressed, color: false, readSource, cwd: '/repo' };
      const first = formatter.format(build(), options);
      expect(first.endsWith('\n')).toBe(true);
      expect(formatter.format(build(), options)).toBe(first);
    }
  });

  it('never leaks fix data, which is not part of any output contract', () => {
    expect(formatter.format(typicalReport(), { showSuppressed: true, color: false, readSource })).not.toContain('set privileged to false');
  });

  it('does not mutate the report', () => {
    const report = typicalReport();
    const before = structuredClone(report);
    formatter.format(report, { showSuppressed: true, color: true, readSource });
    expect(report).toEqual(before);
  });
});
