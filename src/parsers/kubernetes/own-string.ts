/**
 * A copy of `value` that shares no memory with the text it was read from. V8 keeps a substring of 13 characters or
 * more (every scalar js-yaml returns, and any string built from one) as a view into the whole source text, so one
 * object name that outlives its file, in a finding or an object kept for set rules, would keep the whole file alive:
 * a 500 KB CRD for the sake of its name. Prepending a character builds a rope; slicing it flattens the rope into a
 * fresh string of the value's own length, and the view that `slice` returns points into that string only.
 */
export function ownString(value: string): string {
  return (' ' + value).slice(1);
}
