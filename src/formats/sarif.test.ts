import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { FINGERPRINT_KEY, pascalCase, sarifFormatter, type SarifLog } from './sarif.js';
import { adversarialReport, emptyReport, finding, LATEST_TAG_RULE, NASTY, PRIVILEGED_RULE, report, typicalReport, vulnerability } from './testdata/reports.js';

/** The official schema is draft-04; ajv 8 reads it as draft-07 once its draft-04 `id` and `$schema` are dropped. */
function sarifValidator() {
  const path = new URL('../../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', import.meta.url);
  const { $schema: _draft, id: _id, ...schema } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  // The schema's language-tag pattern is not valid under the u flag.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  const uriReference = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
  ajv.addFormat('uri-reference', uriReference);
  ajv.addFormat('uri', (value: string) => uriReference.test(value) && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value));
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  return ajv.compile(schema);
}

const validate = sarifValidator();
const options = { showSuppressed: false, color: false, cwd: '/work/repo' };

function formatSarif(r = typicalReport()): SarifLog {
  return JSON.parse(sarifFormatter.format(r, options)) as SarifLog;
}

/** The checks GitHub code scanning applies on upload beyond the schema. */
function githubProblems(log: SarifLog): string[] {
  const problems: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (value === '') problems.push(`empty string at ${path}`);
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
  };
  walk(log, '$');
  const [run] = log.runs;
  for (const [i, result] of run.results.entries()) {
    if (run.tool.driver.rules[result.ruleIndex]?.id !== result.ruleId) problems.push(`result ${i}: ruleIndex does not match ruleId`);
    for (const { physicalLocation } of result.locations) {
      const { uri, uriBaseId } = physicalLocation.artifactLocation;
      if (uriBaseId !== '%SRCROOT%' || /^[a-z]+:|^\/|\\/i.test(uri)) problems.push(`result ${i}: uri ${uri} is not repository-relative`);
      const { startLine, startColumn = 1, endLine = startLine, endColumn = 1 } = physicalLocation.region!;
      if ([startLine, startColumn, endLine, endColumn].some((n) => !Number.isInteger(n) || n < 1)) problems.push(`result ${i}: region below 1`);
    }
  }
  return problems;
}

