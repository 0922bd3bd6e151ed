import { openRegistryRepository, type RegistryImageOptions } from '../../../sources/image/registry/client.js';
import { parseImageReference } from '../../../sources/image/registry/reference.js';

export interface PinnedImage {
  image: string;
  /** Why the tag stayed a tag (registry unreachable, tag unknown); the caller says it. */
  warning?: string;
}

/**
 * `name:tag` becomes `name:tag@sha256:...`, read from the registry now: a tag pushed again later cannot change what the
 * webhook, which sees every workload of the cluster, runs. A reference that already names a digest is kept as given.
 */
export async function pinImage(image: string, options: RegistryImageOptions = {}): Promise<PinnedImage> {
  const ref = parseImageReference(image);
  if (ref.digest) return { image };
  let repository;
  try {
    repository = await openRegistryRepository(ref, options);
    const { digest } = await repository.manifest(ref.tag ?? 'latest');
    return { image: `${image.trim()}@${digest}` };
  } catch (error) {
    return { image, warning: `cannot resolve ${image} to a digest (${(error as Error).message}); the manifests name it by tag` };
  } finally {
    repository?.close();
  }
}
