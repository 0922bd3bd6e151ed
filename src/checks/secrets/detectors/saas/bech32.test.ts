import { describe, expect, it } from 'vitest';
import { BECH32_CHARSET, bech32Checksum, isValidBech32 } from './bech32.js';

describe('bech32', () => {
  it('accepts the BIP-173 valid vectors', () => {
    for (const vector of ['A12UEL5L', 'a12uel5l', 'abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw', '?1ezyfcl']) {
      expect(isValidBech32(vector), vector).toBe(true);
    }
  });
  it('rejects mixed case, bad characters, missing separators and wrong checksums', () => {
    for (const vector of ['A12uEL5L', 'a12uel5b', 'pzry9x0s0muk', '1pzry9x0s0muk', 'x1b4n0q5v', 'a1bcdefg']) {
      expect(isValidBech32(vector), vector).toBe(false);
    }
  });
  it('produces checksums that verify', () => {
    const data = BECH32_CHARSET.repeat(2);
    expect(isValidBech32(`hrp1${data}${bech32Checksum('hrp', data)}`)).toBe(true);
  });
});
