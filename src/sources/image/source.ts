import type { ScanError } from '../../core/finding.js';
import type { ScanTarget } from '../../core/report.js';
import { formatBytes } from '../../core/bytes.js';
import { decodeText, looksBinary } from '../binary.js';
import { excludeMatcher } from '../directory/exclude.js';
import { WarningTally, warningErrors } from '../git/warnings.js';
import { blobPlace, sourceOf, type LayerBlobVisitor, type Source, type SourceEntry } from '../source.js';
import { readImageFiles, type ImageFiles } from './layers/squash.js';
import { walkLayers, type LayerFile, type LayerVisitor, type WalkResult } from './layers/walk.js';
import { openImage, type ImageLocator } from './open-image.js';
import type { ImageSource } from './types.js';
import { formatImageReference, parseImageReference } from './registry/reference.js';

export interface ImageSourceOptions {
  /** Which files of the squashed file system to keep (the pipeline asks for what its checks read). */
  wanted(path: string, size: number): boolean;
}

/** Layer failures throw (nothing unverified is reported); what remains are skipped entries, which are warnings. */
export function imageWarningErrors(reference: string, warnings: ImageFiles['warnings']): ScanError[] {
  return warnings.map((w) => ({
    file: w.path ? `${reference}:${w.path}` : reference,
    message: `${w.layer ? `layer ${w.layer.digest.slice(0, 19)}: ` : ''}${w.message}`,
    level: 'warning',
  }));
}

/** The wanted files of an image's squashed file system, read in one pass over its layers. */
export async function readWantedImageFiles(source: ImageSource, options: ImageSourceOptions): Promise<{ files: ImageFiles['files']; errors: ScanError[] }> {
  const read = await readImageFiles(source, { wanted: options.wanted });
  return { files: read.files, errors: imageWarningErrors(source.reference, read.warnings) };
}

/**
 * An image (registry, `docker save` tarball, OCI layout or archive) as a source: what the report is about, its config,
 * and the wanted files of its squashed file system. Layers are read first: an image that fails verification yields its
 * error alone, not even its config.
 */
export function imageSource(locator: ImageLocator, options: ImageSourceOptions): Source {
  const reference = locator.reference;
  return sourceOf('image', reference, async function* () {
    const opened = await openOrExplain(locator);
    if ('failed' in opened) return yield* opened.failed;
    const { image } = opened;
    let entries: SourceEntry[];
    try {
      const read = await readWantedImageFiles(image, options);
      entries = [
        { type: 'target', target: imageTarget(locator, image.manifestDigest) },
        { type: 'image-config', reference, config: image.config },
        ...read.errors.map((error) => ({ type: 'error' as const, error })),
        { type: 'image-files', reference, files: read.files },
      ];
    } catch (error) {
      entries = failureEntries(locator, error);
    } finally {
      await image.close();
    }
    yield* entries;
  });
}

/** The opened image, or the entries that say it could not be opened. */
async function openOrExplain(locator: ImageLocator): Promise<{ image: ImageSource } | { failed: SourceEntry[] }> {
  try {
    return { image: await openImage(locator) };
  } catch (error) {
    return { failed: failureEntries(locator, new Error(explainImplicitRegistry(locator, (error as Error).message))) };
  }
}

/**
 * `myapp` is read as Docker Hub's `library/myapp:latest`; a user who mistyped a directory must see what was tried
 * rather than a registry error about a host they never named.
 */
export function explainImplicitRegistry(locator: ImageLocator, message: string): string {
  const first = locator.reference.split('/')[0]!;
  const namesRegistry = locator.reference.includes('/') && (/[.:]/.test(first) || first === 'localhost');
  if (locator.archive || namesRegistry) return message;
  try {
    return `${message} (read as the Docker Hub image ${formatImageReference(parseImageReference(locator.reference))}; for a local archive or OCI layout use --input)`;
  } catch {
    return message;
  }
}

/** An image that could not be read is still a target of the report, with its error. */
function failureEntries(locator: ImageLocator, error: unknown): SourceEntry[] {
  return [
    { type: 'error', error: { file: locator.reference, message: (error as Error).message } },
    { type: 'target', target: imageTarget(locator) },
  ];
}

