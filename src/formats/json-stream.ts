/**
 * `JSON.stringify(value, null, 2)` as a sequence of chunks, so a report with tens of thousands of findings is never
 * held as one string nor copied whole: the big arrays are `LazyArray`s whose items are built one at a time.
 */

/** An array whose items are made only when the output reaches them; it can be written once. Its items are plain JSON values. */
export class LazyArray {
  constructor(readonly items: Iterable<unknown>) {}
}

export function* lazyMap<T, U>(items: Iterable<T>, map: (item: T) => U): Generator<U> {
  for (const item of items) yield map(item);
}

/** Byte-identical to `JSON.stringify(value, null, 2)` with every `LazyArray` written as the array of its items. */
export function* stringifyChunks(value: unknown, indent = ''): Generator<string> {
  if (value instanceof LazyArray) {
    yield* arrayChunks(value.items, indent, false);
  } else if (containsLazy(value)) {
    yield* Array.isArray(value) ? arrayChunks(value, indent, true) : objectChunks(value as Record<string, unknown>, indent);
  } else {
    yield plain(value, indent);
  }
}

/** Items written per chunk: one JSON.stringify call and one chunk for this many, few enough to keep chunks small. */
const ITEMS_PER_CHUNK = 64;

/**
 * The array's items, a chunk per ITEMS_PER_CHUNK of them, unless `spine` says an item may itself hold a `LazyArray`
 * (lazy items never do, so are not searched): such an item is written through its own chunks.
 */
function* arrayChunks(items: Iterable<unknown>, indent: string, spine: boolean): Generator<string> {
  const inner = `${indent}  `;
  let separator = '[';
  let batch: unknown[] = [];
  const flush = (): string => {
    const chunk = `${separator}${plainItems(batch, indent)}`;
    [separator, batch] = [',', []];
    return chunk;
  };
  for (const item of items) {
    if (spine && containsLazy(item)) {
      if (batch.length > 0) yield flush();
      yield `${separator}\n${inner}`;
      yield* stringifyChunks(item, inner);
      separator = ',';
    } else if (batch.push(item) === ITEMS_PER_CHUNK) {
      yield flush();
    }
  }
  if (batch.length > 0) yield flush();
  yield separator === '[' ? '[]' : `\n${indent}]`;
}

function* objectChunks(object: Record<string, unknown>, indent: string): Generator<string> {
  const inner = `${indent}  `;
  let first = true;
  for (const [key, item] of Object.entries(object)) {
    // JSON.stringify leaves out properties it cannot write.
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    yield* stringifyChunks(item, inner);
    first = false;
  }
  yield first ? '{}' : `\n${indent}}`;
}

/** Only the spine down to a `LazyArray` is walked by hand; everything else goes to the native JSON.stringify. */
function containsLazy(value: unknown): boolean {
  if (value instanceof LazyArray) return true;
  if (value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  return (Array.isArray(value) ? value : Object.values(value)).some(containsLazy);
}

function plain(value: unknown, indent: string): string {
  // Only reached inside an array (objects skip such values), where JSON.stringify writes undefined as null.
  const text = JSON.stringify(value, null, 2) as string | undefined;
  if (text === undefined) return 'null';
  return reindented(text, indent);
}

/**
 * Items as the inside of the array that holds them at `indent` writes them, `\n` and the item's indent before each and
 * `,` between: the array of them stringified at once, less its brackets. JSON.stringify writes undefined, functions and
 * symbols in an array as null, as `plain` does. JSON.stringify indents from column 0, so the items are nested in as
 * many one-item arrays as `indent` has levels (two spaces each, as every indent here is made) and it writes each line
 * at its final indent: re-indenting the text after took a sixth of the time of writing a large report.
 */
function plainItems(items: unknown[], indent: string): string {
  const depth = indent.length / 2;
  let nested: unknown = items;
  for (let level = 0; level < depth; level++) nested = [nested];
  const text = JSON.stringify(nested, null, 2);
  // Before the items: `[` and, for each level k = 1..depth, `\n`, 2k spaces and `[`. After them: for each level
  // k = depth..0, `\n`, 2k spaces and `]`.
  return text.slice(1 + depth * (depth + 3), text.length - (depth + 1) * (depth + 2));
}

/** Strings in JSON text never hold a raw newline, so every newline is a line break to re-indent. */
function reindented(text: string, indent: string): string {
  return indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
}
