import { describe, expect, it } from 'vitest';
import { rpmOrdering, rpmvercmp } from './rpm.js';
import { expectAscending, expectEquivalent, expectGroupOrder, expectTotalPreorder, MALFORMED } from './testdata/order-checks.js';
import { RPM_ORDER } from './testdata/reference-orders.js';

const ASCENDING = [
  '0.9-1.el9',
  '1.0~rc1-1',
  '1.0-1',
  '1.0-1.el9',
  '1.0-1.el9_2',
  '1.0-2.el9',
  '1.0^20240101-1',
  '1.0a-1',
  '1.0.1-1',
  '1.2-1',
  '1.10-1',
  '1:0.9-1',
  '2:0.1-1',
];

describe('rpmOrdering (Red Hat, Rocky Linux, AlmaLinux, SUSE, openSUSE, Mageia)', () => {
  it('orders epoch, version and release with rpmvercmp', () => {
    expectAscending(rpmOrdering, ASCENDING);
  });

  it('implements rpmvercmp tilde, caret, type and separator rules', () => {
    const cases: ReadonlyArray<readonly [string, string, number]> = [
      ['1.0~rc1', '1.0', -1],
      ['1.0~rc1', '1.0~rc2', -1],
      ['1.0~~', '1.0~', -1],
      ['1.0^1', '1.0', 1],
      ['1.0^1', '1.0.1', -1],
      ['1.0^', '1.0', 1],
      ['1.0~rc1^git1', '1.0~rc1', 1],
      ['1.0a', '1.0', 1],
      ['1.0', '1.0.a', -1],
      ['1.a', '1.1', -1],
      ['1.010', '1.9', 1],
      ['2.0', '10', -1],
      ['1_0', '1.0', 0],
      ['1.0.', '1.0', 0],
      ['abc', 'abd', -1],
      ['B', 'a', -1],
    ];
    for (const [a, b, expected] of cases) {
      expect([a, b, Math.sign(rpmvercmp(a, b)), Math.sign(rpmvercmp(b, a))]).toEqual([a, b, expected, -expected || 0]);
    }
  });

  it('treats a missing epoch as 0 and a missing release as below any release, the empty one included, as rpm does', () => {
    expectEquivalent(rpmOrdering, [
      ['0:1.0-1', '1.0-1'],
      [':1.0-1', '1.0-1'],
      ['1.0-01', '1.0-1'],
    ]);
    expectAscending(rpmOrdering, ['1.0', '1.0-', '1.0-0', '1.0-1']);
  });

  it('agrees with rpm 4.18 on every pair of edge cases: epochs only as leading digits before ":", a trailing "-"', () => {
    expectGroupOrder(rpmOrdering, RPM_ORDER);
    expect(rpmOrdering.compare('a:1', 'a1:1')).toBe(-1);
  });

  it('accepts what rpm accepts, rejecting only empty versions, whitespace and control characters', () => {
    for (const version of ['a:1.0', '1:', '-1', ':']) expect([version, rpmOrdering.isValid(version)]).toEqual([version, true]);
    for (const version of ['', '1.0 -1', '1.0\t', '1.0\u0000']) expect([version, rpmOrdering.isValid(version)]).toEqual([version, false]);
    expectTotalPreorder(rpmOrdering, [...ASCENDING, '1.0', '0:1.0-1', '1_0-1', ...MALFORMED]);
  });
});
