import { describe, expect, it } from 'vitest';
import { parseOsvRecord, parseOsvTime, type SkipCode } from './model.js';
import { normalizePackageName } from './names.js';

const valid = {
  schema_version: '1.6.0',
  id: 'GHSA-xxxx-yyyy-zzzz',
  modified: '2024-05-01T10:00:00.123456Z',
  published: '2024-04-01T00:00:00Z',
  aliases: ['CVE-2024-0001'],
  related: ['PYSEC-2024-1'],
  summary: 'own summary',
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
  affected: [
    {
      package: { ecosystem: 'PyPI', name: 'Django', purl: 'pkg:pypi/django' },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '4.2.1' }] }],
      versions: ['4.2'],
      database_specific: { severity: 'HIGH' },
    },
    { ranges: [{ type: 'GIT', repo: 'https://github.com/django/django', events: [{ introduced: 'abc' }, { limit: 'def' }] }] },
  ],
  database_specific: { severity: 'HIGH' },
};

const reason = (value: unknown): { code: SkipCode; detail: string } | undefined => {
  const result = parseOsvRecord(JSON.stringify(value));
  return result.ok ? undefined : result.reason;
};

describe('parseOsvRecord', () => {
  it('accepts a full schema 1.6 record and keeps its fields', () => {
    const result = parseOsvRecord(JSON.stringify(valid));
    expect(result.ok).toBe(true);
    expect(result.ok && result.record.affected?.[0]?.database_specific).toEqual({ severity: 'HIGH' });
  });

  it('accepts a minimal record', () => {
    expect(parseOsvRecord('{"id":"GO-1","modified":"2024-01-01T00:00:00Z"}').ok).toBe(true);
  });

  it.each<[string, unknown, SkipCode, string]>([
    ['array', [valid], 'not-an-object', '$'],
    ['no id', { ...valid, id: undefined }, 'missing-id', '$.id'],
    ['blank id', { ...valid, id: ' ' }, 'missing-id', '$.id'],
    ['no modified', { ...valid, modified: undefined }, 'missing-modified', '$.modified'],
    ['unreadable modified', { ...valid, modified: 'yesterday' }, 'invalid-date', '$.modified'],
    ['numeric published', { ...valid, published: 2024 }, 'wrong-type', '$.published'],
    ['aliases string', { ...valid, aliases: 'CVE-1' }, 'wrong-type', '$.aliases'],
    ['upstream with a number', { ...valid, upstream: ['CVE-1', 42] }, 'wrong-type', '$.upstream'],
    ['summary object', { ...valid, summary: {} }, 'wrong-type', '$.summary'],
    ['severity without score', { ...valid, severity: [{ type: 'CVSS_V3' }] }, 'wrong-type', '$.severity[0]'],
    ['affected object', { ...valid, affected: {} }, 'wrong-type', '$.affected'],
    ['package without name', { ...valid, affected: [{ package: { ecosystem: 'PyPI' } }] }, 'wrong-type', '$.affected[0].package'],
    ['versions of numbers', { ...valid, affected: [{ versions: [1, 2] }] }, 'wrong-type', '$.affected[0].versions'],
    ['ecosystem_specific array', { ...valid, affected: [{ ecosystem_specific: [] }] }, 'wrong-type', '$.affected[0].ecosystem_specific'],
    ['unknown range type', { ...valid, affected: [{ ranges: [{ type: 'SVN', events: [{ introduced: '0' }] }] }] }, 'invalid-range', '$.affected[0].ranges[0].type'],
    ['GIT without repo', { ...valid, affected: [{ ranges: [{ type: 'GIT', events: [{ introduced: '0' }] }] }] }, 'invalid-range', '$.affected[0].ranges[0].repo'],
    ['no events', { ...valid, affected: [{ ranges: [{ type: 'SEMVER', events: [] }] }] }, 'invalid-range', '$.affected[0].ranges[0].events'],
    ['two keys in an event', { ...valid, affected: [{ ranges: [{ type: 'SEMVER', events: [{ introduced: '0', fixed: '1' }] }] }] }, 'invalid-event', '$.affected[0].ranges[0].events[0]'],
    ['unknown event', { ...valid, affected: [{ ranges: [{ type: 'SEMVER', events: [{ patched: '1' }] }] }] }, 'invalid-event', '$.affected[0].ranges[0].events[0]'],
    ['numeric event', { ...valid, affected: [{ ranges: [{ type: 'SEMVER', events: [{ fixed: 1 }] }] }] }, 'invalid-event', '$.affected[0].ranges[0].events[0]'],
  ])('skips a record with %s', (_label, value, code, detail) => {
    expect(reason(value)).toEqual({ code, detail });
  });

  it('reports bad JSON', () => {
    const result = parseOsvRecord('{"id": ');
    expect(result.ok ? undefined : result.reason.code).toBe('invalid-json');
  });
});

describe('parseOsvTime', () => {
  it('reads RFC 3339 with fractions and pads short years seen in converted records', () => {
    expect(parseOsvTime('2021-07-16T01:31:33.917972Z')).toBe(Date.UTC(2021, 6, 16, 1, 31, 33, 917));
    expect(parseOsvTime('1-01-01T00:00:00Z')).toBe(parseOsvTime('0001-01-01T00:00:00Z'));
    expect(parseOsvTime('not a date')).toBeNaN();
  });
});

describe('normalizePackageName', () => {
  it('normalises PyPI names per PEP 503, including release-qualified ecosystems', () => {
    expect(normalizePackageName('PyPI', 'Foo_Bar.baz--Qux')).toBe('foo-bar-baz-qux');
  });

  it('keeps npm and Go names as written', () => {
    expect(normalizePackageName('npm', '@Scope/Pkg_Name')).toBe('@Scope/Pkg_Name');
    expect(normalizePackageName('Go', 'github.com/BurntSushi/toml')).toBe('github.com/BurntSushi/toml');
  });
});
