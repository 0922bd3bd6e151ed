import { asString } from '../../../../parsers/kubernetes/values.js';
import { containersOf, type ContainerRef, type PodTemplate } from '../../../../parsers/kubernetes/workloads.js';

/** A container image reference, normalised the way the container runtime resolves it. */
export interface ImageReference {
  /** Registry host (with port, lower-cased); `docker.io` when the reference names none. */
  registry: string;
  /** Repository path in the registry; Docker Hub official images get their implicit `library/`. */
  repository: string;
  tag?: string;
  /** `sha256:...`; when present the runtime ignores the tag. */
  digest?: string;
}

const DOCKER_HUB = 'docker.io';

/**
 * Parses `[registry[:port]/]path[:tag][@digest]` following the distribution reference grammar: the
 * first path component is a registry only when it contains `.` or `:` or is `localhost`, which is
 * why `localhost:5000/app` has a registry and `library/nginx:1.27` does not. Returns undefined for
 * text that is not a reference at all (empty, whitespace, unrendered template placeholders).
 */
export function parseImageReference(image: string): ImageReference | undefined {
  const text = image.trim();
  if (text === '' || /[\s{}$]/.test(text)) return undefined;
  let name = text;
  let digest: string | undefined;
  const at = name.indexOf('@');
  if (at >= 0) {
    digest = name.slice(at + 1);
    name = name.slice(0, at);
    if (digest === '') return undefined;
  }
  let tag: string | undefined;
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
    if (tag === '') return undefined;
  }
  if (name === '' || name.startsWith('/') || name.endsWith('/')) return undefined;
  let registry = DOCKER_HUB;
  let repository = name;
  const slash = name.indexOf('/');
  if (slash >= 0) {
    const first = name.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = normaliseRegistry(first);
      repository = name.slice(slash + 1);
    }
  }
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  return { registry, repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** `index.docker.io` is Docker Hub under its legacy name; hosts are case-insensitive. */
export function normaliseRegistry(host: string): string {
  const lower = host.toLowerCase();
  return lower === 'index.docker.io' || lower === 'registry-1.docker.io' ? DOCKER_HUB : lower;
}

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
