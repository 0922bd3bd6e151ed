import {
  InvalidImageReferenceError,
  normaliseRegistry,
  parseImageReference,
  parseImageReferenceStrictly,
  splitImageReference,
  type ImageReference,
} from '../../../parsers/image/reference.js';

/** What a mirror's `from` selects: a whole registry, or one repository path and every path under it. */
export interface MirrorSource {
  registry: string;
  repository?: string;
}

export interface Mirror {
  from: string;
  source: MirrorSource;
  /** The replacement prefix, as configured. */
  to: string;
}

/**
 * Reads `from`. Images and `from` are both normalised as Docker reads image names before they are compared: Docker
 * Hub under any alias is `docker.io`, and a one-component Docker Hub name is an official image, so `nginx`,
 * `docker.io/nginx` and `index.docker.io/library/nginx` are all `docker.io/library/nginx`. Two more forms select
 * more than a repository: a bare registry host (`quay.io`, `localhost:5000`) selects the whole registry, and a
 * trailing `/` selects a path literally, which is how a Docker Hub namespace is written (`docker.io/bitnami/`; without
 * the slash Docker would read `docker.io/bitnami` as the official image `library/bitnami`). Throws
 * InvalidImageReferenceError.
 */
export function parseMirrorSource(from: string): MirrorSource {
  const literal = from.endsWith('/');
  const body = literal ? from.slice(0, -1) : from;
  if (isBareRegistry(body)) return { registry: normaliseRegistry(parseImageReferenceStrictly(`${body}/x`).registry) };
  const parts = splitImageReference(body);
  if (parts.tag !== undefined || parts.digest !== undefined) throw new InvalidImageReferenceError(from, 'a mirror prefix names no tag or digest');
  const strict = parseImageReferenceStrictly(body);
  return { registry: normaliseRegistry(strict.registry), repository: literal ? parts.path : strict.repository };
}

/**
 * The images a mirror produces are `to` followed by what `from` did not cover, so `to` must name a registry (a mirror
 * is one) and no tag or digest. Returns the registry and repository path the produced images start with.
 */
export function parseMirrorTarget(to: string): { registry: string; base: string } {
  const bare = isBareRegistry(to);
  const probe = `${to}/x`;
  const parts = splitImageReference(probe);
  if (parts.domain === undefined) throw new InvalidImageReferenceError(to, 'a mirror target starts with a registry host');
  if (parts.digest !== undefined) throw new InvalidImageReferenceError(to, 'a mirror target names no tag or digest');
  parseImageReferenceStrictly(probe);
  return { registry: normaliseRegistry(parts.domain), base: bare ? '' : parts.path.slice(0, -'/x'.length) };
}

/**
 * A single component is a registry when Docker would read it as one in front of a path and it is a valid host
 * (`nginx:1.27` is an image with a tag, not a host with port `1.27`).
 */
function isBareRegistry(text: string): boolean {
  if (text.includes('/') || splitImageReference(`${text}/x`).domain === undefined) return false;
  try {
    parseImageReferenceStrictly(`${text}/x`);
    return true;
  } catch {
    return false;
  }
}

/**
 * A mirror whose output another mirror (or itself) would rewrite again makes the mutation change what it already
 * changed, so reinvocation would not be a no-op: such a configuration is refused. Returns the problem, if any.
 */
export function mirrorLoop(mirrors: readonly Mirror[]): { index: number; message: string } | undefined {
  for (const [index, mirror] of mirrors.entries()) {
    const target = parseMirrorTarget(mirror.to);
    // A bare registry target only ever produces `to/<path>`, never `to` alone (checkMirrors sees to that).
    const exact = target.base === '' ? undefined : parseImageReference(mirror.to);
    for (const [other, candidate] of mirrors.entries()) {
      const { source } = candidate;
      const rewritesExact = exact !== undefined && remainder(source, exact) !== undefined;
      const rewritesUnder =
        source.registry === target.registry &&
        (source.repository === undefined || target.base === '' || within(source.repository, target.base) || within(target.base, source.repository));
      if (rewritesExact || rewritesUnder) {
        return { index, message: `images rewritten to "${mirror.to}" would be rewritten again by mirror ${other} (from "${candidate.from}"); point both at the final target` };
      }
    }
  }
  return undefined;
}

/** The image rewritten by the first mirror that selects it, tag and digest kept; undefined when none does. */
export function rewriteImage(image: string, mirrors: readonly Mirror[]): string | undefined {
  const reference = parseImageReference(image);
  if (!reference) return undefined;
  for (const mirror of mirrors) {
    const rest = remainder(mirror.source, reference);
    if (rest === undefined) continue;
    const { tag, digest } = splitImageReference(image.trim());
    return `${mirror.to}${rest}${tag !== undefined ? `:${tag}` : ''}${digest !== undefined ? `@${digest}` : ''}`;
  }
  return undefined;
}

/** What follows the source's path in the reference (`''` or `/more`), matching on whole path components only. */
function remainder(source: MirrorSource, reference: ImageReference): string | undefined {
  if (source.registry !== reference.registry) return undefined;
  if (source.repository === undefined) return `/${reference.repository}`;
  if (reference.repository === source.repository) return '';
  return reference.repository.startsWith(`${source.repository}/`) ? reference.repository.slice(source.repository.length) : undefined;
}

function within(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}
