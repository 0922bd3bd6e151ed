import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeText, looksBinary } from '../sources/binary.js';
import { DEFAULT_MAX_FILE_BYTES } from '../sources/directory/read-input.js';

/**
 * For formats that show the offending line: read lazily, once per file. A finding's file is not always text (an image
 * read from a `docker save` archive or OCI layout is located at that path): only regular text files no larger than a
 * scan reads are shown, never bytes of an archive.
 */
export function sourceReader(cwd: string): (file: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (file) => {
    if (!cache.has(file)) cache.set(file, readText(resolve(cwd, file)));
    return cache.get(file);
  };
}

function readText(path: string): string | undefined {
  try {
    const info = statSync(path);
    if (!info.isFile() || info.size > DEFAULT_MAX_FILE_BYTES) return undefined;
    const bytes = readFileSync(path);
    return looksBinary(bytes) ? undefined : decodeText(bytes);
  } catch {
    return undefined;
  }
}
