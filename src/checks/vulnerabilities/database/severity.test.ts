import { describe, expect, it } from 'vitest';
import type { OsvRecord } from './model.js';
import { advisorySeverity } from './severity.js';

const base: OsvRecord = { id: 'X-1', modified: '2024-01-01T00:00:00Z' };

describe('advisorySeverity', () => {
  it('prefers a computed v3 score over v4 and v2', () => {
    const record: OsvRecord = {
      ...base,
      severity: [
        { type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:C/I:C/A:C' },
        { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' },
        { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N' },
      ],
    };
    expect(advisorySeverity(record)).toEqual({ score: 3.1, severity: 'low', source: 'CVSS_V3' });
  });

  it('falls back to the next version when a vector does not parse', () => {
    const record: OsvRecord = {
      ...base,
      severity: [
        { type: 'CVSS_V3', score: 'CVSS:3.1/garbage' },
        { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' },
      ],
    };
    expect(advisorySeverity(record)).toEqual({ score: 9.3, severity: 'critical', source: 'CVSS_V4' });
  });

  it('uses per-package CVSS when the record has none', () => {
    const record: OsvRecord = {
      ...base,
      affected: [{ severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }] }],
    };
    expect(advisorySeverity(record)).toEqual({ score: 7.5, severity: 'high', source: 'affected.CVSS_V3' });
  });

  it('maps GHSA database_specific.severity MODERATE to medium', () => {
    expect(advisorySeverity({ ...base, database_specific: { severity: 'MODERATE' } })).toEqual({
      score: null,
      severity: 'medium',
      source: 'database_specific.severity',
    });
  });

  it('keeps the worst Debian urgency across packages and reads Ubuntu priorities', () => {
    const debian: OsvRecord = {
      ...base,
      affected: [{ ecosystem_specific: { urgency: 'low' } }, { ecosystem_specific: { urgency: 'high' } }, { ecosystem_specific: { urgency: 'not yet assigned' } }],
    };
    expect(advisorySeverity(debian)).toEqual({ score: null, severity: 'high', source: 'affected.ecosystem_specific.urgency' });
    expect(advisorySeverity({ ...base, severity: [{ type: 'Ubuntu', score: 'medium' }] }).severity).toBe('medium');
  });

  it('reports nothing when the record carries no severity', () => {
    expect(advisorySeverity(base)).toEqual({ score: null, severity: null, source: null });
  });
});