/** A local archive's name is its path: a server must not file it under a registry reference of that name. */
function imageTarget(locator: ImageLocator, digest?: string): ScanTarget {
  return { type: 'image', name: locator.reference, ...(digest ? { digest } : {}), ...(locator.archive ? { archive: true as const } : {}) };
}

export interface ImageLayersSourceOptions {
  /** Files larger than this are not read (a warning says how many). */
  maxFileBytes: number;
  /** Paths in the image left out, as `--exclude` leaves out files. */
  exclude: readonly string[];
}

const NOTHING: LayerBlobVisitor = { file: async () => undefined, change: () => undefined, layerEnd: () => undefined };

/**
 * Every file of every layer of an image, files later layers delete included, for the secret search: what the report
 * is about, the layers (handed to the pipeline's visitor as they stream by), then, once every layer is verified, the
 * config (its Env and build history hold secrets too). An image that fails verification yields its error alone.
 */
export function imageLayersSource(locator: ImageLocator, options: ImageLayersSourceOptions): Source {
  const reference = locator.reference;
  return sourceOf('image', reference, async function* () {
    const opened = await openOrExplain(locator);
    if ('failed' in opened) return yield* opened.failed;
    const { image } = opened;
    try {
      yield { type: 'target', target: imageTarget(locator, image.manifestDigest) };
      const warnings = new WarningTally();
      let walking: Promise<WalkResult> | undefined;
      const visit = (visitor: LayerBlobVisitor) => (walking ??= walkLayers(image, layerBlobs(visitor, options, warnings), { limits: { maxFileSize: options.maxFileBytes } }));
      const verified = (walked: Promise<WalkResult>) => walked.then(() => true, () => false);
      yield { type: 'image-layers', reference, visit: (visitor) => verified(visit(visitor)) };
      // A pipeline that had no use for the files still gets the config only from a verified image.
      const walked = await visit(NOTHING).catch((error: Error) => error);
      if (walked instanceof Error) {
        yield { type: 'error', error: { file: reference, message: walked.message } };
        return;
      }
      for (const error of warningErrors(warnings.list(), reference)) yield { type: 'error', error };
      // A layer that cannot be read to its verified end throws; what is left are skipped entries.
      for (const warning of walked.warnings) {
        yield { type: 'error', error: { file: warning.path ? `${reference}:${warning.path}` : reference, message: warning.message, level: 'warning' } };
      }
      yield { type: 'image-config', reference, config: image.config };
    } finally {
      await image.close();
    }
  });
}

/** The walk's regular files as blobs whose text is read on demand; a file `--exclude` names only hides what lower layers held. */
function layerBlobs(visitor: LayerBlobVisitor, options: ImageLayersSourceOptions, warnings: WarningTally): LayerVisitor {
  const excluded = excludeMatcher(options.exclude);
  const text = async (file: LayerFile): Promise<string | undefined> => {
    const where = blobPlace(file.path, { kind: 'layer', layer: file.layer });
    if (file.size > options.maxFileBytes) {
      warnings.add('too-large', `over the ${formatBytes(options.maxFileBytes)} limit: not searched for secrets (raise --max-file-size)`, where);
      return undefined;
    }
    let bytes: Uint8Array;
    try {
      bytes = await file.read();
    } catch (error) {
      warnings.add('unreadable-object', `could not be read, not searched for secrets: ${(error as Error).message}`, where);
      return undefined;
    }
    // Executables and libraries fill images; passing them over is the normal case, not worth a warning.
    return looksBinary(bytes) ? undefined : decodeText(bytes);
  };
  return {
    file: (file) => {
      if (excluded(file.path)) return visitor.change({ kind: 'other', path: file.path, layer: file.layer });
      return visitor.file({ path: file.path, file: file.path, origin: { kind: 'layer', layer: file.layer }, text: () => text(file) });
    },
    change: (change) => visitor.change(change),
    layerEnd: () => visitor.layerEnd(),
  };
}
