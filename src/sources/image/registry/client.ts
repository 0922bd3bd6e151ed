import { readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import { describeLayers } from '../layers/history.js';
import { verifyDigest } from '../integrity.js';
import { checkIndexEntries, checkLayerCount, DEFAULT_IMAGE_LIMITS, type ImageLimits } from '../limits.js';
import type { ImageConfig, ImageSource, LayerDescriptor } from '../types.js';
import { RegistryAuth } from './auth.js';
import { sha256Digest, verifiedBlobStream } from './digest.js';
import { defaultDockerConfigPath, lookupDockerCredentials, type RegistryCredentials } from './docker-config.js';
import { RegistryError } from './errors.js';
import { firstHeader, readLimitedBody, RetryingFetcher } from './fetcher.js';
import { parseManifest, type Descriptor, type ParsedManifest } from './manifest.js';
import { MANIFEST_ACCEPT } from './media-types.js';
import { DEFAULT_PLATFORM, formatPlatform, matchPlatform, parsePlatform, type Platform } from './platform.js';
import { formatImageReference, parseImageReference, registryHostname, type ImageReference } from './reference.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import { isValidDigest } from '../../../parsers/image/reference.js';
import { Transport } from './transport.js';

export interface RegistryImageOptions {
  /** `os/arch[/variant]` picked from multi-platform images; linux/amd64 by default. */
  platform?: string | Platform;
  /**
   * Plain HTTP to the registry (and its token service). Like Docker, which treats 127.0.0.0/8 as an insecure registry
   * out of the box, loopback registries (localhost, 127.0.0.0/8, ::1) default to plain HTTP: the traffic never leaves
   * the machine. Every other host needs TLS unless this is true; false forces TLS for loopback too.
   */
  insecure?: boolean;
  /** Extra CA certificates (PEM) trusted on top of Node's roots, for registries behind a private CA. */
  ca?: string | Buffer;
  /** Path of a PEM bundle, read when `ca` is not given. */
  caFile?: string;
  /** Overrides the Docker config lookup. */
  credentials?: RegistryCredentials;
  /** Docker config file with `auths`; defaults to `$DOCKER_CONFIG/config.json`, then `~/.docker/config.json`. */
  dockerConfigPath?: string;
  /** Connect + TLS + response headers, per request; 30 s by default. */
  requestTimeoutMs?: number;
  /** Longest silence while reading a body; 60 s by default. */
  idleTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  limits?: Partial<ImageLimits>;
  /**
   * Aborts every request and download of the image, token requests included, with the signal's reason: the overall
   * deadline that idle and request timeouts are not.
   */
  signal?: AbortSignal;
  /** Non-fatal notes (credential helpers ignored, unreadable Docker config). */
  onWarning?(message: string): void;
}

const MAX_ERROR_BODY_BYTES = 64 * 1024;

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** Opens `reference` on its registry: manifest (platform picked from an index), config, and lazily streamed layers. */
export async function openRegistryImage(reference: string, options: RegistryImageOptions = {}): Promise<ImageSource> {
  const ref = parseImageReference(reference);
  const platform = typeof options.platform === 'string' ? parsePlatform(options.platform) : (options.platform ?? DEFAULT_PLATFORM);
  const { repository, transport } = await connect(ref, options);
  try {
    return await repository.open(reference.trim(), platform, transport);
  } catch (error) {
    transport.close();
    throw error;
  }
}

/** One repository's manifests and small blobs, for callers that read metadata rather than whole images (signatures). */
export interface RegistryRepository {
  /** `registry/repository`, for messages. */
  readonly name: string;
  /**
   * GETs the manifest or index at `reference` (a tag or a digest). The digest is computed from the bytes received, never
   * taken from a header, and a digest reference must match it.
   */
  manifest(reference: string, maxBytes?: number): Promise<{ digest: string; manifest: ParsedManifest }>;
  /** GETs a blob of at most `maxBytes` (refused before reading when its descriptor says more) and checks its digest. */
  blob(descriptor: Pick<Descriptor, 'digest' | 'size'>, maxBytes: number): Promise<Buffer>;
  /** Every tag, following the `Link` pages; more than `maxTags` is a `too-large` error, not a silent cut. */
  tags(options?: TagListOptions): Promise<string[]>;
  /**
   * The digest a tag points to, from a HEAD request (no manifest body, and registries such as Docker Hub do not count
   * it as a pull); a registry that sends no valid digest header costs a GET whose bytes are hashed.
   */
  digestOf(reference: string): Promise<string>;
  close(): void;
}

export interface TagListOptions {
  /** Tags asked per page (`n`); 1,000 by default. */
  pageSize?: number;
  /** 10,000 by default. */
  maxTags?: number;
}

const MAX_TAG_PAGE_BYTES = 4 * 1024 * 1024;

/** Opens the repository `ref` names (its tag or digest is ignored); requests share one connection pool until close. */
export async function openRegistryRepository(ref: ImageReference, options: RegistryImageOptions = {}): Promise<RegistryRepository> {
  const { repository, transport } = await connect(ref, options);
  return {
    name: `${ref.registry}/${ref.repository}`,
    manifest: (reference, maxBytes) => repository.fetchManifest(reference, isValidDigest(reference) ? reference : undefined, maxBytes),
    blob: (descriptor, maxBytes) => repository.fetchBlob(descriptor, maxBytes, `blob ${descriptor.digest} of ${ref.registry}/${ref.repository}`),
    tags: (tagOptions) => repository.listTags(tagOptions),
    digestOf: (reference) => repository.headDigest(reference),
    close: () => transport.close(),
  };
}

async function connect(ref: ImageReference, options: RegistryImageOptions): Promise<{ repository: RepositoryClient; transport: Transport }> {
  const credentials = options.credentials ?? (await configuredCredentials(ref.registry, options));
  const ca = options.ca ?? (options.caFile ? await readCaFile(options.caFile) : undefined);
  const allowPlainHttp = (hostname: string): boolean => options.insecure ?? isLoopbackHost(hostname);
  const transport = new Transport({
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
    allowPlainHttp,
    ...(ca === undefined ? {} : { ca }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const limits = { ...DEFAULT_IMAGE_LIMITS, ...options.limits };
  const repository = new RepositoryClient(ref, transport, { ...DEFAULT_RETRY_POLICY, ...options.retry }, limits, credentials, allowPlainHttp, options.signal);
  return { repository, transport };
}

async function configuredCredentials(registry: string, options: RegistryImageOptions): Promise<RegistryCredentials | undefined> {
  const lookup = await lookupDockerCredentials(registry, options.dockerConfigPath ?? defaultDockerConfigPath());
  for (const warning of lookup.warnings) options.onWarning?.(warning);
  return lookup.credentials;
}

async function readCaFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new RegistryError('invalid-argument', `cannot read CA bundle ${path}: ${(error as Error).message}`);
  }
}

/** The v2 API of one repository, with the authorization that the registry asks for. */
class RepositoryClient {
  private readonly fetcher: RetryingFetcher;
  private readonly auth: RegistryAuth;
  private readonly base: string;
  private readonly scope: string;
  private readonly display: string;

  constructor(
    private readonly ref: ImageReference,
    transport: Transport,
    private readonly retry: RetryPolicy,
    private readonly limits: ImageLimits,
    credentials: RegistryCredentials | undefined,
    allowPlainHttp: (hostname: string) => boolean,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.fetcher = new RetryingFetcher(transport, retry, signal);
    this.auth = new RegistryAuth(ref.registry, credentials, this.fetcher);
    const scheme = allowPlainHttp(registryHostname(ref.registry)) ? 'http' : 'https';
    this.base = `${scheme}://${ref.registry}/v2/${ref.repository}/`;
    this.scope = `repository:${ref.repository}:pull`;
    this.display = formatImageReference(ref);
  }

  async open(reference: string, platform: Platform, transport: Transport): Promise<ImageSource> {
    const { manifest, digest } = await this.resolveImage(platform);
    checkLayerCount(manifest.layers.length, this.limits, this.display);
    const config = await this.fetchConfig(manifest.config);
    const layers = describeLayers(
      config,
      manifest.layers.map(({ digest, mediaType, size }) => ({ digest, mediaType, size })),
    );
    return {
      reference,
      manifestDigest: digest,
      configDigest: manifest.config.digest,
      config,
      layers,
      ...(this.signal ? { signal: this.signal } : {}),
      openLayer: (layer) => this.openBlob(layer),
      close: async () => transport.close(),
    };
  }

  private async resolveImage(platform: Platform): Promise<{ manifest: Extract<ParsedManifest, { kind: 'image' }>; digest: string }> {
    const top = await this.fetchManifest(this.ref.digest ?? this.ref.tag ?? 'latest', this.ref.digest);
    if (top.manifest.kind === 'image') return { manifest: top.manifest, digest: top.digest };
    checkIndexEntries(top.manifest.manifests.length, this.limits, this.display);
    const entry = matchPlatform(top.manifest.manifests, platform);
    if (!entry) {
      const available = top.manifest.manifests
        .flatMap((candidate) => (candidate.platform && candidate.platform.os !== 'unknown' ? [formatPlatform(candidate.platform)] : []))
        .join(', ');
      throw new RegistryError('no-platform', `${this.display} has no image for platform ${formatPlatform(platform)}; available: ${available || 'none'}`);
    }
    const child = await this.fetchManifest(entry.digest, entry.digest);
    if (child.manifest.kind !== 'image') {
      throw new RegistryError('unsupported', `${this.display}: the ${formatPlatform(platform)} entry is itself an index, which is not supported`);
    }
    return { manifest: child.manifest, digest: child.digest };
  }

  async fetchManifest(
    reference: string,
    expectedDigest: string | undefined,
    maxBytes = this.limits.maxManifestBytes,
  ): Promise<{ manifest: ParsedManifest; digest: string }> {
    const where = expectedDigest && !this.ref.digest ? `${this.display} (${expectedDigest})` : this.display;
    const response = await this.get(`manifests/${reference}`, { accept: MANIFEST_ACCEPT }, where);
    const body = await readLimitedBody(response, maxBytes, `manifest of ${where}`);
    if (expectedDigest) verifyDigest(body, expectedDigest, `manifest of ${where}`);
    const contentType = response.headers['content-type'];
    return { manifest: parseManifest(body, contentType, where), digest: expectedDigest ?? sha256Digest(body) };
  }

  async fetchBlob(descriptor: Pick<Descriptor, 'digest' | 'size'>, limit: number, what: string): Promise<Buffer> {
    if (descriptor.size > limit) throw new RegistryError('too-large', `${what} is ${descriptor.size} bytes, over the ${limit}-byte limit`);
    const response = await this.get(`blobs/${descriptor.digest}`, {}, what);
    const body = await readLimitedBody(response, limit, what);
    verifyDigest(body, descriptor.digest, what);
    return body;
  }

  async listTags(options: TagListOptions = {}): Promise<string[]> {
    const pageSize = options.pageSize ?? 1000;
    const maxTags = options.maxTags ?? 10_000;
    const tags: string[] = [];
    const what = `tags of ${this.ref.registry}/${this.ref.repository}`;
    let path: string | undefined = `tags/list?n=${pageSize}`;
    while (path !== undefined) {
      const response = await this.get(path, { accept: 'application/json' }, what);
      const next = nextTagPage(firstHeader(response.headers.link), new URL(this.base), what);
      const body = await readLimitedBody(response, MAX_TAG_PAGE_BYTES, what);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        throw new RegistryError('invalid-response', `${what}: the tag list is not valid JSON`);
      }
      const list = (parsed as { tags?: unknown } | null)?.tags;
      // A repository without tags answers `"tags": null`.
      if (list !== null && list !== undefined && (!Array.isArray(list) || !list.every((tag) => typeof tag === 'string'))) {
        throw new RegistryError('invalid-response', `${what}: "tags" is not a list of strings`);
      }
      const page = (list as string[] | null | undefined) ?? [];
      if (tags.length + page.length > maxTags) throw new RegistryError('too-large', `${what}: more than ${maxTags} tags`);
      // Not push(...page): a page of a few hundred thousand tags would overflow the call stack.
      for (const tag of page) tags.push(tag);
      path = next;
    }
    return tags;
  }

  async headDigest(reference: string): Promise<string> {
    const what = `${this.ref.registry}/${this.ref.repository}:${reference}`;
    const response = await this.get(`manifests/${reference}`, { accept: MANIFEST_ACCEPT }, what, 'HEAD');
    response.resume();
    const digest = firstHeader(response.headers['docker-content-digest']);
    if (digest !== undefined && isValidDigest(digest)) return digest;
    return (await this.fetchManifest(reference, undefined)).digest;
  }

  private async fetchConfig(descriptor: Descriptor): Promise<ImageConfig> {
    const what = `config ${descriptor.digest} of ${this.display}`;
    const body = await this.fetchBlob(descriptor, this.limits.maxConfigBytes, what);
    let config: unknown;
    try {
      config = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new RegistryError('invalid-response', `${what} is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof config !== 'object' || config === null || Array.isArray(config)) {
      throw new RegistryError('invalid-response', `${what} is not a JSON object`);
    }
    return config as ImageConfig;
  }

  private async openBlob(layer: LayerDescriptor): Promise<Readable> {
    const what = `layer ${layer.digest} of ${this.display}`;
    const response = await this.get(`blobs/${layer.digest}`, {}, what);
    return verifiedBlobStream(response, layer.digest, layer.size, what);
  }

  /** GET with authorization; anything but a 200 becomes a RegistryError naming `what`. */
  private async get(path: string, headers: Record<string, string>, what: string, method: 'GET' | 'HEAD' = 'GET'): Promise<IncomingMessage> {
    const url = new URL(this.base + path);
    let response = await this.fetcher.get(url, { ...headers, ...this.auth.header(this.scope) }, method);
    if (response.statusCode === 401) {
      response.resume();
      await this.auth.answer(response.headers['www-authenticate'], this.scope);
      response = await this.fetcher.get(url, { ...headers, ...this.auth.header(this.scope) }, method);
    }
    if (response.statusCode === 200) return response;
    throw await this.statusError(response, what);
  }

  private async statusError(response: IncomingMessage, what: string): Promise<RegistryError> {
    const status = response.statusCode ?? 0;
    const detail = await registryErrorDetail(response);
    const suffix = detail ? ` (${detail})` : '';
    const registry = this.ref.registry;
    switch (status) {
      case 401:
        return this.auth.hasCredentials
          ? new RegistryError('unauthorized', `access denied: credentials for ${registry} were rejected (${what})${suffix}`)
          : new RegistryError('unauthorized', `authentication required: ${what}; no credentials for ${registry} (docker login, or a Docker config file)${suffix}`);
      case 403:
        return new RegistryError('denied', `access denied: ${what}${suffix}`);
      case 404:
        return new RegistryError('not-found', `not found: ${what}${suffix}`);
      default:
        return status === 429 || status >= 500
          ? new RegistryError('http', `${registry} answered HTTP ${status} for ${what} after ${this.retry.maxAttempts} attempts${suffix}`)
          : new RegistryError('http', `unexpected HTTP ${status} from ${registry} for ${what}${suffix}`);
    }
  }
}

/**
 * The next page of a tag list from `Link: </v2/<name>/tags/list?n=..&last=..>; rel="next"`, as a path relative to
 * the repository's base. A link to another origin or repository is refused: following it would send the credentials.
 */
function nextTagPage(link: string | undefined, base: URL, what: string): string | undefined {
  if (link === undefined) return undefined;
  const match = /<([^>]*)>\s*;[^,]*\brel="?next"?/i.exec(link);
  if (!match) return undefined;
  const target = new URL(match[1]!, base);
  if (target.origin !== base.origin || target.pathname !== `${base.pathname}tags/list`) {
    throw new RegistryError('invalid-response', `${what}: the next-page link leaves the repository`);
  }
  return `tags/list${target.search}`;
}

/** The first entry of a distribution error body (`{"errors":[{"code","message"}]}`), shortened and made printable. */
async function registryErrorDetail(response: IncomingMessage): Promise<string | undefined> {
  let body: Buffer;
  try {
    body = await readLimitedBody(response, MAX_ERROR_BODY_BYTES, 'error response');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errors?: Array<{ code?: unknown; message?: unknown }> };
    const first = Array.isArray(parsed.errors) ? parsed.errors[0] : undefined;
    if (!first) return undefined;
    const text = [first.code, first.message].filter((part) => typeof part === 'string' && part !== '').join(': ');
    return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 200) || undefined;
  } catch {
    return undefined;
  }
}
