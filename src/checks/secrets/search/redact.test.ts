import { describe, expect, it } from 'vitest';
import { redactSecret, secretHash } from './redact.js';

describe('redactSecret', () => {
  it('shows 4 + 2 characters of long secrets and 1 of short ones, never the whole', () => {
    expect(redactSecret('ghp_abcdefghijklmnopqrstuvwxyz0123456789Xa')).toBe('ghp_…Xa (42 chars)');
    expect(redactSecret('hunter2hunter')).toBe('h… (13 chars)');
    expect(redactSecret('abc')).toBe('… (3 chars)');
    for (const secret of ['Q', 'Qz', 'abcdefghijklmnop', 'x'.repeat(200), '😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀']) {
      expect(redactSecret(secret)).not.toContain(secret);
    }
  });

  it('counts characters, not UTF-16 units, and never splits a surrogate pair', () => {
    expect(redactSecret('😀bcdefghijklmnop😀')).toBe('😀bcd…p😀 (17 chars)');
  });
});

describe('secretHash', () => {
  it('is 16 hex characters, stable and distinct', () => {
    expect(secretHash('a')).toMatch(/^[0-9a-f]{16}$/);
    expect(secretHash('a')).toBe(secretHash('a'));
    expect(secretHash('a')).not.toBe(secretHash('b'));
  });
});
