import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { formatGitlabSast, GITLAB_SAST_SCHEMA_VERSION, gitlabSastFormatter } from './gitlab-sast.js';
import { adversarialReport, emptyReport, typicalReport, vulnerability, report, finding } from './testdata/reports.js';

/**
 * The part of GitLab's `sast-report-format.json` (Security Report Schemas 15.x) this report uses, written from the
 * published schema's constraints: required fields, enums, the date-time pattern and the length limits GitLab enforces
 * (a report that fails them is not ingested at all).
 */
const SAST_SCHEMA = {
  type: 'object',
  required: ['version', 'vulnerabilities', 'scan'],
  properties: {
    version: { type: 'string', pattern: '^15\\.[0-9]+\\.[0-9]+$' },
    schema: { type: 'string', pattern: '^https?://.+' },
    scan: {
      type: 'object',
      required: ['analyzer', 'scanner', 'start_time', 'end_time', 'status', 'type'],
      properties: {
        analyzer: { $ref: '#/definitions/tool' },
        scanner: { $ref: '#/definitions/tool' },
        type: { enum: ['sast'] },
        start_time: { $ref: '#/definitions/time' },
        end_time: { $ref: '#/definitions/time' },
        status: { enum: ['success', 'failure'] },
        messages: { type: 'array', items: { type: 'object', required: ['level', 'value'], properties: { level: { enum: ['info', 'warn', 'fatal'] }, value: { type: 'string' } } } },
      },
    },
    vulnerabilities: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'identifiers', 'location'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', minLength: 1 },
          name: { type: 'string', minLength: 1, maxLength: 255 },
          description: { type: 'string', maxLength: 1048576 },
          severity: { enum: ['Info', 'Unknown', 'Low', 'Medium', 'High', 'Critical'] },
          solution: { type: 'string', maxLength: 7000 },
          identifiers: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['type', 'name', 'value'],
              properties: { type: { type: 'string', minLength: 1 }, name: { type: 'string', minLength: 1 }, value: { type: 'string', minLength: 1 }, url: { type: 'string', pattern: '^https?://.+' } },
            },
          },
          links: { type: 'array', items: { type: 'object', required: ['url'], properties: { name: { type: 'string' }, url: { type: 'string', pattern: '^https?://.+' } } } },
          details: { type: 'object' },
          tracking: { type: 'object' },
          flags: { type: 'array' },
          location: {
            type: 'object',
            required: ['file', 'start_line'],
            additionalProperties: false,
            properties: { file: { type: 'string', minLength: 1 }, start_line: { type: 'number', minimum: 1 }, end_line: { type: 'number', minimum: 1 }, class: { type: 'string' }, method: { type: 'string' } },
          },
        },
      },
    },
  },
  definitions: {
    time: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$' },
    tool: {
      type: 'object',
      required: ['id', 'name', 'version', 'vendor'],
      properties: { id: { type: 'string', pattern: '^[a-z0-9_-]+$' }, name: { type: 'string', minLength: 1 }, version: { type: 'string', minLength: 1 }, vendor: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } } },
    },
  },
};

const validate = new Ajv({ allErrors: true }).compile(SAST_SCHEMA);
const options = { showSuppressed: false, color: false };

interface GitlabReport {
  version: string;
  scan: { start_time: string; end_time: string; status: string; messages?: Array<{ value: string }> };
  vulnerabilities: Array<{ id: string; name: string; severity: string; location: { file: string; start_line: number }; identifiers: Array<{ type: string; value: string }> }>;
}

function check(text: string): GitlabReport {
  const document = JSON.parse(text) as GitlabReport;
  const valid = validate(document);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
  return document;
}

describe('gitlab-sast format', () => {
  it('an empty scan is a valid report with no vulnerabilities', () => {
    const document = check(gitlabSastFormatter.format(emptyReport(), options));
    expect(document.version).toBe(GITLAB_SAST_SCHEMA_VERSION);
    expect(document.vulnerabilities).toEqual([]);
    expect(document.scan.status).toBe('success');
  });

  it('lists unsuppressed findings with their rule as the primary identifier, and marks an incomplete scan failed', () => {
    const document = check(gitlabSastFormatter.format(typicalReport(), options));
    const active = typicalReport().findings.filter((f) => !f.suppressed);
    expect(document.vulnerabilities.map((v) => [v.identifiers[0]!.value, v.location.file, v.location.start_line, v.severity])).toEqual(
      active.map((f) => [f.ruleId, f.location.file, f.location.startLine, f.severity.charAt(0).toUpperCase() + f.severity.slice(1)]),
    );
    expect(document.scan.status).toBe('failure');
    expect(document.scan.messages?.map((m) => m.value)).toEqual(['deploy/broken.yaml: invalid YAML: bad indentation']);
  });

  it('IDs are stable per finding (from fingerprints) and distinct', () => {
    const first = check(gitlabSastFormatter.format(typicalReport(), options));
    const second = check(gitlabSastFormatter.format(typicalReport(), options));
    expect(first.vulnerabilities.map((v) => v.id)).toEqual(second.vulnerabilities.map((v) => v.id));
    expect(new Set(first.vulnerabilities.map((v) => v.id)).size).toBe(first.vulnerabilities.length);
    expect(first.vulnerabilities[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('stays valid on hostile text: positions clamped, names and descriptions within GitLab\'s limits', () => {
    const document = check(gitlabSastFormatter.format(adversarialReport(), options));
    expect(document.vulnerabilities).toHaveLength(1);
    expect(document.vulnerabilities[0]!.location.start_line).toBe(1);
  });

  it('vulnerabilities of packages are reported with their CVE as identifier, at the package file', () => {
    const vuln = vulnerability({ id: 'CVE-2024-0001', aliases: ['GHSA-aaaa-bbbb-cccc'], locations: [{ file: 'web/package-lock.json' }] });
    const document = check(gitlabSastFormatter.format(report([finding()], [], undefined, [vuln, vulnerability({ fingerprint: 'e'.repeat(32), suppressed: { kind: 'vex', reason: 'not affected' } })]), options));
    const entry = document.vulnerabilities.find((v) => v.identifiers[0]!.value === 'CVE-2024-0001')!;
    expect(entry).toMatchObject({ severity: 'Critical', location: { file: 'web/package-lock.json', start_line: 1 } });
    expect(entry.identifiers.map((i) => [i.type, i.value])).toEqual([['cve', 'CVE-2024-0001'], ['advisory', 'GHSA-aaaa-bbbb-cccc']]);
    expect(document.vulnerabilities).toHaveLength(2);
  });

  it('times span the scan\'s duration, in the schema\'s format', () => {
    const document = JSON.parse(formatGitlabSast(typicalReport(), options, new Date('2026-03-01T10:00:00.999Z'))) as GitlabReport;
    expect([document.scan.start_time, document.scan.end_time]).toEqual(['2026-03-01T10:00:00', '2026-03-01T10:00:00']);
  });
});
