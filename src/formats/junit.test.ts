import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { junitFormatter } from './junit.js';
import { adversarialReport, emptyReport, finding, LONG, report, typicalReport, vulnerability } from './testdata/reports.js';
import { escapeXmlAttribute, escapeXmlText } from './xml.js';

const hidden = { showSuppressed: false, color: false };
const shown = { showSuppressed: true, color: false };

interface Node {
  [key: string]: string | Node | Node[] | undefined;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  textNodeName: '#text',
  // Decodes numeric character references such as &#10;, as Jenkins' and GitLab's XML parsers do.
  htmlEntities: true,
  isArray: (name) => name === 'testsuite' || name === 'testcase',
});

function parse(xml: string): { suites: Node; suiteList: Node[] } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const suites = (parser.parse(xml) as { testsuites: Node }).testsuites;
  return { suites, suiteList: suites.testsuite as Node[] };
}

const cases = (suite: Node): Node[] => suite.testcase as Node[];

describe('junit format', () => {
  it('writes one suite per file and one for errors, one case per rule and resource', () => {
    const { suites, suiteList } = parse(junitFormatter.format(typicalReport(), hidden));
    expect(suiteList.map((s) => s.name)).toEqual(['deploy/app.yaml', 'Dockerfile', 'rampart scan errors']);
    // The two privileged containers of one Deployment are one test case with both locations.
    const [privileged] = cases(suiteList[0]!);
    expect(privileged).toMatchObject({ classname: 'deploy/app.yaml', name: 'k8s/pss-privileged Deployment prod/web' });
    const failure = privileged!.failure as Node;
    expect(failure).toMatchObject({ type: 'critical', message: 'container "app" runs privileged; container "side" runs privileged' });
    expect(failure['#text']).toContain('deploy/app.yaml:12:13 container "app" runs privileged\n  field: spec.template.spec.containers[0].securityContext.privileged');
    expect(failure['#text']).toContain('deploy/app.yaml:14:30 container "side" runs privileged');
    expect(failure['#text']).toContain('Remediation: Set `securityContext.privileged: false`.');
    expect(cases(suiteList[1]!)[0]).toMatchObject({ classname: 'Dockerfile', name: 'docker/no-latest-tag line 1:6' });
    expect(suites).toMatchObject({ name: 'rampart', tests: '4', failures: '2', errors: '1', skipped: '1', time: '0.042' });
  });

  it('counts per suite and in total', () => {
    const { suiteList } = parse(junitFormatter.format(typicalReport(), shown));
    expect(suiteList.map((s) => [s.tests, s.failures, s.errors, s.skipped])).toEqual([
      ['2', '1', '0', '1'],
      ['1', '1', '0', '0'],
      ['2', '0', '1', '1'],
    ]);
  });

  it('reports scan errors as errors and warnings as skipped, located by classname', () => {
    const { suiteList } = parse(junitFormatter.format(typicalReport(), hidden));
    const [error, warning] = cases(suiteList[2]!);
    expect(error).toMatchObject({ classname: 'deploy/broken.yaml', name: 'scan line 3', error: { type: 'error', message: 'invalid YAML: bad indentation' } });
    expect(warning).toMatchObject({ classname: 'deploy/crd.yaml', name: 'scan', skipped: { message: 'warning: unknown kind Widget: scanned with generic rules only' } });
  });

  it('shows suppressed findings as skipped only when asked', () => {
    const hiddenCases = parse(junitFormatter.format(typicalReport(), hidden)).suiteList[0]!;
    expect(cases(hiddenCases).map((c) => c.name)).toEqual(['k8s/pss-privileged Deployment prod/web']);
    const shownCases = cases(parse(junitFormatter.format(typicalReport(), shown)).suiteList[0]!);
    expect(shownCases[1]).toMatchObject({
      name: 'k8s/no-resource-limits Deployment prod/web',
      skipped: { message: 'suppressed (inline): batch job, sized by the scheduler' },
    });
  });

  it('keeps a failing group failing when some of its findings are suppressed', () => {
    const r = report([finding(), finding({ message: 'container "b" runs privileged', fingerprint: 'b', suppressed: { kind: 'annotation', reason: 'needs /dev' } })]);
    const [only] = cases(parse(junitFormatter.format(r, shown)).suiteList[0]!);
    expect((only!.failure as Node)['#text']).toContain('container "b" runs privileged (suppressed, annotation: needs /dev)');
    expect(only!.skipped).toBeUndefined();
  });

  it('writes one passing test for a clean scan so CI does not treat the report as empty', () => {
    const { suites } = parse(junitFormatter.format(emptyReport(), hidden));
    expect(suites).toMatchObject({ tests: '1', failures: '0', errors: '0', skipped: '0' });
    expect(cases((suites.testsuite as Node[])[0]!)[0]).toMatchObject({ name: 'no findings in 0 files' });
  });

  it('escapes markup and strips characters XML cannot carry, keeping newlines in attributes', () => {
    const xml = junitFormatter.format(adversarialReport(), shown);
    expect(xml).not.toMatch(/[\u0000\u0007\u001b]/);
    const { suites, suiteList } = parse(xml);
    expect(suites).toMatchObject({ tests: '4', failures: '1', errors: '1', skipped: '2' });
    expect(suiteList[0]!.name).toBe('dir with space/50%#?:ü/a&b <c>.yaml');
    const [first] = cases(suiteList[0]!);
    const message = (first!.failure as Node).message as string;
    const expected = `quote " apostrophe ' <tag> & ]]> --> nul [31mansi[0m bell 日本語 🚀 lone\nsecond line\r\n\ttab`;
    expect(message.slice(0, expected.length)).toBe(expected);
    // Compared without toBe so a failure does not print 20 000 characters.
    expect(message === `${expected} ${LONG}`).toBe(true);
    expect(first!.name).toBe(`k8s/nasty Pod ${expected}`);
  });

  it('escapes each XML special character', () => {
    expect(escapeXmlText('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
    expect(escapeXmlAttribute(`"'\n\t\u0001`)).toBe('&quot;&apos;&#10;&#9;');
  });

  it('writes one failing case per vulnerable package, and a skipped one when all its vulnerabilities are suppressed', () => {
    const other = vulnerability({ id: 'CVE-2024-0001', package: { name: 'openssl', version: '3.0.11-1~deb12u2', ecosystem: 'Debian:12', purl: 'pkg:deb/debian/openssl@3.0.11-1~deb12u2' }, suppressed: { kind: 'ignore-file', reason: 'accepted' } });
    const xml = junitFormatter.format(report([], [], [], [vulnerability(), other]), { showSuppressed: true, color: false });
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<testsuite name="vulnerabilities" tests="2" failures="1" errors="0" skipped="1">');
    expect(xml).toContain('<testcase classname="var/lib/dpkg/status" name="zlib1g 1:1.2.13.dfsg-1 (Debian:12)"><failure message="CVE-2023-45853" type="critical">');
    expect(xml).toMatch(/name="openssl 3\.0\.11-1~deb12u2 \(Debian:12\)"><skipped message="suppressed \(ignore-file\)"/);
  });
});
