import { normaliseRegistry, type ImageReference } from './reference.js';

/**
 * Allow-lists of image sources (`allowedRegistries`, admission image trust): an entry is a registry host (`ghcr.io`),
 * a host with port (`localhost:5000`), or a host with a repository path prefix (`ghcr.io/acme`). One matcher for all
 * of them, so "allowed" means the same in `rampart scan` and at admission.
 */

/** Scheme and trailing slashes dropped, the host lower-cased and Docker Hub's aliases folded into `docker.io`. */
export function normaliseImagePrefix(entry: string): string {
  const trimmed = entry.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  const slash = trimmed.indexOf('/');
  return slash < 0 ? normaliseRegistry(trimmed) : normaliseRegistry(trimmed.slice(0, slash)) + trimmed.slice(slash);
}

/**
 * True when the reference's `registry/repository` is an entry or lies under one at a path boundary: `ghcr.io/acme`
 * allows `ghcr.io/acme/app` but neither `ghcr.io/acme-evil/app` nor `ghcr.io.evil.example/acme`. Entries must be
 * normalised (normaliseImagePrefix); references resolved as the runtime does (`nginx` is `docker.io/library/nginx`).
 */
export function matchesImagePrefix(reference: Pick<ImageReference, 'registry' | 'repository'>, prefixes: readonly string[]): boolean {
  const name = `${reference.registry}/${reference.repository}`;
  return prefixes.some((entry) => entry !== '' && (name === entry || name.startsWith(`${entry}/`)));
}
