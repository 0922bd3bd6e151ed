import { describe, expect, it } from 'vitest';
import { positionLookup } from './positions.js';

describe('positionLookup', () => {
  it('maps offsets to 1-based lines and UTF-16 columns, CRLF included', () => {
    const text = 'ab\r\n😀c\n\nlast';
    const at = positionLookup(text);
    expect(at(0)).toEqual({ line: 1, column: 1 });
    expect(at(4)).toEqual({ line: 2, column: 1 });
    expect(at(text.indexOf('c'))).toEqual({ line: 2, column: 3 });
    expect(at(text.indexOf('\n\n') + 1)).toEqual({ line: 3, column: 1 });
    expect(at(text.length)).toEqual({ line: 4, column: 5 });
  });

  it('handles more lines than the initial index holds', () => {
    const at = positionLookup('x\n'.repeat(5000));
    expect(at(2 * 4321)).toEqual({ line: 4322, column: 1 });
  });

  it('answers offsets in any order, the index grown only as far as asked', () => {
    const text = Array.from({ length: 3000 }, (_, i) => `line ${i}`).join('\r\n');
    const at = positionLookup(text);
    const expected = (offset: number) => {
      const before = text.slice(0, offset).split('\n');
      return { line: before.length, column: before[before.length - 1]!.length + 1 };
    };
    for (const offset of [5000, 17, 0, 29999, text.length, 5001, 123, text.lastIndexOf('\n'), text.lastIndexOf('\n') + 1]) {
      expect(at(offset), `${offset}`).toEqual(expected(offset));
    }
  });
});
