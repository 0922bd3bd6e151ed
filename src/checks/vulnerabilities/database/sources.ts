import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ZIP_LIMITS, readZipEntries, type ZipLimits } from './zip.js';

export interface SourceDocument {
  /** File path, or `archive.zip!entry.json`, for skip reports. */
  origin: string;
  text: string;
}

function* walk(directory: string): Generator<string> {
  const entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile() && entry.name.endsWith('.json')) yield path;
  }
}

function isZip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const magic = Buffer.alloc(4);
    return readSync(fd, magic, 0, 4, 0) === 4 && magic.readUInt32LE(0) === 0x04034b50;
  } finally {
    closeSync(fd);
  }
}

/**
 * OSV documents from a directory tree of `*.json`, one JSON file, or a zip archive (such as OSV's
 * `all.zip`), one at a time so memory stays flat whatever the source size.
 */
export function* readOsvSource(source: string, zipLimits: ZipLimits = DEFAULT_ZIP_LIMITS): Generator<SourceDocument> {
  if (statSync(source).isDirectory()) {
    // Synchronous reads: fs/promises readFile costs several pool round trips per small file and halved the import rate.
    for (const path of walk(source)) yield { origin: path, text: readFileSync(path, 'utf8') };
  } else if (isZip(source)) {
    for (const entry of readZipEntries(source, zipLimits)) {
      if (entry.name.endsWith('.json')) yield { origin: `${source}!${entry.name}`, text: entry.data.toString('utf8') };
    }
  } else {
    yield { origin: source, text: readFileSync(source, 'utf8') };
  }
}

/** Documents of several sources in order, so one import can merge ecosystems and mirrors. */
export function* readOsvSources(sources: string | readonly string[], zipLimits: ZipLimits = DEFAULT_ZIP_LIMITS): Generator<SourceDocument> {
  for (const source of typeof sources === 'string' ? [sources] : sources) yield* readOsvSource(source, zipLimits);
}
