import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { walk } from '../../../sources/directory/walk.js';
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

/**
 * The files of an advisory tree, through the one directory walk (links followed only inside the tree, `.gitignore`
 * honoured), in its order; files and directories whose names start with a dot (a checkout's .git and CI settings)
 * are never advisories. A directory that cannot be read fails the import rather than leave its advisories out.
 */
async function advisoryFiles(directory: string): Promise<string[]> {
  const { entries, errors } = await walk([directory], { exclude: [], cwd: directory, everyFile: true, renderTargets: false });
  const failure = errors.find((error) => error.level !== 'warning');
  if (failure) throw new Error(`cannot read ${failure.file} in ${directory}: ${failure.message}`);
  return entries.flatMap((entry) =>
    entry.type === 'file' && !relative(directory, entry.path).split(sep).some((part) => part.startsWith('.')) ? [entry.path] : [],
  );
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
export async function* readOsvSource(source: string, zipLimits: ZipLimits = DEFAULT_ZIP_LIMITS): AsyncGenerator<SourceDocument> {
  if (statSync(source).isDirectory()) {
    // Synchronous reads: fs/promises readFile costs several pool round trips per small file and halved the import rate.
    for (const path of await advisoryFiles(source)) {
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
export async function* readOsvSources(sources: string | readonly string[], zipLimits: ZipLimits = DEFAULT_ZIP_LIMITS): AsyncGenerator<SourceDocument> {
  for (const source of typeof sources === 'string' ? [sources] : sources) yield* readOsvSource(source, zipLimits);
}
