export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 units. */
  column: number;
}

/**
 * Offset to line and column. Line starts are found on demand, only as far as the furthest offset asked about: a text
 * without findings pays nothing, and one with a finding near its top does not index the megabytes below it.
 */
export function positionLookup(text: string): (offset: number) => Position {
  let starts = new Int32Array(64);
  let count = 1;
  // Where the search for the next line start resumes; -1 once the text's last line start is known.
  let from = 0;
  const indexTo = (offset: number) => {
    while (from !== -1 && starts[count - 1]! <= offset) {
      const nl = text.indexOf('\n', from);
      if (nl === -1) {
        from = -1;
        break;
      }
      if (count === starts.length) {
        const grown = new Int32Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[count++] = nl + 1;
      from = nl + 1;
    }
  };
  return (offset) => {
    indexTo(offset);
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  };
}
