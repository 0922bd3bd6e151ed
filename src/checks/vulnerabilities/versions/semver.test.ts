import { describe, expect, it } from 'vitest';
import { pubOrdering, semverOrdering } from './semver.js';
import { expectAscending, expectEquivalent, expectTotalPreorder, MALFORMED } from './testdata/order-checks.js';

// SemVer 2.0 §11 example chain, then patch/minor/major steps.
const ASCENDING = [
  '0.0.0',
  '0.9.9',
  '1.0.0-0',
  '1.0.0-alpha',
  '1.0.0-alpha.1',
  '1.0.0-alpha.beta',
  '1.0.0-beta',
  '1.0.0-beta.2',
  '1.0.0-beta.11',
  '1.0.0-rc.1',
  '1.0.0',
  '1.0.1',
  '1.2.0',
  '1.10.0',
  '2.0.0-1',
  '2.0.0',
  '10.0.0',
];

describe('semverOrdering (npm, crates.io, Hex, SemVer)', () => {
  it('orders by SemVer 2.0 precedence, numeric identifiers numerically and below alphanumeric ones', () => {
    expectAscending(semverOrdering, ASCENDING);
  });

  it('ignores build metadata', () => {
    expectEquivalent(semverOrdering, [
      ['1.0.0+build.1', '1.0.0+build.2'],
      ['1.0.0-rc.1+x', '1.0.0-rc.1'],
    ]);
  });

  it('is strict: loose forms npm would only coerce are invalid and sort first', () => {
    for (const version of ['1.0', '01.0.0', '1.0.0-01', '=1.0.0x', 'latest']) expect([version, semverOrdering.isValid(version)]).toEqual([version, false]);
    expect(semverOrdering.compare('1.0', '0.0.1')).toBe(-1);
    expect(semverOrdering.compare('0', '0.0.0')).toBe(-1);
  });

  it('is a total order over its table and malformed input, never throwing', () => {
    expectTotalPreorder(semverOrdering, [...ASCENDING, '1.0.0+meta', ...MALFORMED]);
  });
});

describe('pubOrdering', () => {
  it('orders like SemVer but ranks build metadata after the release', () => {
    expectAscending(pubOrdering, ['1.0.0-dev', '1.0.0', '1.0.0+1', '1.0.0+2', '1.0.0+10', '1.0.0+a', '1.0.1']);
    expectTotalPreorder(pubOrdering, ['1.0.0+1', '1.0.0', ...ASCENDING, ...MALFORMED]);
  });
});
