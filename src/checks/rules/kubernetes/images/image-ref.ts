import { asString } from '../../../../parsers/kubernetes/values.js';
import { containersOf, type ContainerRef, type PodTemplate } from '../../../../parsers/kubernetes/workloads.js';
import { parseImageReference, type ImageReference } from '../../../../parsers/image/reference.js';

/** True when the image resolves to whatever `:latest` points at today: no digest, and no tag or `latest`. */
export function isMutableLatest(reference: ImageReference): boolean {
  return reference.digest === undefined && (reference.tag === undefined || reference.tag === 'latest');
}

export interface ContainerImage {
  ref: ContainerRef;
  image: string;
  /** Undefined when `image` is not a parseable reference; rules then stay quiet rather than guess. */
  reference: ImageReference | undefined;
}

/** The image of every container (all groups: ephemeral containers pull images too) that names one. */
export function containerImages(pod: PodTemplate): ContainerImage[] {
  const images: ContainerImage[] = [];
  for (const ref of containersOf(pod)) {
    const image = asString(ref.container.image);
    if (image === undefined) continue;
    images.push({ ref, image, reference: parseImageReference(image) });
  }
  return images;
}
