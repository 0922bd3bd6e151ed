import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../core/severity.js';
import { jsonFormatter, toJsonReport } from './json.js';
import { adversarialReport, emptyReport, finding, LONG, NASTY, report, typicalReport, uncheckedReport } from './testdata/reports.js';

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  required?: string[];
  description?: string;
  items?: SchemaNode;
  $defs?: Record<string, SchemaNode>;
  enum?: string[];
}

const schema = JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8')) as SchemaNode;
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
const options = { showSuppressed: false, color: false };

function formatJson(r = typicalReport(), opts = options): Record<string, unknown> {
  return JSON.parse(jsonFormatter.format(r, opts)) as Record<string, unknown>;
}

describe('json format', () => {
  it.each([
    ['typical', typicalReport],
    ['adversarial', adversarialReport],
    ['empty', emptyReport],
    ['unchecked', uncheckedReport],
  ])('validates against docs/report.schema.json (%s report)', (_name, build) => {
    const output = formatJson(build());
    expect(validate(output), JSON.stringify(validate.errors)).toBe(true);
  });

  it('keeps the contract key order and picks fields explicitly', () => {
    const output = formatJson();
    expect(Object.keys(output)).toEqual(['schemaVersion', 'tool', 'findings', 'vulnerabilities', 'errors', 'summary']);
    const [first] = output.findings as Record<string, unknown>[];
    expect(Object.keys(first!)).toEqual(['ruleId', 'severity', 'title', 'message', 'location', 'fieldPath', 'resource', 'controls', 'aliases', 'remediation', 'fingerprint']);
    expect(Object.keys(first!.location as object)).toEqual(['file', 'startLine', 'startColumn', 'endLine', 'endColumn']);
    expect(Object.keys(first!.resource as object)).toEqual(['apiVersion', 'kind', 'namespace', 'name']);
    expect(Object.keys((output.summary as Record<string, unknown>).bySeverity as object)).toEqual([...SEVERITIES]);
  });

  it('lists package files not checked for vulnerabilities after the vulnerabilities, and leaves the key out otherwise', () => {
    const output = formatJson(uncheckedReport());
    expect(Object.keys(output)).toEqual(['schemaVersion', 'tool', 'findings', 'vulnerabilities', 'unchecked', 'errors', 'summary']);
    expect(output.unchecked).toEqual([
      { file: 'web/package-lock.json', packages: 2, reason: expect.stringContaining('rampart db update') },
      { file: 'requirements.txt', packages: 1, reason: expect.stringContaining('no vulnerability database') },
    ]);
    expect(formatJson({ ...emptyReport(), unchecked: [] })).not.toHaveProperty('unchecked');
  });

  it('never dumps internal fields such as fix, even when the finding object carries extras', () => {
    const extra = { ...finding(), internalScore: 7 };
    const text = jsonFormatter.format(report([extra]), options);
    expect(text).not.toContain('"fix"');
    expect(text).not.toContain('set privileged to false');
    expect(text).not.toContain('internalScore');
  });

  it('always includes suppressed findings with their suppression, whatever showSuppressed says', () => {
    const findings = formatJson(typicalReport(), { ...options, showSuppressed: false }).findings as Record<string, unknown>[];
    expect(findings).toHaveLength(4);
    expect(findings[3]!.suppressed).toEqual({ kind: 'inline', reason: 'batch job, sized by the scheduler', expires: '2030-01-01' });
    expect(findings.filter((f) => 'suppressed' in f)).toHaveLength(1);
  });

  it('omits optional fields that are absent instead of writing null', () => {
    const output = formatJson();
    const docker = (output.findings as Record<string, unknown>[])[2]!;
    expect(docker).not.toHaveProperty('fieldPath');
    expect(docker).not.toHaveProperty('resource');
    expect((output.errors as unknown[])[1]).toEqual({ file: 'deploy/crd.yaml', message: 'unknown kind Widget: scanned with generic rules only', level: 'warning' });
  });

  it('clamps impossible positions to 1-based values and drops a line 0 from errors', () => {
    const output = toJsonReport(adversarialReport());
    expect(output.findings[0]!.location).toEqual({ file: 'dir with space/50%#?:ü/a&b <c>.yaml', startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
    expect(output.findings[1]!.location).toMatchObject({ startLine: 2, startColumn: 5, endLine: 2, endColumn: 5 });
    expect(output.errors[0]).not.toHaveProperty('line');
  });

  it('prints absolute paths inside cwd relative to it, with forward slashes', () => {
    const r = report([finding({ location: { file: '/repo/deploy/app.yaml', startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } })], [{ file: '/elsewhere/x.yaml', message: 'unreadable' }]);
    const output = toJsonReport(r, { cwd: '/repo' });
    expect(output.findings[0]!.location.file).toBe('deploy/app.yaml');
    expect(output.errors[0]!.file).toBe('/elsewhere/x.yaml');
  });

  it('round-trips adversarial strings exactly', () => {
    const output = formatJson(adversarialReport());
    const [first] = output.findings as Record<string, unknown>[];
    expect(first!.message).toBe(`${NASTY} ${LONG}`);
    expect(first!.resource).toEqual({ kind: 'Pod', name: NASTY });
  });
});

describe('docs/report.schema.json', () => {
  it('documents every field', () => {
    const undocumented: string[] = [];
    const walk = (node: SchemaNode, path: string): void => {
      if (!node.description && !('$ref' in node)) undocumented.push(path);
      for (const [key, child] of Object.entries(node.properties ?? {})) walk(child, `${path}.${key}`);
      if (node.items) walk(node.items, `${path}[]`);
    };
    for (const [name, def] of Object.entries(schema.$defs ?? {})) walk(def, `$defs.${name}`);
    walk(schema, '$');
    expect(undocumented).toEqual([]);
  });

  it('lists exactly the fields the formatter writes for a finding with every field set', () => {
    const typical = typicalReport();
    const withSecret = { ...typical.findings[3]!, secret: { redacted: 'ghp_…Xa (40 chars)', confirmedBy: 'checksum' as const, encodings: ['base64' as const], commit: { id: 'a'.repeat(40), authorDate: '2024-01-02T03:04:05Z', author: 'Dev' }, presentAtHead: false, layer: { digest: 'sha256:' + 'b'.repeat(64), createdBy: 'COPY . /app' }, deletedInLaterLayer: true } };
    const output = toJsonReport({ ...typical, findings: [withSecret] });
    const full = output.findings[0]!;
    expect(Object.keys(full).sort()).toEqual(Object.keys(schema.$defs!.finding!.properties!).sort());
    expect(Object.keys(full.secret!).sort()).toEqual(Object.keys(schema.$defs!.finding!.properties!.secret!.properties!).sort());
    expect(validate(output), JSON.stringify(validate.errors)).toBe(true);
  });

  it('uses the same severities as the core; `unknown` only for vulnerabilities, as every rule has a severity', () => {
    expect(schema.$defs!.finding!.properties!.severity!.enum).toEqual(SEVERITIES.filter((s) => s !== 'unknown'));
    expect(schema.$defs!.vulnerability!.properties!.severity!.properties!.level!.enum).toEqual([...SEVERITIES]);
  });

  it('rejects findings with unknown fields but accepts new top-level sections', () => {
    const output = formatJson();
    expect(validate({ ...output, vulnerabilities: [] })).toBe(true);
    const findings = output.findings as Record<string, unknown>[];
    expect(validate({ ...output, findings: [{ ...findings[0], fix: {} }] })).toBe(false);
  });
});
