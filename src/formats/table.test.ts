import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../core/terminal.js';
import { tableFormatter } from './table.js';
import { adversarialReport, emptyReport, finding, report, SOURCE, typicalReport, uncheckedReport, vulnerability } from './testdata/reports.js';

const readSource = (file: string): string | undefined => (SOURCE as Record<string, string>)[file];
const plain = { showSuppressed: false, color: false, readSource };
const ANSI_ESCAPE = /\u001b\[/;

describe('table format', () => {
  it('groups by file and prints severity, rule, message, position, resource and the offending line', () => {
    const out = tableFormatter.format(typicalReport(), plain);
    expect(out).toContain(
      [
        'deploy/app.yaml',
        '  CRITICAL  k8s/pss-privileged  container "app" runs privileged',
        '            at deploy/app.yaml:12:13 in Deployment prod/web',
        '            12 |             privileged: true',
        '               |             ^^^^^^^^^^^^^^^^',
      ].join('\n'),
    );
    expect(out).toContain(['Dockerfile', '  MEDIUM    docker/no-latest-tag  FROM nginx:latest uses the latest tag', '            at Dockerfile:1:6', '            1 | FROM nginx:latest', '              |      ^^^^^^^^^^^^'].join('\n'));
    expect(out.indexOf('deploy/app.yaml\n')).toBeLessThan(out.indexOf('Dockerfile\n'));
  });

  it('lists warnings and errors apart with their counts, and ends with the summary by severity', () => {
    const out = tableFormatter.format(typicalReport(), plain);
    expect(
      out.endsWith(
        [
          'Warnings (1):',
          '  warning deploy/crd.yaml  unknown kind Widget: scanned with generic rules only',
          '',
          'Errors (1):',
          '  error   deploy/broken.yaml:3  invalid YAML: bad indentation',
          '',
          '3 findings (2 critical, 1 medium); 1 suppressed (hidden); 2 files and 2 resources scanned in 42 ms; 1 input could not be read (see Errors); 1 warning',
          '',
        ].join('\n'),
      ),
    ).toBe(true);
  });

  it('hides suppressed findings unless asked, and marks them when shown', () => {
    expect(tableFormatter.format(typicalReport(), plain)).not.toContain('k8s/no-resource-limits');
    const out = tableFormatter.format(typicalReport(), { ...plain, showSuppressed: true });
    expect(out).toContain('  INFO      k8s/no-resource-limits  container "app" has no resource limits\n');
    expect(out).toContain('            suppressed (inline): batch job, sized by the scheduler, expires 2030-01-01\n');
    expect(out).toContain('; 1 suppressed; ');
  });

  it('is plain ASCII decoration without color and colors severities with it', () => {
    const withoutColor = tableFormatter.format(typicalReport(), plain);
    expect(withoutColor).not.toMatch(ANSI_ESCAPE);
    expect(withoutColor).toMatch(/^[\x20-\x7e\n]*$/);
    const colored = tableFormatter.format(typicalReport(), { ...plain, color: true });
    expect(colored).toContain('\u001b[1;31mCRITICAL\u001b[22;39m');
    expect(colored).toContain('\u001b[33m1 medium\u001b[39m');
  });

  it('says which package files were not checked instead of "No vulnerabilities"', () => {
    const out = tableFormatter.format(uncheckedReport(), plain);
    expect(out).toContain('2 package files (3 packages) not checked for vulnerabilities: no vulnerability database at /home/me/.cache/rampart/osv/osv.sqlite: run `rampart db update`\n');
    expect(out).not.toContain('No vulnerabilities');
    expect(out).toContain('  error   web/package-lock.json  2 packages were inventoried but not checked');
  });

  it('says so when there is nothing to report', () => {
    expect(tableFormatter.format(emptyReport(), plain)).toBe('No findings; 0 files and 2 resources scanned in 42 ms\n');
  });

  it('underlines to the end of the line for multi-line spans and aligns carets after tabs and astral characters', () => {
    const source = 'a:\n\t🚀 key: value\n';
    const r = report([
      finding({ location: { file: 'x.yaml', startLine: 2, startColumn: 5, endLine: 3, endColumn: 1 }, resource: undefined }),
    ]);
    const out = tableFormatter.format(r, { ...plain, readSource: () => source });
    expect(out).toContain('            2 | \t🚀 key: value\n              | \t  ^^^^^^^^^^\n');
  });

  it('skips the snippet when the source is unavailable or the line does not exist', () => {
    const r = report([finding({ location: { file: 'deploy/app.yaml', startLine: 99, startColumn: 1, endLine: 99, endColumn: 2 } })]);
    expect(tableFormatter.format(r, plain)).not.toContain(' | ');
    expect(tableFormatter.format(typicalReport(), { ...plain, readSource: undefined })).not.toContain(' | ');
  });

  it('neutralizes terminal escape sequences and control characters from scanned content', () => {
    const out = tableFormatter.format(adversarialReport(), { ...plain, showSuppressed: true, readSource: () => 'evil\u001b]0;title\u0007: x' });
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(out).toContain('\\x1b[31mansi\\x1b[0m');
    expect(out).toContain('evil\\x1b]0;title\\x07: x');
    // A multi-line message continues on indented lines; other fields stay on their line.
    expect(out).toContain('\n            second line\n');
    expect(out).toMatch(/in Pod quote " .*lone second line tab\n/);
  });

  it('falls back to the title when a message is empty', () => {
    const out = tableFormatter.format(report([finding({ message: ' ', title: 'Privileged container' })]), plain);
    expect(out).toContain('  CRITICAL  k8s/pss-privileged  Privileged container\n');
  });

  it('escapes C0 and C1 controls but keeps tabs, newlines and unicode', () => {
    expect(terminalSafe('a\u001bb\u009bc\td\r\ne 日本')).toBe('a\\x1bb\\x9bc\td\ne 日本');
  });

  it('lists vulnerabilities by package with layer, score, fix, aliases and a summary line, hiding suppressed ones', () => {
    const suppressed = vulnerability({ id: 'CVE-2023-44487', summary: '\u001b[2Jhostile', severity: { level: 'high', source: 'unknown' }, fixedVersions: ['1.52.0-1+deb12u1'], suppressed: { kind: 'vex', reason: 'not reachable' } });
    const r = report([], [], [], [vulnerability(), suppressed]);
    const text = tableFormatter.format(r, { showSuppressed: false, color: false });
    expect(text).toContain('zlib1g 1:1.2.13.dfsg-1 (Debian:12)\n  from var/lib/dpkg/status in layer sha256:aaaaaaaaaaaa (ADD rootfs.tar.xz /)');
    expect(text).toMatch(/CRITICAL {2}CVE-2023-45853 9\.8 {2}no fix published/);
    expect(text).toContain('also DEBIAN-CVE-2023-45853');
    expect(text).not.toContain('CVE-2023-44487');
    expect(text).toContain('1 vulnerability (1 critical) in 1 of 2 packages; 1 suppressed (hidden)');
    const shown = tableFormatter.format(r, { showSuppressed: true, color: false });
    expect(shown).toContain('suppressed (vex): not reachable');
    expect(shown).toContain('\\x1b[2Jhostile');
  });
});
