import { compare } from '@renovatebot/pep440';
import { describe, expect, it } from 'vitest';
import { pypiOrdering } from './pypi.js';
import { expectAscending, expectEquivalent, expectGroupOrder, expectTotalPreorder, MALFORMED } from './testdata/order-checks.js';
import { PYPI_INVALID, PYPI_ORDER } from './testdata/reference-orders.js';

// PEP 440 "Summary of permitted suffixes and relative ordering", plus epochs and local versions.
const ASCENDING = [
  '0.9',
  '1.0.dev0',
  '1.0a1.dev1',
  '1.0a1',
  '1.0a2',
  '1.0b1',
  '1.0rc1',
  '1.0',
  '1.0+local',
  '1.0+local.7',
  '1.0.post1.dev1',
  '1.0.post1',
  '1.0.1',
  '1.1.dev1',
  '2.0',
  '2013.10',
  '1!0.1',
  '1!1.0',
];

describe('pypiOrdering', () => {
  it('orders dev < pre < release < local < post, and epochs above everything', () => {
    expectAscending(pypiOrdering, ASCENDING);
  });

  it('treats normalized spellings, trailing zeros and surrounding whitespace as equal', () => {
    expectEquivalent(pypiOrdering, [
      ['1.0', '1.0.0'],
      ['1.0', 'v1.0'],
      ['1.0alpha1', '1.0a1'],
      ['1.0-rc.1', '1.0rc1'],
      ['1.0c1', '1.0rc1'],
      ['1.0-1', '1.0.post1'],
      ['1.0.DEV', '1.0.dev0'],
      [' 1.0 ', '1.0'],
      ['0!1.0', '1.0'],
    ]);
  });

  it('orders local versions numerically after alphanumerics', () => {
    expectAscending(pypiOrdering, ['1.0+abc', '1.0+abc.1', '1.0+1', '1.0+2', '1.0+10']);
  });

  it('rejects non-PEP 440 strings without throwing', () => {
    for (const version of ['1.0-foo', 'latest', '1.0+', '1..0']) expect([version, pypiOrdering.isValid(version)]).toEqual([version, false]);
    expectTotalPreorder(pypiOrdering, [...ASCENDING, '1.0.0', ...MALFORMED, '1.0-foo']);
  });

  it('orders every pair exactly as the PEP 440 library does', () => {
    const versions = [...ASCENDING, '1.0.0', '1.0a', '1.0b0', '1.0rc1.post1', '1.0.post0', '1.0.dev', '1.0.post1.dev0', '1.0+Abc', '1.0+abc-2', '1.0+1.a', '1.0+01', '1!1.0+local', 'v2.0.0', '2.0.0.0.1'];
    for (const a of versions)
      for (const b of versions) expect([a, b, pypiOrdering.compare(a, b)]).toEqual([a, b, Math.sign(compare(a.trim(), b.trim()))]);
  });

  it('agrees with packaging 26.4 on every pair of local-version edge cases: 1.0.0+local > 1.0.0', () => {
    expect(pypiOrdering.compare('1.0.0+local', '1.0.0')).toBe(1);
    expectGroupOrder(pypiOrdering, PYPI_ORDER);
    for (const version of PYPI_INVALID) expect([version, pypiOrdering.isValid(version)]).toEqual([version, false]);
  });
});
