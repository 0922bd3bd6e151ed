import { describe, expect, it } from 'vitest';
import { getRenderer, isReportFormat, REPORT_FORMATS } from './index.js';
import { adversarialReport, emptyReport, SOURCE, typicalReport } from './testdata/reports.js';

const readSource = (file: string): string | undefined => (SOURCE as Record<string, string>)[file];

describe('renderer registry', () => {
  it('lists every format once and returns the renderer for each', () => {
    expect(REPORT_FORMATS).toEqual(['table', 'json', 'sarif', 'junit']);
    for (const format of REPORT_FORMATS) expect(getRenderer(format).format).toBe(format);
  });

  it('rejects unknown formats with the list of valid ones', () => {
    expect(isReportFormat('xml')).toBe(false);
    expect(() => getRenderer('xml')).toThrow('unknown report format "xml"; expected one of: table, json, sarif, junit');
  });
});

// Properties every format must keep, whatever its syntax.
describe.each(REPORT_FORMATS)('%s renderer conformance', (format) => {
  const renderer = getRenderer(format);
  const fixtures = { typical: typicalReport, adversarial: adversarialReport, empty: emptyReport };

  it.each(Object.entries(fixtures))('renders the %s report deterministically, ending with a newline', (_name, build) => {
    for (const showSuppressed of [false, true]) {
      const options = { showSuppressed, color: false, readSource, cwd: '/repo' };
      const first = renderer.render(build(), options);
      expect(first.endsWith('\n')).toBe(true);
      expect(renderer.render(build(), options)).toBe(first);
    }
  });

  it('never leaks fix data, which is not part of any output contract', () => {
    expect(renderer.render(typicalReport(), { showSuppressed: true, color: false, readSource })).not.toContain('set privileged to false');
  });

  it('does not mutate the report', () => {
    const report = typicalReport();
    const before = structuredClone(report);
    renderer.render(report, { showSuppressed: true, color: true, readSource });
    expect(report).toEqual(before);
  });
});
