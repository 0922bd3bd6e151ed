/**
 * Container image references, `[domain[:port]/]path[:tag][@digest]`, split by the distribution reference grammar's
 * rules. One split serves three readers: the Dockerfile parser keeps the parts as written, the Kubernetes image rules
 * read a manifest's text leniently (what the runtime would pull), and the registry client parses strictly before it
 * sends anything.
 */

/** Docker Hub's name in references; the registry client talks to its API host, `registry-1.docker.io`. */
export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** The parts of a reference as written: no defaults, nothing normalised. */
export interface ImageReferenceParts {
  /** Registry host, with port; absent when the first path component does not look like a host. */
  domain?: string;
  path: string;
  tag?: string;
  digest?: string;
}

/** A reference as the runtime resolves it. */
export interface ImageReference {
  /** Registry host (with port); `docker.io` (DOCKER_HUB) for Docker Hub, whichever alias was written. */
  registry: string;
  /** Repository path in the registry; Docker Hub's official images get their implicit `library/`. */
  repository: string;
  tag?: string;
  /** `sha256:...`; when present the runtime ignores the tag. */
  digest?: string;
}

/** Splits without judging: the digest after `@`, the tag after the last `:` of the last path component, the domain. */
export function splitImageReference(text: string): ImageReferenceParts {
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash < 0 ? '' : rest.slice(0, slash);
  // Docker's rule: the first component is a registry only if it looks like a host (has `.` or `:`, is `localhost`,
  // or has capitals, which repository paths may not), so `localhost:5000/app` has one and `library/nginx` has not.
  const isDomain = first !== '' && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase());
  return {
    ...(isDomain ? { domain: first } : {}),
    path: isDomain ? rest.slice(slash + 1) : rest,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/**
 * Lenient, for references read from manifests: undefined for text that is not a reference at all (empty, whitespace,
 * unrendered template placeholders, an empty tag or digest), anything else as the runtime would resolve it.
 */
export function parseImageReference(text: string): Readonly<ImageReference> | undefined {
  const known = parsedReferences.get(text);
  if (known !== undefined || parsedReferences.has(text)) return known;
  const trimmed = text.trim();
  let reference: Readonly<ImageReference> | undefined;
  if (trimmed !== '' && !/[\s{}$]/.test(trimmed)) {
    const parts = splitImageReference(trimmed);
    const valid = parts.digest !== '' && parts.tag !== '' && parts.path !== '' && !parts.path.startsWith('/') && !parts.path.endsWith('/');
    if (valid) reference = Object.freeze(resolveParts(parts, parts.domain === undefined ? DOCKER_HUB : normaliseRegistry(parts.domain)));
  }
  // A review may carry any text as an image; only texts a real reference could be are kept, so none can fill memory.
  if (text.length > PARSED_REFERENCE_MAX_LENGTH) return reference;
  if (parsedReferences.size >= PARSED_REFERENCES_LIMIT) parsedReferences.clear();
  parsedReferences.set(text, reference);
  return reference;
}

/**
 * A workload names the same few images everywhere, and several rules read each one: the webhook parsed every image
 * of every review about ten times. Results are kept per text (frozen, since callers share them), up to a bound.
 */
const parsedReferences = new Map<string, Readonly<ImageReference> | undefined>();
const PARSED_REFERENCES_LIMIT = 4096;
/** A name of at most 255 characters, a 128-character tag and a sha512 digest, with room for surrounding spaces. */
const PARSED_REFERENCE_MAX_LENGTH = 512;

/** Thrown by parseImageReferenceStrictly, with the reason. */
export class InvalidImageReferenceError extends Error {
  constructor(
    readonly reference: string,
    readonly reason: string,
  ) {
    super(`invalid image reference "${reference}": ${reason}`);
  }
}

const MAX_NAME_LENGTH = 255;
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_LABEL = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const IPV6_HOST = /^\[[0-9a-fA-F:.]+\]$/;
const PORT = /^[0-9]{1,5}$/;
const TAG = /^[\w][\w.-]{0,127}$/;
/** Only algorithms Rampart can verify; anything else could not be checked, so it is refused up front. */
const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

export function isValidDigest(value: string): boolean {
  return DIGEST.test(value);
}

/**
 * Strict, for references about to be pulled: every part must follow the grammar, and the digest must be one Rampart
 * can verify. The registry keeps the case it was written in (Docker Hub's aliases become DOCKER_HUB); a reference
 * with neither tag nor digest gets `latest`. Throws InvalidImageReferenceError.
 */
export function parseImageReferenceStrictly(input: string): ImageReference {
  const reference = input.trim();
  const fail = (reason: string): never => {
    throw new InvalidImageReferenceError(input, reason);
  };
  if (reference === '') fail('empty');
  if (/\s/.test(reference)) fail('contains whitespace');
  const parts = splitImageReference(reference);
  if (parts.digest !== undefined && !isValidDigest(parts.digest)) fail(`bad digest "${parts.digest}" (expected sha256:<64 hex> or sha512:<128 hex>)`);
  if (parts.tag !== undefined && !TAG.test(parts.tag)) fail(`bad tag "${parts.tag}"`);
  if (parts.domain !== undefined) {
    const problem = domainProblem(parts.domain);
    if (problem) fail(problem);
  }
  if (parts.path === '') fail('missing repository name');
  for (const component of parts.path.split('/')) {
    if (!COMPONENT.test(component)) fail(/[A-Z]/.test(component) ? `repository name must be lowercase ("${component}")` : `bad repository path component "${component}"`);
  }
  const registry = parts.domain === undefined || DOCKER_HUB_ALIASES.has(parts.domain.toLowerCase()) ? DOCKER_HUB : parts.domain;
  const resolved = resolveParts(parts, registry);
  if (resolved.repository.length > MAX_NAME_LENGTH) fail(`repository name longer than ${MAX_NAME_LENGTH} characters`);
  return resolved.tag === undefined && resolved.digest === undefined ? { ...resolved, tag: 'latest' } : resolved;
}

/** Docker Hub under any of its names is DOCKER_HUB; hosts are case-insensitive, so lower-cased. */
export function normaliseRegistry(host: string): string {
  const lower = host.toLowerCase();
  return DOCKER_HUB_ALIASES.has(lower) ? DOCKER_HUB : lower;
}

function resolveParts(parts: ImageReferenceParts, registry: string): ImageReference {
  const repository = registry === DOCKER_HUB && !parts.path.includes('/') ? `library/${parts.path}` : parts.path;
  return { registry, repository, ...(parts.tag !== undefined ? { tag: parts.tag } : {}), ...(parts.digest !== undefined ? { digest: parts.digest } : {}) };
}

function domainProblem(domain: string): string | undefined {
  let host = domain;
  const portMatch = /^(.*):([^:\]]*)$/.exec(domain);
  if (portMatch && !(domain.startsWith('[') && !domain.includes(']:'))) {
    host = portMatch[1] ?? '';
    const port = portMatch[2] ?? '';
    if (!PORT.test(port) || Number(port) > 65535) return `bad registry port "${port}"`;
  }
  if (IPV6_HOST.test(host)) return undefined;
  if (host === '' || !host.split('.').every((label) => DOMAIN_LABEL.test(label))) return `bad registry host "${host}"`;
  return undefined;
}
