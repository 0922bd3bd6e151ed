import { describe, expect, it } from 'vitest';
import { shannonEntropy } from './entropy.js';

describe('shannonEntropy', () => {
  it('measures bits per character', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abab')).toBe(1);
    expect(shannonEntropy('0123456789abcdef')).toBe(4);
    expect(shannonEntropy('😀😁')).toBeCloseTo(1.5);
  });

  it('does not carry counts over between calls', () => {
    shannonEntropy('zzzzzzzz');
    expect(shannonEntropy('zy')).toBe(1);
  });
});
