import { describe, expect, it } from 'vitest';
import { mavenOrdering } from './maven.js';
import { expectAscending, expectEquivalent, expectGroupOrder, expectTotalPreorder, MALFORMED } from './testdata/order-checks.js';
import { MAVEN_ORDER } from './testdata/reference-orders.js';

const ASCENDING = [
  '1-alpha',
  '1-alpha-1',
  '1-alpha2',
  '1-beta',
  '1-b2',
  '1-milestone-1',
  '1-rc1',
  '1-cr2',
  '1-snapshot',
  '1',
  '1-sp',
  '1-sp1',
  '1-abc',
  '1-xyz',
  '1-1',
  '1.0.1',
  '1.1-alpha1',
  '1.1',
  '1.1.1',
  '1.2',
  '1.10',
  '2',
];

describe('mavenOrdering', () => {
  it('orders qualifiers alpha < beta < milestone < rc = cr < snapshot < release < sp < others', () => {
    expectAscending(mavenOrdering, ASCENDING);
    expectAscending(mavenOrdering, ['1.0-alpha', '1.0', '1.0-sp', '1.0.1']);
  });

  it('follows the POM reference examples', () => {
    expectAscending(mavenOrdering, ['1', '1.1']);
    expectAscending(mavenOrdering, ['1-snapshot', '1', '1-sp']);
    expectAscending(mavenOrdering, ['1-foo2', '1-foo10']);
    expectAscending(mavenOrdering, ['1.foo', '1-1', '1.1']);
    expectAscending(mavenOrdering, ['1-sp-1', '1-ga-1']);
    expectAscending(mavenOrdering, ['1-ga.1', '1-sp.1']);
    // The page says `1-ga-1` = `1-1`; ComparableVersion, which Maven runs, keeps the `ga` list and orders it first.
    expectAscending(mavenOrdering, ['1-ga-1', '1-1']);
    expectEquivalent(mavenOrdering, [
      ['1.foo', '1-foo'],
      ['1.ga', '1-ga'],
      ['1-ga', '1-0'],
      ['1-0', '1.0'],
      ['1.0', '1'],
      ['1.0.0', '1'],
      ['1-final', '1'],
      ['1.release', '1'],
      ['1-a1', '1-alpha-1'],
      ['1.0alpha1', '1-alpha-1'],
      ['1-RC1', '1-rc1'],
      ['1-CR1', '1-rc1'],
      ['1.0-SNAPSHOT', '1-snapshot'],
    ]);
  });

  it('expands a, b and m only when a number follows', () => {
    expect(mavenOrdering.compare('1-a', '1-sp')).toBe(1);
    expect(mavenOrdering.compare('1-a1', '1-b1')).toBe(-1);
  });

  it('accepts any non-blank string, as Maven does, and orders the rest first', () => {
    expect(mavenOrdering.isValid('NotAVersion')).toBe(true);
    expect(mavenOrdering.compare('', 'NotAVersion')).toBe(-1);
    expectTotalPreorder(mavenOrdering, [...ASCENDING, '1.0', '1-ga-1', '1.foo', '1-foo', 'NotAVersion', ...MALFORMED]);
  });

  it('agrees with maven-artifact 3.9.9 on every pair of edge cases: qualifiers after dots, underscores, rc and .rc', () => {
    expectGroupOrder(mavenOrdering, MAVEN_ORDER);
    expectEquivalent(mavenOrdering, [
      ['1.0.rc1', '1.0-rc1'],
      ['1.0.0.RC1', '1.0-RC1'],
      ['5.3.0.Final', '5.3.0'],
    ]);
  });

  it('refuses digits of other scripts rather than misorder them', () => {
    expect(mavenOrdering.isValid('１.０')).toBe(false);
  });
});
