import type { ScanError } from '../../core/finding.js';
import { sourceOf, type Source, type SourceEntry } from '../source.js';
import { readImageFiles, type ImageFiles } from './layers/squash.js';
import { openImage, type ImageLocator } from './open-image.js';
import type { ImageSource } from './types.js';

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
    let image: ImageSource;
    try {
      image = await openImage(locator);
    } catch (error) {
      yield { type: 'error', error: { file: reference, message: (error as Error).message } };
      yield { type: 'target', target: { type: 'image', name: reference } };
      return;
    }
    let entries: SourceEntry[];
    try {
      const read = await readWantedImageFiles(image, options);
      entries = [
        { type: 'target', target: { type: 'image', name: reference, ...(image.manifestDigest ? { digest: image.manifestDigest } : {}) } },
        { type: 'image-config', reference, config: image.config },
        ...read.errors.map((error) => ({ type: 'error' as const, error })),
        { type: 'image-files', reference, files: read.files },
      ];
    } catch (error) {
      entries = [
        { type: 'error', error: { file: reference, message: (error as Error).message } },
        { type: 'target', target: { type: 'image', name: reference } },
      ];
    } finally {
      await image.close();
    }
    yield* entries;
  });
}
