import { RegistryError } from './errors.js';

/**
 * Image references as the Docker/distribution reference grammar defines them:
 * `[domain[:port]/]path[:tag][@digest]`, with Docker Hub's defaults (`nginx` is `registry-1.docker.io/library/nginx:latest`).
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

function invalid(reference: string, reason: string): RegistryError {
  return new RegistryError('invalid-argument', `invalid image reference "${reference}": ${reason}`);
}

const MAX_NAME_LENGTH = 255;
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_LABEL = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const IPV6_HOST = /^\[[0-9a-fA-F:.]+\]$/;
const PORT = /^[0-9]{1,5}$/;
const TAG = /^[\w][\w.-]{0,127}$/;
/** Only algorithms Rampart can verify; anything else could not be checked, so it is refused up front. */
const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

export function isValidDigest(value: string): boolean {
  return DIGEST.test(value);
}

export function parseImageReference(input: string): ImageReference {
  const reference = input.trim();
  if (reference === '') throw invalid(input, 'empty');
  if (/\s/.test(reference)) throw invalid(input, 'contains whitespace');

  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!isValidDigest(digest)) {
      throw invalid(input, `bad digest "${digest}" (expected sha256:<64 hex> or sha512:<128 hex>)`);
    }
  }

  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > lastSlash) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG.test(tag)) throw invalid(input, `bad tag "${tag}"`);
  }

  const { registry, path } = splitDomain(input, rest);
  if (path === '') throw invalid(input, 'missing repository name');
  const components = path.split('/');
  for (const component of components) {
    if (!COMPONENT.test(component)) {
      throw invalid(
        input,
        /[A-Z]/.test(component)
          ? `repository name must be lowercase ("${component}")`
          : `bad repository path component "${component}"`,
      );
    }
  }
  const repository = registry === DOCKER_HUB_REGISTRY && components.length === 1 ? `library/${path}` : path;
  if (repository.length > MAX_NAME_LENGTH) {
    throw invalid(input, `repository name longer than ${MAX_NAME_LENGTH} characters`);
  }
  if (tag === undefined && digest === undefined) tag = 'latest';
  return { registry, repository, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

/** Docker's rule: the first component is a registry only if it looks like a host (has `.` or `:`, is `localhost`, or has capitals). */
function splitDomain(input: string, name: string): { registry: string; path: string } {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const isDomain = first !== '' && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase());
  if (!isDomain) return { registry: DOCKER_HUB_REGISTRY, path: name };
  validateDomain(input, first);
  const lower = first.toLowerCase();
  return { registry: DOCKER_HUB_ALIASES.has(lower) ? DOCKER_HUB_REGISTRY : first, path: name.slice(slash + 1) };
}

function validateDomain(input: string, domain: string): void {
  let host = domain;
  const portMatch = /^(.*):([^:\]]*)$/.exec(domain);
  if (portMatch && !(domain.startsWith('[') && !domain.includes(']:'))) {
    host = portMatch[1] ?? '';
    const port = portMatch[2] ?? '';
    if (!PORT.test(port) || Number(port) > 65535) throw invalid(input, `bad registry port "${port}"`);
  }
  if (IPV6_HOST.test(host)) return;
  if (host === '' || !host.split('.').every((label) => DOMAIN_LABEL.test(label))) {
    throw invalid(input, `bad registry host "${host}"`);
  }
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
