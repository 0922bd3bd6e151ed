import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ZIP_LIMITS, readZipEntries, type ZipLimits } from './zip.js';

export interface SourceDocument {
  /** File path, or `archive.zip!entry.json`, for skip reports. */
  origin: string;
  text: string;
  /** `other`: a file of a directory that holds no OSV record by its name; the import counts it as skipped. */
  format: 'json' | 'yaml' | 'other';
}

function formatOf(name: string): SourceDocument['format'] {
  if (name.endsWith('.json')) return 'json';
  return /\.ya?ml$/.test(name) ? 'yaml' : 'other';
}

function* walk(directory: string): Generator<string> {
  const entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    // Dot-directories are a checkout's .git and CI settings, never advisories.
    if (entry.isDirectory() && !entry.name.startsWith('.')) yield* walk(path);
    else if (entry.isFile() && !entry.name.startsWith('.')) yield path;
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
 * OSV documents from a directory tree of `*.json` and `*.yaml`, one such file, or a zip archive (such as OSV's
 * `all.zip`), one at a time so memory stays flat whatever the source size.
 */
export function* readOsvSource(source: string, zipLimits: ZipLimits = DEFAULT_ZIP_LIMITS): Generator<SourceDocument> {
  if (statSync(source).isDirectory()) {
    // Synchronous reads: fs/promises readFile costs several pool round trips per small file and halved the import rate.
    for (const path of walk(source)) {
      const format = formatOf(path);
      yield { origin: path, text: format === 'other' ? '' : readFileSync(path, 'utf8'), format };
    }
  } else if (isZip(source)) {
    for (const entry of readZipEntries(source, zipLimits)) {
      const format = formatOf(entry.name);
      if (format !== 'other') yield { origin: `${source}!${entry.name}`, text: entry.data.toString('utf8'), format };
    }
  } else {
    yield { origin: source, text: readFileSync(source, 'utf8'), format: formatOf(source) === 'yaml' ? 'yaml' : 'json' };
  }
}

/** Documents of several sources in order, so one import can merge ecosystems and mirrors. */
export function* readOsvSources(sources: string | readonly string[], zipLimits: ZipLimits = DEFAULT_ZIP_LIMITS): Generator<SourceDocument> {
  for (const source of typeof sources === 'string' ? [sources] : sources) yield* readOsvSource(source, zipLimits);
}
