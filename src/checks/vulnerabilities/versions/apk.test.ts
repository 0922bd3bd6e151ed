import { describe, expect, it } from 'vitest';
import { apkOrdering } from './apk.js';
import { expectAscending, expectEquivalent, expectTotalPreorder, MALFORMED } from './testdata/order-checks.js';

const ASCENDING = [
  '1.2_alpha',
  '1.2_alpha1',
  '1.2_beta2',
  '1.2_pre1',
  '1.2_rc1',
  '1.2',
  '1.2-r1',
  '1.2-r10',
  '1.2_cvs1',
  '1.2_svn1',
  '1.2_git20240101',
  '1.2_hg1',
  '1.2_p1',
  '1.2_p1-r1',
  '1.2_p2',
  '1.2a',
  '1.2b',
  '1.2.0',
  '1.2.1_rc1',
  '1.2.1',
  '1.10',
];

describe('apkOrdering (Alpine, Wolfi, Chainguard)', () => {
  it('orders pre-release suffixes < release < -rN < post-release suffixes < letter < more digits', () => {
    expectAscending(apkOrdering, ASCENDING);
    expectAscending(apkOrdering, ['1.2_rc1', '1.2', '1.2_p1']);
  });

  it('ranks a package revision below an upstream patch suffix, as apk-tools does', () => {
    // A _p suffix names a newer upstream source; -rN only rebuilds 1.2, so 1.2_p1 > 1.2-r1.
    expectAscending(apkOrdering, ['1.2-r1', '1.2_p1']);
  });

  it('compares dot parts with a leading zero as strings, like Gentoo', () => {
    expectAscending(apkOrdering, ['1.001', '1.01', '1.1']);
    expectAscending(apkOrdering, ['1.0', '1.05', '1.1', '1.2']);
    expectEquivalent(apkOrdering, [
      ['01.2', '1.2'],
      ['1.2-r01', '1.2-r1'],
    ]);
  });

  it('orders a commit hash above a revision and below a suffix', () => {
    expectAscending(apkOrdering, ['1.2', '1.2-r1', '1.2~abc', '1.2~abc-r1', '1.2~abd', '1.2_p1']);
  });

  it('rejects what apk_version_validate rejects', () => {
    for (const version of ['', 'a1', '1.', '1.2_foo', '1.2-r', '1.2-1', '1.2ab', '1.2a.3', '1.2-r1_p1', '1.2_p1a', 'v1.2']) {
      expect([version, apkOrdering.isValid(version)]).toEqual([version, false]);
    }
    expectTotalPreorder(apkOrdering, [...ASCENDING, '01.2', '1.2~abc', ...MALFORMED, '1.2_foo']);
  });
});
