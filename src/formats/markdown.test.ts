import { describe, expect, it } from 'vitest';
import { escapeCell, formatMarkdown, MARKDOWN_MAX_ROWS, markdownFormatter } from './markdown.js';
import { adversarialReport, emptyReport, finding, report, typicalReport, vulnerability } from './testdata/reports.js';

const options = { showSuppressed: false, color: false };

/** The table rows of one section, as a Markdown renderer splits them: unescaped pipes only. */
function sectionRows(markdown: string, heading: string): string[][] {
  const section = markdown.split(`### ${heading}\n`)[1]?.split('\n### ')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| ---') && !/^\| (Severity|File) \|/.test(line))
    .map((line) => line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()));
}

describe('markdown format', () => {
  it('a clean scan says so, with a zero counts table and no finding tables', () => {
    const text = markdownFormatter.format(emptyReport(), options);
    expect(text).toContain('No findings in 0 files.');
    expect(text).toContain('| Findings | 0 | 0 | 0 | 0 | 0 |');
    expect(text).not.toContain('### Findings');
  });

  it('counts by severity, lists unsuppressed findings worst first, and says the scan is incomplete when it is', () => {
    const text = formatMarkdown(typicalReport(), options);
    expect(text).toContain('| | critical | high | medium | low | info |');
    expect(text).toContain('| Findings | 2 | 0 | 1 | 0 | 0 |');
    expect(text).toContain('3 findings and 0 vulnerabilities in 2 files (1 suppressed finding not shown). **The scan is incomplete:** 1 input could not be scanned.');
    const rows = sectionRows(text, 'Findings');
    expect(rows.map((r) => r[0])).toEqual(['critical', 'critical', 'medium']);
    expect(rows[0]![2]).toBe('<code>deploy/app.yaml:12 \\(Deployment prod/web\\)</code>');
    expect(sectionRows(text, 'Not scanned')).toEqual([['<code>deploy/broken.yaml:3</code>', 'invalid YAML: bad indentation']]);
  });

  it('cuts each table at the row limit, with a note', () => {
    const many = Array.from({ length: MARKDOWN_MAX_ROWS + 7 }, (_, i) => finding({ fingerprint: `fp-${i}`, location: { file: 'a.yaml', startLine: i + 1, startColumn: 1, endLine: i + 1, endColumn: 2 } }));
    const text = formatMarkdown(report(many), options);
    expect(sectionRows(text, 'Findings')).toHaveLength(MARKDOWN_MAX_ROWS);
    expect(text).toContain(`_Showing the ${MARKDOWN_MAX_ROWS} most severe of ${MARKDOWN_MAX_ROWS + 7} findings; the SARIF, JSON or JUnit report has them all._`);
  });

  it('a critical finding deep in the report still makes the cut', () => {
    const many = Array.from({ length: MARKDOWN_MAX_ROWS + 1 }, (_, i) => finding({ severity: 'low', fingerprint: `fp-${i}` }));
    const text = formatMarkdown(report([...many, finding({ severity: 'critical', message: 'the one that matters', fingerprint: 'fp-c' })]), options);
    expect(sectionRows(text, 'Findings')[0]).toEqual(['critical', '<code>k8s/pss-privileged</code>', expect.any(String), 'the one that matters']);
  });

  it('lists vulnerabilities with their package and fix', () => {
    const text = formatMarkdown(report([], [], undefined, [vulnerability()]), options);
    expect(sectionRows(text, 'Vulnerabilities')).toEqual([['critical', '<code>CVE-2023-45853</code>', 'zlib1g 1:1.2.13.dfsg-1 \\(Debian:12\\)', 'no fix published', '<code>var/lib/dpkg/status</code>']]);
  });

  it('secret findings show the rule title and the redacted form only', () => {
    const secret = finding({ ruleId: 'secret/github-pat', title: 'GitHub personal access token', message: 'GitHub personal access token ghp_…Xa (40 chars)', secret: { redacted: 'ghp_…Xa (40 chars)', confirmedBy: 'checksum' } });
    expect(sectionRows(formatMarkdown(report([secret]), options), 'Findings')[0]![3]).toBe('GitHub personal access token: ghp\\_…Xa \\(40 chars\\)');
  });

  it('hostile text cannot add columns, rows, links, HTML or mentions', () => {
    const text = formatMarkdown(adversarialReport(), options);
    for (const row of sectionRows(text, 'Findings')) expect(row).toHaveLength(4);
    expect(text).not.toMatch(/<tag>|\u001b|\u0000/);
    expect(escapeCell('[click](https://evil.example) ![img](x) <img src=x> @octocat | next\ncell')).toBe(
      '\\[click\\]\\(https&#58;//evil.example\\) \\!\\[img\\]\\(x\\) &lt;img src=x&gt; @\u200boctocat \\| next cell',
    );
    expect(escapeCell('x'.repeat(500))).toHaveLength(160);
  });
});
