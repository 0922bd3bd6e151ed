import { DOCKER_HUB, InvalidImageReferenceError, parseImageReferenceStrictly } from '../../../parsers/image/reference.js';
import { RegistryError } from './errors.js';

/**
 * Image references to pull, with Docker Hub's defaults (`nginx` is `registry-1.docker.io/library/nginx:latest`); the
 * grammar is parsers/image/reference.ts.
 */

export const DOCKER_HUB_REGISTRY = 'registry-1.docker.io';

export interface ImageReference {
  /** Host (and port) the v2 API is served from; Docker Hub's aliases are folded into `registry-1.docker.io`. */
  registry: string;
  repository: string;
  tag?: string;
  /** When both a tag and a digest are given, the digest decides what is pulled; the tag is kept for messages. */
  digest?: string;
}

/** Strictly (parseImageReferenceStrictly), with Docker Hub as its API host; an invalid reference is an `invalid-argument` error. */
export function parseImageReference(input: string): ImageReference {
  let parsed: ReturnType<typeof parseImageReferenceStrictly>;
  try {
    parsed = parseImageReferenceStrictly(input);
  } catch (error) {
    if (error instanceof InvalidImageReferenceError) throw new RegistryError('invalid-argument', error.message);
    throw error;
  }
  return parsed.registry === DOCKER_HUB ? { ...parsed, registry: DOCKER_HUB_REGISTRY } : parsed;
}

/** `registry/repository[:tag][@digest]`, the form used in messages and reports. */
export function formatImageReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag === undefined ? '' : `:${ref.tag}`}${ref.digest === undefined ? '' : `@${ref.digest}`}`;
}

/** Host without port or IPv6 brackets, for loopback checks and credential lookups. */
export function registryHostname(registry: string): string {
  if (registry.startsWith('[')) return registry.slice(1, registry.indexOf(']'));
  const colon = registry.lastIndexOf(':');
  return colon < 0 ? registry : registry.slice(0, colon);
}