describe('sarif format', () => {
  it.each([
    ['findings, suppressions and errors', typicalReport],
    ['adversarial strings and positions', adversarialReport],
    ['an empty report', emptyReport],
  ])('is valid SARIF 2.1.0 that GitHub accepts: %s', (_name, build) => {
    const log = formatSarif(build());
    expect(validate(log), JSON.stringify(validate.errors, null, 1)).toBe(true);
    expect(githubProblems(log)).toEqual([]);
  });

  it('describes every rule that ran, for the GitHub rule catalog', () => {
    const [rule] = formatSarif().runs[0].tool.driver.rules;
    expect(rule).toEqual({
      id: 'k8s/pss-privileged',
      name: 'K8sPssPrivileged',
      shortDescription: { text: 'Privileged container' },
      fullDescription: { text: PRIVILEGED_RULE.rationale },
      help: {
        text: expect.stringContaining('Set `securityContext.privileged: false`.\nReferences:\n- Pod Security Standards: Privileged Containers\n- CIS Kubernetes 5.2.2'),
        markdown: expect.stringContaining('- <https://kubernetes.io/docs/concepts/security/pod-security-standards/>'),
      },
      helpUri: expect.stringMatching(/^https:\/\/.+#k8spss-privileged$/),
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'kubernetes', 'pss:baseline:privileged'], precision: 'very-high', 'security-severity': '9.5', aliases: ['KSV017', 'AVD-KSV-0017', 'CKV_K8S_16'] },
    });
    expect(formatSarif().runs[0].tool.driver).toMatchObject({ name: 'rampart', version: '0.1.0', semanticVersion: '0.1.0' });
  });

  it('maps severities to levels and GitHub security-severity scores', () => {
    const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
    const rules = severities.map((severity) => ({ ...LATEST_TAG_RULE, id: `docker/${severity}`, severity }));
    const log = formatSarif(report(severities.map((severity) => finding({ ruleId: `docker/${severity}`, severity, fingerprint: severity })), [], rules));
    expect(log.runs[0].results.map((r) => r.level)).toEqual(['error', 'error', 'warning', 'note', 'note']);
    expect(log.runs[0].tool.driver.rules.map((r) => [r.defaultConfiguration.level, r.properties['security-severity']])).toEqual([
      ['error', '9.5'],
      ['error', '8.0'],
      ['warning', '5.5'],
      ['note', '3.0'],
      ['note', '1.0'],
    ]);
  });

  it('writes a result with a relative region, fingerprint and properties', () => {
    const [first] = formatSarif().runs[0].results;
    expect(first).toEqual({
      ruleId: 'k8s/pss-privileged',
      ruleIndex: 0,
      level: 'error',
      message: { text: 'container "app" runs privileged' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'deploy/app.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 12, startColumn: 13, endLine: 12, endColumn: 29 } } }],
      partialFingerprints: { [FINGERPRINT_KEY]: 'fp-app' },
      properties: {
        severity: 'critical',
        resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'prod', name: 'web' },
        fieldPath: 'spec.template.spec.containers[0].securityContext.privileged',
        controls: ['pss:baseline:privileged'],
      },
    });
  });

  it('always includes suppressed findings, as inSource or external suppressions', () => {
    const kinds = ['inline', 'annotation', 'config', 'ignore-file', 'baseline'] as const;
    const log = formatSarif(report(kinds.map((kind) => finding({ fingerprint: kind, suppressed: { kind, reason: `because ${kind}` } }))));
    expect(log.runs[0].results.map((r) => r.suppressions?.[0]?.kind)).toEqual(['inSource', 'inSource', 'external', 'external', 'external']);
    expect(log.runs[0].results[0]!.suppressions).toEqual([{ kind: 'inSource', justification: 'because inline', properties: { rampartKind: 'inline' } }]);
    expect(formatSarif().runs[0].results[3]!.suppressions![0]!.properties.expires).toBe('2030-01-01');
  });

  it('reports scan errors as tool execution notifications', () => {
    const [invocation] = formatSarif().runs[0].invocations;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: 'invalid YAML: bad indentation' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'deploy/broken.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 3 } } }],
      },
      {
        level: 'warning',
        message: { text: 'unknown kind Widget: scanned with generic rules only' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'deploy/crd.yaml', uriBaseId: '%SRCROOT%' } } }],
      },
    ]);
    const warningsOnly = report([], [{ file: 'a.yaml', message: 'partial', level: 'warning' }]);
    expect(formatSarif(warningsOnly).runs[0].invocations[0].executionSuccessful).toBe(true);
  });

  it('anchors %SRCROOT% at cwd with a trailing slash', () => {
    expect(formatSarif().runs[0].originalUriBaseIds['%SRCROOT%']!.uri).toBe('file:///work/repo/');
  });

  it('percent-encodes paths so they stay one URI reference, and keeps text verbatim', () => {
    const log = formatSarif(adversarialReport());
    const uris = log.runs[0].results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris[0]).toBe('dir%20with%20space/50%25%23%3F%3A%C3%BC/a%26b%20%3Cc%3E.yaml');
    expect(uris[1]).toBe('c%3Aweird.yaml');
    expect(decodeURIComponent(uris[0]!)).toBe('dir with space/50%#?:ü/a&b <c>.yaml');
    expect(log.runs[0].results[1]!.message.text).toBe(NASTY);
  });

  it('relativizes absolute paths inside cwd and keeps others as file URLs', () => {
    const r = report([
      finding({ location: { file: '/work/repo/k8s/a.yaml', startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } }),
      finding({ location: { file: '/tmp/b.yaml', startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 }, fingerprint: 'b' }),
    ]);
    const locations = formatSarif(r).runs[0].results.map((x) => x.locations[0]!.physicalLocation.artifactLocation);
    expect(locations).toEqual([{ uri: 'k8s/a.yaml', uriBaseId: '%SRCROOT%' }, { uri: 'file:///tmp/b.yaml' }]);
  });

  it('adds a descriptor for a rule missing from the catalog and never writes empty text', () => {
    const log = formatSarif(adversarialReport());
    const unlisted = log.runs[0].results[2]!;
    expect(log.runs[0].tool.driver.rules[unlisted.ruleIndex]!.id).toBe('k8s/unlisted');
    expect(unlisted.message.text).toBe('k8s/unlisted');
    expect(unlisted.suppressions).toEqual([{ kind: 'external', properties: { rampartKind: 'baseline' } }]);
  });

  it('describes each vulnerability as a rule with its CVSS score and reports one valid result per file', () => {
    const vex = vulnerability({ id: 'CVE-2023-44487', fingerprint: 'e'.repeat(32), severity: { level: 'high', source: 'unknown' }, suppressed: { kind: 'vex', reason: 'not_affected: vulnerable_code_not_in_execute_path' } });
    const log = sarifFormatter.format(report([], [], [], [vulnerability({ locations: [{ file: 'a/status' }, { file: 'b/status' }] }), vex]), { showSuppressed: false, color: false, cwd: '/work' });
    const parsed = JSON.parse(log) as SarifLog;
    expect(validate(parsed), JSON.stringify(validate.errors, null, 1)).toBe(true);
    expect(githubProblems(parsed)).toEqual([]);
    const rules = parsed.runs[0].tool.driver.rules;
    expect(rules.map((r) => [r.id, r.properties['security-severity'], r.helpUri])).toEqual([
      ['CVE-2023-45853', '9.8', 'https://nvd.nist.gov/vuln/detail/CVE-2023-45853'],
      ['CVE-2023-44487', '8.0', 'https://nvd.nist.gov/vuln/detail/CVE-2023-44487'],
    ]);
    const results = parsed.runs[0].results;
    expect(results.map((r) => [r.ruleId, r.ruleIndex, r.locations[0]!.physicalLocation.artifactLocation.uri])).toEqual([
      ['CVE-2023-45853', 0, 'a/status'],
      ['CVE-2023-45853', 0, 'b/status'],
      ['CVE-2023-44487', 1, 'var/lib/dpkg/status'],
    ]);
    expect(results[0]!.message.text).toBe('CVE-2023-45853 in zlib1g 1:1.2.13.dfsg-1 (Debian:12): no fix published');
    expect(results[2]!.suppressions).toEqual([{ kind: 'external', justification: 'not_affected: vulnerable_code_not_in_execute_path', properties: { rampartKind: 'vex' } }]);
  });

  it('derives PascalCase names from rule IDs', () => {
    expect(pascalCase('k8s/pss-privileged')).toBe('K8sPssPrivileged');
    expect(pascalCase('docker/no-latest-tag')).toBe('DockerNoLatestTag');
    expect(pascalCase('///')).toBe('Rule');
  });

  it('rejects what GitHub rejects, so the checks above are not vacuous', () => {
    const log = formatSarif();
    log.runs[0].results[0]!.ruleIndex = 99;
    log.runs[0].results[1]!.locations[0]!.physicalLocation.artifactLocation.uri = '/abs/path.yaml';
    log.runs[0].results[1]!.message.text = '';
    expect(githubProblems(log)).toHaveLength(3);
    const broken = formatSarif();
    (broken.runs[0].results[0]!.locations[0]!.physicalLocation.region as { startColumn: number }).startColumn = 0;
    expect(validate(broken)).toBe(false);
  });
});
