import { describe, expect, it } from 'vitest';
import { goOrdering } from './go.js';
import { expectAscending, expectEquivalent, expectTotalPreorder, MALFORMED } from './testdata/order-checks.js';

// Module versions including the three pseudo-version forms of `go help modules`.
const ASCENDING = [
  'v0.0.0-20190101000000-aaaaaaaaaaaa',
  'v0.0.0-20210101000000-abcdef123456',
  'v0.1.0',
  'v1.0.0-alpha',
  'v1.0.0-alpha.1',
  'v1.0.0-beta',
  'v1.0.0',
  'v1.2.3-pre.0.20210101000000-abcdef123456',
  'v1.2.3',
  'v1.2.4-0.20210101000000-abcdef123456',
  'v1.2.4',
  'v1.10.0',
  'v2.0.0+incompatible',
  'v2.0.1',
  'v18446744073709551616.0.0',
];

describe('goOrdering', () => {
  it('orders module versions, pseudo-versions below the release they precede', () => {
    expectAscending(goOrdering, ASCENDING);
  });

  it('accepts OSV spellings without the v, shorthand majors, and ignores +incompatible', () => {
    expectEquivalent(goOrdering, [
      ['1.2.3', 'v1.2.3'],
      ['0.0.0-20210101000000-abcdef123456', 'v0.0.0-20210101000000-abcdef123456'],
      ['v2.0.0+incompatible', 'v2.0.0'],
      ['v1', 'v1.0.0'],
      ['v1.2', 'v1.2.0'],
    ]);
  });

  it('rejects what golang.org/x/mod/semver rejects', () => {
    for (const version of ['v01.0.0', 'v1.0.0-01', 'v1.2-pre', 'v1+meta', 'v1.0.0-', 'v1.0.0+', 'v1.0.0.0', 'vv1.0.0']) {
      expect([version, goOrdering.isValid(version)]).toEqual([version, false]);
    }
  });

  it('is a total order with malformed input sorted first', () => {
    expect(goOrdering.compare('v1.0.0-01', 'v0.0.1')).toBe(-1);
    expectTotalPreorder(goOrdering, [...ASCENDING, '1.2.3', 'v1', ...MALFORMED]);
  });
});
