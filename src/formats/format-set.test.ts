import { describe, expect, it } from 'vitest';
import { FormatSet } from './format-set.js';

const upper = { name: 'upper' as const, format: (text: string) => text.toUpperCase() };
const lower = { name: 'lower' as const, format: (text: string) => text.toLowerCase() };

describe('FormatSet', () => {
  const registry = new FormatSet('case', [upper, lower]);

  it('keeps the order formats were listed in and returns each by name', () => {
    expect(registry.names).toEqual(['upper', 'lower']);
    expect(registry.get('lower')).toBe(lower);
    expect(registry.has('upper')).toBe(true);
  });

  it('names the family and the valid formats when asked for another', () => {
    expect(registry.has('title')).toBe(false);
    // Inherited object keys are not formats.
    expect(registry.has('constructor')).toBe(false);
    expect(() => registry.get('title')).toThrow('unknown case format "title"; expected one of: upper, lower');
  });
});
