import picomatch from 'picomatch';
import type { Logger } from 'pino';
import type { ScanError } from '../../../core/finding.js';
import type { Inventory } from '../../../checks/vulnerabilities/inventory/index.js';
import { inventoryImage } from '../../../pipeline/image-inventory.js';
import type { ImageLimits } from '../../../sources/image/index.js';
import { openImage } from '../../../sources/image/open-image.js';
import {
  openRegistryRepository,
  parseImageReference,
  parsePlatform,
  type Platform,
  type RegistryCredentials,
  type RegistryImageOptions,
  type RegistryRepository,
} from '../../../sources/image/registry/index.js';
import { Backoff, type BackoffPolicy } from './backoff.js';

/** One repository to poll, as configured. */
export interface WatchedRepository {
  /** `registry/repository`, e.g. `ghcr.io/acme/shop` (a tag or digest in it is ignored). */
  repository: string;
  /** Tag globs to watch; every tag when empty or absent. */
  include?: readonly string[];
  /** Tag globs to leave out, applied after `include`. */
  exclude?: readonly string[];
  /** Credentials from the configuration; without them, the Docker config file's for this registry. */
  credentials?: RegistryCredentials;
  dockerConfigPath?: string;
  /** Plain HTTP to a registry that is not on loopback. */
  insecure?: boolean;
  caFile?: string;
  /** `os/arch[/variant]` picked from multi-platform images; linux/amd64 by default. */
  platform?: string;
}

/** Whether the store holds an inventory of a digest already: only new digests are pulled. */
export type DigestKnown = (digest: string) => Promise<boolean> | boolean;

export interface WatchLimits {
  /** Tags asked for per page of the tag list; 1,000 by default. */
  tagPageSize: number;
  /** Tags listed per repository before it is reported as over the limit; 10,000 by default. */
  maxListedTags: number;
  /** Tags resolved per repository and poll after the globs, newest last in the registry's order; 1,000 by default. */
  maxWatchedTags: number;
  /** Everything read for one image (manifests, config, layers); 10 minutes by default. */
  imageTimeoutMs: number;
  /** Layer sizes, counts, and decompression limits of one image. */
  image?: Partial<ImageLimits>;
}

export const DEFAULT_WATCH_LIMITS: WatchLimits = { tagPageSize: 1000, maxListedTags: 10_000, maxWatchedTags: 1_000, imageTimeoutMs: 10 * 60 * 1000 };

export interface RegistryWatchOptions {
  repositories: readonly WatchedRepository[];
  known: DigestKnown;
  limits?: Partial<WatchLimits>;
  backoff?: Partial<BackoffPolicy>;
  logger?: Logger;
  now?: () => number;
  random?: () => number;
  /** Per request (connect to response headers); 30 s by default. */
  requestTimeoutMs?: number;
  /** Retries within one request (the registry client's); the backoff across polls is separate. */
  retry?: RegistryImageOptions['retry'];
}

/** What one poll reports, in order, repository by repository. */
export type WatchEvent =
  | {
      kind: 'image';
      /** `registry/repository`. */
      repository: string;
      /** Every watched tag that points at this digest now. */
      tags: string[];
      /** The digest the tags resolve to: an image manifest, or an index of several platforms. */
      digest: string;
      /** The manifest of the platform inventoried (equal to `digest` for a single-platform image). */
      manifestDigest: string;
      inventory: Inventory;
      /** Files that could not be inventoried: the inventory is incomplete, not empty. */
      errors: ScanError[];
    }
  /** Tags whose digest is known already: nothing pulled, but the store can record the tags. */
  | { kind: 'known'; repository: string; tags: string[]; digest: string }
  /** One image could not be read (limits, integrity, timeout); the rest of the repository went on. */
  | { kind: 'image-error'; repository: string; tags: string[]; digest: string; message: string }
  /** The repository could not be listed or resolved; it is skipped until `retryAt`, the others go on. */
  | { kind: 'repository-error'; repository: string; message: string; failures: number; retryAt: number }
  /** Still backing off after an earlier failure. */
  | { kind: 'backing-off'; repository: string; retryAt: number };

export interface RegistryWatcher {
  /** One pass over every repository. Digests are pulled once per process even when several tags or repositories share them. */
  poll(): AsyncGenerator<WatchEvent, void, undefined>;
}

interface Prepared {
  config: WatchedRepository;
  name: string;
  watches: (tag: string) => boolean;
  platform?: Platform;
  options: Omit<RegistryImageOptions, 'platform' | 'signal'>;
}

