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
});
