import { describe, expect, it } from 'vitest';
import { cranOrdering } from './cran.js';
import { expectAscending, expectEquivalent, expectTotalPreorder, MALFORMED } from './testdata/order-checks.js';

// R's numeric_version help: "sequences of one or more non-negative integers ... separated by single '.' or '-'
// characters. R package versions consist of at least two such integers." Comparison goes through
// .encode_numeric_version, which pads each encoded version on the right with zeros.
describe('cranOrdering (R package_version)', () => {
  const ascending = ['0.0.1', '0.9-9', '1.0', '1.0-1', '1.0.2', '1.2-3', '1.2.10', '1.10', '2.0-0.1', '10.0'];

  it('orders components as integers, whatever the separators', () => {
    expectAscending(cranOrdering, ascending);
    expectEquivalent(cranOrdering, [
      ['1.2-3', '1.2.3'],
      ['1.01', '1.1'],
      ['1.0', '1.0.0'],
      ['1.0-0', '1.0'],
    ]);
  });

  it('refuses what package_version refuses', () => {
    for (const version of ['1', '1.', '1..2', '1.2a', 'v1.0', '1.0-rc1', '-1.0', '1.0 ']) expect([version, cranOrdering.isValid(version)]).toEqual([version, false]);
    expectTotalPreorder(cranOrdering, [...ascending, '1.0.0', ...MALFORMED]);
  });
});
