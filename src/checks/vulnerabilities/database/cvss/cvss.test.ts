import { describe, expect, it } from 'vitest';
import { cvssSeverity, roundUp30, roundUp31, scoreCvss, scoreCvssV2, scoreCvssV3, scoreCvssV4 } from './index.js';

describe('CVSS v3', () => {
  // Worked examples of the CVSS v3.1 "Examples" document (FIRST).
  it.each([
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1], // CVE-2013-1937
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N', 6.4], // CVE-2013-0375
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N', 3.1], // CVE-2014-3566
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 9.9], // CVE-2012-1516
    ['CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L', 4.2], // CVE-2009-0783
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 7.5], // CVE-2014-0160
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8], // CVE-2014-6271
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N/E:U/RL:O/RC:C', 7.5],
  ])('%s scores %d', (vector, score) => {
    expect(scoreCvssV3(vector)).toBe(score);
  });

  it('uses the v3.1 integer Roundup, which keeps 4.000000000000001 at 4.0 where v3.0 gives 4.1', () => {
    expect(roundUp31(4.000000000000001)).toBe(4);
    expect(roundUp30(4.000000000000001)).toBe(4.1);
    expect(roundUp31(4.02)).toBe(4.1);
    expect(roundUp31(4.0)).toBe(4);
  });

  it.each([
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N', // A missing
    'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', // bad value
    'CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', // duplicate
    'CVSS:2.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N',
    'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N',
  ])('rejects %s', (vector) => {
    expect(scoreCvssV3(vector)).toBeUndefined();
  });
});

describe('CVSS v2', () => {
  // Examples of the CVSS v2 guide, section 3.3.
  it.each([
    ['AV:N/AC:L/Au:N/C:N/I:N/A:C', 7.8], // CVE-2002-0392
    ['AV:N/AC:L/Au:N/C:C/I:C/A:C', 10], // CVE-2003-0818
    ['AV:L/AC:H/Au:N/C:C/I:C/A:C', 6.2], // CVE-2003-0062
    ['AV:N/AC:L/Au:N/C:P/I:P/A:P', 7.5],
    ['AV:N/AC:L/Au:N/C:N/I:N/A:N', 0],
    ['AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C', 7.8],
  ])('%s scores %d', (vector, score) => {
    expect(scoreCvssV2(vector)).toBe(score);
  });

  it('rejects incomplete and unknown metrics', () => {
    expect(scoreCvssV2('AV:N/AC:L/Au:N/C:N/I:N')).toBeUndefined();
    expect(scoreCvssV2('AV:N/AC:L/Au:N/C:N/I:N/A:Q')).toBeUndefined();
  });
});

describe('CVSS v4', () => {
  // Vectors and scores from the FIRST v4.0 calculator's published test vectors.
  it.each([
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 9.3],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:H/VA:L/SC:N/SI:H/SA:L', 9.2],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:H/SI:N/SA:L', 7.8],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:N/SC:N/SI:L/SA:N', 6.9],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:H/SI:L/SA:H', 7.9],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:L/VI:N/VA:N/SC:L/SI:N/SA:L', 5.3],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 8.6],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:P/VC:H/VI:L/VA:L/SC:L/SI:L/SA:L', 7.0],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:P/VC:L/VI:L/VA:N/SC:L/SI:N/SA:N', 4.8],
    ['CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:N/SA:H', 9.5],
    ['CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:A/VC:N/VI:N/VA:N/SC:L/SI:N/SA:N', 2.1],
    ['CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:A/VC:N/VI:L/VA:L/SC:L/SI:N/SA:N', 1.8],
    ['CVSS:4.0/AV:N/AC:H/AT:N/PR:L/UI:A/VC:L/VI:L/VA:L/SC:H/SI:H/SA:H', 5.2],
    ['CVSS:4.0/AV:N/AC:H/AT:N/PR:H/UI:A/VC:N/VI:N/VA:N/SC:N/SI:H/SA:N', 4.0],
    ['CVSS:4.0/AV:N/AC:H/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:L/SA:N', 9.5],
    ['CVSS:4.0/AV:N/AC:H/AT:P/PR:N/UI:N/VC:N/VI:L/VA:N/SC:L/SI:H/SA:L', 7.0],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N', 0],
  ])('%s scores %d', (vector, score) => {
    expect(scoreCvssV4(vector)).toBe(score);
  });

  it('applies threat and environmental metrics (E:U lowers, MSI:S raises to the safety class)', () => {
    const base = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
    expect(scoreCvssV4(`${base}/E:U`)).toBeLessThan(9.3);
    expect(scoreCvssV4(`${base}/MSI:S`)).toBe(10);
    expect(scoreCvssV4(`${base}/E:X/CR:X/S:P/AU:Y`)).toBe(9.3);
  });

  it('rejects malformed vectors', () => {
    expect(scoreCvssV4('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N')).toBeUndefined();
    expect(scoreCvssV4('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N')).toBeUndefined();
    expect(scoreCvssV4('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N')).toBeUndefined();
  });
});

describe('severity mapping', () => {
  it('uses the v3/v4 qualitative scale', () => {
    expect([0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map((score) => cvssSeverity(score, 'CVSS_V3'))).toEqual([
      'none', 'low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical',
    ]);
    expect(cvssSeverity(9.3, 'CVSS_V4')).toBe('critical');
  });

  it('uses the NVD v2 scale, which has no critical', () => {
    expect([0, 3.9, 4, 6.9, 7, 10].map((score) => cvssSeverity(score, 'CVSS_V2'))).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high']);
  });

  it('dispatches on the OSV severity type', () => {
    expect(scoreCvss('CVSS_V2', 'AV:N/AC:L/Au:N/C:C/I:C/A:C')).toBe(10);
    expect(scoreCvss('CVSS_V3', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBe(9.8);
    expect(scoreCvss('CVSS_V4', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N')).toBe(9.3);
  });
});
