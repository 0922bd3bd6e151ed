import { describe, expect, it } from 'vitest';
import { nugetOrdering } from './nuget.js';
import { expectAscending, expectEquivalent, expectTotalPreorder, MALFORMED } from './testdata/order-checks.js';

const ASCENDING = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-Beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.0.1', '1.0.1', '1.2', '1.10.0', '2'];

describe('nugetOrdering', () => {
  it('orders four numeric parts, then SemVer 2 release labels', () => {
    expectAscending(nugetOrdering, ASCENDING);
  });

  it('pads missing parts, ignores label case, metadata and legacy leading zeros', () => {
    expectEquivalent(nugetOrdering, [
      ['1', '1.0.0.0'],
      ['1.0', '1.0.0'],
      ['1.0.0-BETA', '1.0.0-beta'],
      ['1.0.0+abc', '1.0.0+def'],
      ['1.0.0-rc.1+abc', '1.0.0-RC.1'],
      ['01.002.0', '1.2.0'],
    ]);
  });

  it('rejects parts above int32 and malformed labels', () => {
    for (const version of ['2147483648.0.0', '1.0.0.0.0', '1.0.0-', '1.0.0-a..b', 'v1.0.0', '1.0.0-é']) {
      expect([version, nugetOrdering.isValid(version)]).toEqual([version, false]);
    }
    expectTotalPreorder(nugetOrdering, [...ASCENDING, '1.0.0.0', '1.0.0-ALPHA', ...MALFORMED]);
  });
});
