import { describe, expect, it } from 'vitest';
import { columns } from './columns.js';
import { getFormatter } from './index.js';
import { report, vulnerability } from './testdata/reports.js';

describe('columns', () => {
  const rows = [
    ['alice', 'cluster', 'ClusterRoleBinding/a-very-long-binding-name'],
    ['system:serviceaccount:kube-system:controller', 'ns/apps', 'RoleBinding/b'],
  ];

  it('pads every column but the last, and cuts nothing without a width', () => {
    expect(columns(['WHO', 'SCOPE', 'VIA'], rows)).toBe(
      'WHO                                           SCOPE    VIA\n' +
        'alice                                         cluster  ClusterRoleBinding/a-very-long-binding-name\n' +
        'system:serviceaccount:kube-system:controller  ns/apps  RoleBinding/b\n',
    );
    expect(columns(['WHO', 'SCOPE', 'VIA'], rows, 200)).toBe(columns(['WHO', 'SCOPE', 'VIA'], rows));
  });

  it('narrows the widest columns first to fit a width, cuts cells with … and says so under the table', () => {
    const text = columns(['WHO', 'SCOPE', 'VIA'], rows, 50);
    const lines = text.trimEnd().split('\n');
    expect(lines.every((line) => Array.from(line).length <= 50)).toBe(true);
    expect(lines[1]).toBe('alice                cluster  ClusterRoleBinding/…');
    expect(lines[2]).toBe('system:serviceacco…  ns/apps  RoleBinding/b');
    expect(lines.at(-1)).toBe('(cut to fit: --wide shows all)');
  });

  it('never cuts a column below its header or 8 characters, even when the line cannot fit', () => {
    const lines = columns(['SUBJECT', 'SCOPE'], [['a-long-subject-name', 'a-long-scope-name']], 5).trimEnd().split('\n');
    expect(lines[1]).toBe('a-long-…  a-long-…');
  });

  it('keeps escape sequences from the input off the terminal and counts characters, not UTF-16 units', () => {
    const text = columns(['A', 'B'], [['\u001b[2Jx', '日本語🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀']], 20);
    expect(text).not.toContain('\u001b');
    expect(text.split('\n')[1]).toMatch(/🚀…$/);
  });
});

describe('the vulnerability table and the terminal width', () => {
  const long = vulnerability({
    summary: `A summary that goes on ${'and on '.repeat(30)}until the end`,
    locations: [{ file: 'var/lib/dpkg/status', layer: { digest: `sha256:${'a'.repeat(64)}`, createdBy: `RUN apt-get install -y ${'package '.repeat(20)}# buildkit` } }],
    aliases: Array.from({ length: 20 }, (_, i) => `GHSA-aaaa-bbbb-${String(i).padStart(4, '0')}`) });
  const withVulnerability = report([], [], undefined, [long]);
  const table = (width?: number) => getFormatter('table').format(withVulnerability, { showSuppressed: false, color: false, ...(width !== undefined ? { width } : {}) });

  it('cuts where, summary and aliases to the width, and shows them whole without one', () => {
    const fitted = table(80).split('\n');
    for (const text of ['from var/lib/dpkg/status', 'A summary that goes on', 'also GHSA-aaaa']) {
      const line = fitted.find((l) => l.includes(text))!;
      expect(Array.from(line).length, text).toBeLessThanOrEqual(80);
      expect(line.endsWith('…'), text).toBe(true);
    }
    const whole = table();
    expect(whole).toContain('until the end');
    expect(whole).toContain('GHSA-aaaa-bbbb-0019');
    expect(whole).toContain('# buildkit');
  });
});
