/** Malformed or hostile git output: a field that never ends. */
export class GitOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitOutputError';
  }
}

/** A path is at most a few KiB on every file system; a longer field is not git output we understand. */
export const MAX_GIT_FIELD_BYTES = 64 * 1024;

/**
 * Splits a `-z` stream into its NUL-terminated fields without holding more than one field. Yielded buffers may view
 * the stream's chunks: consume each before asking for the next.
 */
export async function* nulFields(stream: AsyncIterable<Buffer>, maxFieldBytes: number): AsyncGenerator<Buffer> {
  let partial: Buffer[] = [];
  let partialLength = 0;
  for await (const chunk of stream) {
    let start = 0;
    for (let end = chunk.indexOf(0, start); end !== -1; end = chunk.indexOf(0, start)) {
      const tail = chunk.subarray(start, end);
      if (partialLength === 0) {
        yield tail;
      } else {
        yield Buffer.concat([...partial, tail]);
        partial = [];
        partialLength = 0;
      }
      start = end + 1;
    }
    if (start < chunk.length) {
      partialLength += chunk.length - start;
      if (partialLength > maxFieldBytes) throw new GitOutputError(`git output has a field over ${maxFieldBytes} bytes`);
      partial.push(chunk.subarray(start));
    }
  }
  if (partialLength > 0) yield Buffer.concat(partial);
}
