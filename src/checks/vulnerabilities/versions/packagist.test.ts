import { describe, expect, it } from 'vitest';
import { packagistOrdering } from './packagist.js';
import { expectAscending, expectEquivalent, expectGroupOrder, expectTotalPreorder, MALFORMED } from './testdata/order-checks.js';
import { PACKAGIST_INVALID, PACKAGIST_ORDER } from './testdata/reference-orders.js';

const ASCENDING = [
  '1.0.0-dev',
  '1.0.0-alpha1-dev',
  '1.0.0-alpha1',
  '1.0.0-alpha2',
  '1.0.0-beta1',
  '1.0.0-RC1',
  '1.0.0-RC2',
  '1.0.0',
  '1.0.0-patch1',
  '1.0.0.1',
  '1.0.1',
  '1.2',
  '1.10',
  '2.0.0-beta',
  '2.0.0',
];

describe('packagistOrdering', () => {
  it('orders stabilities dev < alpha < beta < RC < release < patch', () => {
    expectAscending(packagistOrdering, ASCENDING);
  });

  it('normalizes as Composer does', () => {
    expectEquivalent(packagistOrdering, [
      ['1.0', '1.0.0.0'],
      ['v1.0.0', '1.0.0'],
      ['1.0.0-a1', '1.0.0-alpha1'],
      ['1.0.0-b.2', '1.0.0-beta2'],
      ['1.0.0-rc1', '1.0.0-RC1'],
      ['1.0.0-pl1', '1.0.0-p1'],
      ['1.0.0-p1', '1.0.0-patch1'],
      ['1.0.0-stable', '1.0.0'],
      ['1.0.0+build.5', '1.0.0'],
    ]);
  });

  it('rejects named branches and unknown modifiers', () => {
    for (const version of ['dev-main', 'master', '1.0.0-foo', 'latest', ...PACKAGIST_INVALID]) expect([version, packagistOrdering.isValid(version)]).toEqual([version, false]);
    expectTotalPreorder(packagistOrdering, [...ASCENDING, '1.0', 'dev-main', ...MALFORMED]);
  });

  it('agrees with composer/semver on every pair of edge cases: v prefixes, dates, numbered branches', () => {
    expectGroupOrder(packagistOrdering, PACKAGIST_ORDER);
    expect(packagistOrdering.compare('v3.0', 'v3.0.0-beta')).toBe(1);
    expect(packagistOrdering.compare('3.0.0-beta', '3.0')).toBe(-1);
  });
});
