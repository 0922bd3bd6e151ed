import { describe, expect, it } from 'vitest';
import { dpkgOrdering } from './dpkg.js';
import { expectAscending, expectEquivalent, expectGroupOrder, expectTotalPreorder, MALFORMED } from './testdata/order-checks.js';
import { DPKG_INVALID, DPKG_ORDER } from './testdata/reference-orders.js';

// Debian Policy 5.6.12: ~ sorts before everything, even the end of the part; letters before other non-digits.
const ASCENDING = [
  '0.9',
  '1.0~~',
  '1.0~~a',
  '1.0~rc1',
  '1.0',
  '1.0-1',
  '1.0-1ubuntu0.1',
  '1.0-1+deb12u1',
  '1.0-2',
  '1.0-10',
  '1.0a',
  '1.0+dfsg',
  '1.0.1',
  '1.2',
  '1.10',
  '2.0',
  '1:0.9',
  '1:1.0',
  '2:0.1',
];

describe('dpkgOrdering (Debian, Ubuntu)', () => {
  it('orders epoch, upstream and revision as dpkg does', () => {
    expectAscending(dpkgOrdering, ASCENDING);
  });

  it('compares digit runs numerically and treats a missing epoch or revision as zero', () => {
    expectEquivalent(dpkgOrdering, [
      ['0:1.0', '1.0'],
      ['1.0-0', '1.0'],
      ['1.01', '1.1'],
      ['1.0-00', '1.0-0'],
      [' 1.0 ', '1.0'],
    ]);
  });

  it('takes the revision after the last hyphen', () => {
    expectAscending(dpkgOrdering, ['1.0-beta-1', '1.0-beta-2', '1.0-rc-1']);
  });

  it('rejects what dpkg reports as errors, and keeps ordering versions with warnings', () => {
    for (const version of ['', 'a:1.0', ':1.0', '1.0-', '1:', '1 0', '-1']) expect([version, dpkgOrdering.isValid(version)]).toEqual([version, false]);
    expect(dpkgOrdering.isValid('abc')).toBe(true);
    expectTotalPreorder(dpkgOrdering, [...ASCENDING, '1.0-0', '1.01', 'abc', ...MALFORMED]);
  });

  it('agrees with dpkg --compare-versions on every pair of edge cases, and rejects what it rejects', () => {
    expectGroupOrder(dpkgOrdering, DPKG_ORDER);
    for (const version of DPKG_INVALID) expect([version, dpkgOrdering.isValid(version)]).toEqual([version, false]);
  });
});
