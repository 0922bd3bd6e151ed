import { describe, expect, it } from 'vitest';
import { hackageOrdering } from './hackage.js';
import { expectAscending, expectTotalPreorder, MALFORMED } from './testdata/order-checks.js';

// Cabal's Version: a non-empty list of numbers (no leading zeros, at most nine digits), ordered as a list, so a
// version that is a prefix of another is the lower one (PVP: 1.0 < 1.0.0).
describe('hackageOrdering (Haskell PVP)', () => {
  const ascending = ['0', '0.1', '0.1.0', '0.1.0.0', '0.1.1', '0.2', '1', '1.0', '1.0.0.1', '1.2', '1.10', '2'];

  it('orders versions as lists of numbers', () => {
    expectAscending(hackageOrdering, ascending);
  });

  it('refuses what Cabal refuses: leading zeros, ten-digit parts, tags, empty parts', () => {
    for (const version of ['01', '1.01', '1.1234567890', '1.0-tag', '1..0', '1.', 'v1.0', '']) expect([version, hackageOrdering.isValid(version)]).toEqual([version, false]);
    expect(hackageOrdering.isValid('1.123456789')).toBe(true);
    expectTotalPreorder(hackageOrdering, [...ascending, ...MALFORMED]);
  });
});
