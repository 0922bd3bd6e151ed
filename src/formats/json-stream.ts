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

/** One chunk per item, unless `spine` says an item may itself hold a `LazyArray` (lazy items never do, so are not searched). */
function* arrayChunks(items: Iterable<unknown>, indent: string, spine: boolean): Generator<string> {
  const inner = `${indent}  `;
  let separator = '[';
  for (const item of items) {
    if (spine && containsLazy(item)) {
      yield `${separator}\n${inner}`;
      yield* stringifyChunks(item, inner);
    } else {
      yield `${separator}\n${inner}${plain(item, inner)}`;
    }
    separator = ',';
  }
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
  // Strings in JSON text never hold a raw newline, so every newline is a line break to re-indent.
  return indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
}
