import { ImageIntegrityError } from '../../../sources/image/integrity.js';
import {
  openRegistryRepository,
  parseImageReference,
  RegistryError,
  type ImageReference,
  type RegistryImageOptions,
  type RegistryRepository,
} from '../../../sources/image/registry/index.js';
import { MAX_SIGNATURE_MANIFEST_BYTES, signatureTag, verifySignatureManifest, type PayloadReader, type SignatureOutcome } from './cosign.js';
import type { TrustedKey } from './keys.js';

/** A reference parsed strictly for the registry client, and the repository's `registry/repository` name. */
export interface CheckedReference {
  ref: ImageReference;
  name: string;
}

/**
 * The registry requests of one admission check: one connection pool per repository, every request bound to the
 * caller's AbortSignal, all closed when the check ends.
 */
export class RegistrySession {
  private readonly repositories = new Map<string, Promise<RegistryRepository>>();

  constructor(
    private readonly optionsFor: (registry: string) => RegistryImageOptions,
    readonly signal: AbortSignal | undefined,
  ) {}

  /** Throws a RegistryError (`invalid-argument`) for a reference the registry client would not send. */
  reference(image: string): CheckedReference {
    const ref = parseImageReference(image);
    return { ref, name: `${ref.registry}/${ref.repository}` };
  }

  /** The digest of the manifest or index the tag points to, computed from the bytes received. */
  async resolve(reference: CheckedReference): Promise<string> {
    const repository = await this.repository(reference);
    const { digest } = await repository.manifest(reference.ref.tag ?? 'latest');
    return digest;
  }

  /** Fetches and judges the cosign signatures of `digest`; throws only when the registry cannot be asked. */
  async verify(reference: CheckedReference, digest: string, keys: readonly TrustedKey[]): Promise<SignatureOutcome> {
    const repository = await this.repository(reference);
    const tag = signatureTag(digest);
    let manifest;
    try {
      ({ manifest } = await repository.manifest(tag, MAX_SIGNATURE_MANIFEST_BYTES));
    } catch (error) {
      if (error instanceof RegistryError && error.code === 'not-found') {
        return { status: 'missing', reason: `${reference.name} has no ${tag} signature manifest` };
      }
      if (isMalformed(error)) return { status: 'invalid', reasons: [`the signature manifest ${tag} is unusable: ${(error as Error).message}`] };
      throw error;
    }
    const readPayload: PayloadReader = async (layer, maxBytes) => {
      try {
        return await repository.blob(layer, maxBytes);
      } catch (error) {
        if ((error instanceof RegistryError && error.code === 'not-found') || isMalformed(error)) return { problem: `payload ${layer.digest}: ${(error as Error).message}` };
        throw error;
      }
    };
    return verifySignatureManifest(manifest, digest, keys, readPayload);
  }

  rethrowIfAborted(): void {
    if (this.signal?.aborted) throw this.signal.reason;
  }

  close(): void {
    for (const pending of this.repositories.values()) {
      pending.then(
        (repository) => repository.close(),
        () => undefined,
      );
    }
    this.repositories.clear();
  }

  private repository(reference: CheckedReference): Promise<RegistryRepository> {
    let pending = this.repositories.get(reference.name);
    if (!pending) {
      const options = { ...this.optionsFor(reference.ref.registry), ...(this.signal ? { signal: this.signal } : {}) };
      this.repositories.set(reference.name, (pending = openRegistryRepository(reference.ref, options)));
    }
    return pending;
  }
}

/** Content the registry did send but that is not what a signature should be: a verdict on the signature, not an outage. */
function isMalformed(error: unknown): boolean {
  if (error instanceof ImageIntegrityError) return true;
  return error instanceof RegistryError && (error.code === 'invalid-response' || error.code === 'unsupported' || error.code === 'too-large');
}