function prepare(config: WatchedRepository): Prepared {
  const ref = parseImageReference(config.repository);
  const include = config.include && config.include.length > 0 ? picomatch([...config.include]) : () => true;
  const exclude = config.exclude && config.exclude.length > 0 ? picomatch([...config.exclude]) : () => false;
  return {
    config,
    name: `${ref.registry}/${ref.repository}`,
    watches: (tag) => include(tag) && !exclude(tag),
    options: {
      ...(config.credentials ? { credentials: config.credentials } : {}),
      ...(config.dockerConfigPath ? { dockerConfigPath: config.dockerConfigPath } : {}),
      ...(config.insecure !== undefined ? { insecure: config.insecure } : {}),
      ...(config.caFile ? { caFile: config.caFile } : {}),
    },
    ...(config.platform ? { platform: parsePlatform(config.platform) } : {}),
  };
}

/** Tags grouped by the digest they point to, in the order the registry listed them. */
async function resolveTags(repository: RegistryRepository, tags: readonly string[]): Promise<Map<string, string[]>> {
  const byDigest = new Map<string, string[]>();
  for (const tag of tags) {
    const digest = await repository.digestOf(tag);
    const list = byDigest.get(digest);
    if (list) list.push(tag);
    else byDigest.set(digest, [tag]);
  }
  return byDigest;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Checks every repository name and glob up front, so a typo fails at start-up rather than at the first poll. */
export function createRegistryWatcher(options: RegistryWatchOptions): RegistryWatcher {
  const limits = { ...DEFAULT_WATCH_LIMITS, ...options.limits };
  const prepared = options.repositories.map((config) => {
    try {
      return prepare(config);
    } catch (error) {
      throw new Error(`watched repository ${config.repository}: ${messageOf(error)}`);
    }
  });
  const backoff = new Backoff(options.backoff, options.random ?? Math.random);
  const now = options.now ?? Date.now;
  const pulled = new Set<string>();
  const common = {
    ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(limits.image ? { limits: limits.image } : {}),
  };

  async function* pollOne(target: Prepared): AsyncGenerator<WatchEvent> {
    const { name } = target;
    const waitUntil = backoff.retryAt(name);
    if (waitUntil !== undefined && now() < waitUntil) {
      yield { kind: 'backing-off', repository: name, retryAt: waitUntil };
      return;
    }
    let byDigest: Map<string, string[]>;
    try {
      const repository = await openRegistryRepository(parseImageReference(name), { ...target.options, ...common });
      try {
        const listed = await repository.tags({ pageSize: limits.tagPageSize, maxTags: limits.maxListedTags });
        // Registries list in no promised order (and pages may interleave): sorted, the events are the same every poll.
        const watched = listed.filter(target.watches).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        if (watched.length > limits.maxWatchedTags)
          throw new Error(`${watched.length} tags match the globs, over the limit of ${limits.maxWatchedTags}: narrow them`);
        byDigest = await resolveTags(repository, watched);
      } finally {
        repository.close();
      }
    } catch (error) {
      const failure = backoff.failed(name, now());
      const message = messageOf(error);
      options.logger?.warn({ repository: name, failures: failure.failures, retryAt: new Date(failure.retryAt).toISOString(), error: message }, 'registry poll failed');
      yield { kind: 'repository-error', repository: name, message, failures: failure.failures, retryAt: failure.retryAt };
      return;
    }
    backoff.succeeded(name);

    for (const [digest, tags] of byDigest) {
      if (pulled.has(digest) || (await options.known(digest))) {
        yield { kind: 'known', repository: name, tags, digest };
        continue;
      }
      try {
        const source = await openImage({ reference: `${name}@${digest}`, registry: { ...target.options, ...common }, timeoutMs: limits.imageTimeoutMs, ...(target.platform ? { platform: target.platform } : {}) });
        try {
          const scanned = await inventoryImage(source);
          pulled.add(digest);
          options.logger?.info({ repository: name, digest, tags, packages: scanned.inventory.packages.length }, 'image inventoried');
          yield { kind: 'image', repository: name, tags, digest, manifestDigest: source.manifestDigest ?? digest, inventory: scanned.inventory, errors: scanned.errors };
        } finally {
          await source.close();
        }
      } catch (error) {
        const message = messageOf(error);
        options.logger?.warn({ repository: name, digest, error: message }, 'image not inventoried');
        yield { kind: 'image-error', repository: name, tags, digest, message };
      }
    }
  }

  return {
    async *poll() {
      for (const target of prepared) yield* pollOne(target);
    },
  };
}

