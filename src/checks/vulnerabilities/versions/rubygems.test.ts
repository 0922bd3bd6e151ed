import { describe, expect, it } from 'vitest';
import { rubygemsOrdering } from './rubygems.js';
import { expectAscending, expectEquivalent, expectTotalPreorder, MALFORMED } from './testdata/order-checks.js';

const ASCENDING = ['0.9', '1.0.a', '1.0.a.1', '1.0.a2', '1.0.b1', '1.0.pre', '1.0.rc1', '1.0', '1.0.1', '1.1', '1.9', '1.10', '2.0.0-rc1', '2.0.0'];

describe('rubygemsOrdering', () => {
  it('orders segments, letters making a prerelease lower than any number', () => {
    expectAscending(rubygemsOrdering, ASCENDING);
    expectAscending(rubygemsOrdering, ['1.A', '1.B', '1.a']);
  });

  it('drops trailing zeros, maps - to .pre. and reads a blank string as 0', () => {
    expectEquivalent(rubygemsOrdering, [
      ['1', '1.0.0'],
      ['1.0.a.0', '1.a'],
      ['1.0-1', '1.0.pre.1'],
      ['1.01', '1.1'],
      ['', '0'],
      [' 1.0 ', '1'],
      ['1.0a1', '1.0.a.1'],
    ]);
  });

  it('rejects what Gem::Version rejects', () => {
    for (const version of ['a.1', '1..0', '1.0-', 'junk', '1.0 2']) expect([version, rubygemsOrdering.isValid(version)]).toEqual([version, false]);
    expectTotalPreorder(rubygemsOrdering, [...ASCENDING, '1', '1.0.a.0', ...MALFORMED]);
  });
});
