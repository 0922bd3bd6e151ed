/**
 * Image trust for the admission webhook (`admission.imageTrust` in rampart.yaml): trusted sources, digest pinning and
 * cosign signature verification, judged per container image of Pods and of every workload's pod template.
 *
 * - Sources: `registries` and `repositories` prefixes, matched like `allowedRegistries` (parsers/image/name-prefix.ts).
 *   An untrusted image is denied without any registry request, so a pod spec cannot make the webhook contact an
 *   arbitrary host. With no trusted sources configured, the webhook contacts whatever registry an image names, as the
 *   kubelet would; configure sources to bound that.
 * - Pinning (`pinDigests`): a tag is resolved with a manifest GET and the digest computed from the bytes received;
 *   `image: x:tag` becomes `x:tag@sha256:...` (the tag kept for people, the digest decides what runs, as for the
 *   runtime). The digest of an index is pinned, not a platform's, so every node still picks its own platform.
 * - Signatures: cosign's tag-based storage (`sha256-<hex>.sig`, simple-signing layers), ECDSA P-256 public keys,
 *   no transparency log: Rekor inclusion proofs, keyless (Fulcio) certificates, attestations and the OCI 1.1
 *   referrers/bundle format are not supported yet. A tag is verified at the digest it resolves to now; pin digests
 *   too, or the tag may move between admission and pull.
 * - Registry access is anonymous or with the webhook's own Docker config: pull secrets of the request's namespace are
 *   not read. Failures follow `signatures.unreachable` (Fail denies, Ignore warns) when a signature was required;
 *   a tag that cannot be pinned is left as written, with a warning.
 * - Results (tag digests and signature outcomes, keyed by repository, digest and key set) are cached for
 *   `signatures.cacheTtlMs`, failures never; concurrent checks of one image share one lookup.
 */
import { toJsonPointer, type JsonPath } from '../../../core/fix.js';
import type { Severity } from '../../../core/severity.js';
import type { ImageTrustConfig } from '../../../config/admission.js';
import { imageTrustRules, registryUnreachable, signatureInvalid, signatureMissing, untrustedSource } from '../../../checks/rules/image-trust/index.js';
import { matchesImagePrefix, normaliseImagePrefix } from '../../../parsers/image/name-prefix.js';
import { normaliseRegistry, parseImageReference as parseManifestImage } from '../../../parsers/image/reference.js';
import { makeObject } from '../../../parsers/kubernetes/objects.js';
import { valueDocument } from '../../../parsers/kubernetes/value-document.js';
import { asString } from '../../../parsers/kubernetes/values.js';
import { containersOf, podTemplateOf } from '../../../parsers/kubernetes/workloads.js';
import type { JsonPatchOperation } from '../../../pipeline/json-patch.js';
import type { RegistryImageOptions } from '../../../sources/image/registry/index.js';
import { SharedLookups, TtlCache } from './cache.js';
import { ImageTrustConfigError, keySetId, parseTrustedKeys, type TrustedKey } from './keys.js';
import { RegistrySession, type CheckedReference } from './session.js';
import type { SignatureOutcome } from './cosign.js';

export { ImageTrustConfigError } from './keys.js';
export { imageTrustRules } from '../../../checks/rules/image-trust/index.js';

/** One image trust decision about one container's image, in the rule's terms. */
export interface ImageVerdict {
  ruleId: string;
  severity: Severity;
  /** The image as written in the object. */
  image: string;
  container: string;
  /** The container in the object (`['spec', 'template', 'spec', 'containers', 0]`); its `image` field is the finding's field. */
  containerPath: JsonPath;
  message: string;
  action: 'deny' | 'warn';
}

export interface ImageTrustResult {
  verdicts: ImageVerdict[];
  /** `replace` operations pinning tag references to the digests they resolve to (`pinDigests`), against the object checked. */
  patch: JsonPatchOperation[];
}

export interface ImageTrust {
  /** False when the configuration asks for nothing (no trusted sources, no pinning, signatures off): check() is then free. */
  readonly active: boolean;
  /**
   * Checks every container image (containers, initContainers, ephemeralContainers) of a Pod or of any workload's pod
   * template. Registry failures become verdicts; the promise rejects only when `signal` aborts (with its reason).
   */
  check(object: Record<string, unknown>, signal?: AbortSignal): Promise<ImageTrustResult>;
}

export interface ImageTrustOptions {
  /** Registry client settings: `insecure` and `ca` for test registries, credentials, timeouts and retries. */
  registry?: Pick<RegistryImageOptions, 'insecure' | 'ca' | 'caFile' | 'credentials' | 'dockerConfigPath' | 'requestTimeoutMs' | 'idleTimeoutMs' | 'retry'>;
  /** Configured severities (`rules:` in rampart.yaml, by ID or alias); the rules' own otherwise. */
  severityOf?(ruleId: string): Severity;
  /** Rules turned off in rampart.yaml give no verdict; all on otherwise. */
  isEnabled?(ruleId: string): boolean;
  /** Cached results kept at most; the oldest go first. */
  maxCacheEntries?: number;
  now?(): number;
}

/**
 * Within the apiserver's webhook timeout (seconds), a registry that does not answer one request in a few seconds will
 * not answer the retry in time either; the caller's AbortSignal is the overall deadline.
 */
const ADMISSION_REGISTRY_DEFAULTS: Pick<RegistryImageOptions, 'requestTimeoutMs' | 'idleTimeoutMs' | 'retry'> = {
  requestTimeoutMs: 5_000,
  idleTimeoutMs: 5_000,
  retry: { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 500, maxRetryAfterMs: 1_000 },
};

type Finding = Pick<ImageVerdict, 'ruleId' | 'message' | 'action'>;
interface ImageOutcome {
  findings: Finding[];
  /** The digest to pin the reference to, when pinning applies. */
  pin?: string;
}

export function createImageTrust(config: ImageTrustConfig, options: ImageTrustOptions = {}): ImageTrust {
  const sources = [...config.registries, ...config.repositories].map(normaliseImagePrefix).filter((entry) => entry !== '');
  const signatures = config.signatures;
  const keys: TrustedKey[] = signatures.mode === 'off' ? [] : parseTrustedKeys(signatures.keys);
  if (signatures.mode !== 'off' && keys.length === 0) {
    throw new ImageTrustConfigError(`imageTrust.signatures.mode is ${signatures.mode} but no keys are configured`);
  }
  const signedRepositories = signatures.repositories.map(normaliseImagePrefix).filter((entry) => entry !== '');
  const insecure = new Set(signatures.insecureRegistries.map((host) => normaliseRegistry(host.trim())));
  const now = options.now ?? Date.now;
  const maxEntries = options.maxCacheEntries ?? 10_000;
  const digests = new SharedLookups(new TtlCache<string>(signatures.cacheTtlMs, maxEntries, now));
  const outcomes = new SharedLookups(new TtlCache<SignatureOutcome>(signatures.cacheTtlMs, maxEntries, now));
  const keySet = keySetId(keys);
  const severities = new Map(imageTrustRules.map((rule) => [rule.meta.id, rule.meta.severity]));
  const severityOf = (id: string): Severity => options.severityOf?.(id) ?? severities.get(id) ?? 'medium';
  const registryOptions = (registry: string): RegistryImageOptions => ({
    ...ADMISSION_REGISTRY_DEFAULTS,
    ...options.registry,
    ...(insecure.has(normaliseRegistry(registry)) ? { insecure: true } : {}),
  });
  const active = sources.length > 0 || config.pinDigests || signatures.mode !== 'off';

  const unreachable = (image: string, error: Error, signing: boolean): Finding => {
    const deny = signing && signatures.mode === 'enforce' && signatures.unreachable === 'Fail';
    const consequence = !signing
      ? 'left unpinned'
      : deny
        ? 'denied (imageTrust.signatures.unreachable: Fail)'
        : signatures.mode === 'warn'
          ? 'admitted (signatures.mode: warn)'
          : 'admitted unverified (imageTrust.signatures.unreachable: Ignore)';
    return { ruleId: registryUnreachable.meta.id, action: deny ? 'deny' : 'warn', message: `image "${image}" could not be checked against its registry: ${error.message}; ${consequence}` };
  };

  const signatureFinding = (image: string, digest: string, outcome: SignatureOutcome): Finding | undefined => {
    const action = signatures.mode === 'enforce' ? 'deny' : 'warn';
    if (outcome.status === 'missing') {
      return { ruleId: signatureMissing.meta.id, action, message: `image "${image}" (${digest}) has no cosign signature: ${outcome.reason}` };
    }
    if (outcome.status === 'invalid') {
      const shown = outcome.reasons.slice(0, 3).join('; ') + (outcome.reasons.length > 3 ? `; and ${outcome.reasons.length - 3} more` : '');
      return { ruleId: signatureInvalid.meta.id, action, message: `image "${image}" (${digest}) has no signature that verifies with a trusted key: ${shown}` };
    }
    return undefined;
  };

  async function evaluate(image: string, session: RegistrySession): Promise<ImageOutcome> {
    const written = parseManifestImage(image);
    if (sources.length > 0 && (!written || !matchesImagePrefix(written, sources))) {
      const where = written ? `${written.registry}/${written.repository}` : 'an unparseable reference';
      return {
        findings: [{ ruleId: untrustedSource.meta.id, action: 'deny', message: `image "${image}" comes from ${where}, which is not a trusted source (${describe(sources)})` }],
      };
    }
    const pin = config.pinDigests && written?.digest === undefined;
    const signing = signatures.mode !== 'off' && (signedRepositories.length === 0 || (written !== undefined && matchesImagePrefix(written, signedRepositories)));
    if (!pin && !signing) return { findings: [] };

    let reference: CheckedReference;
    let digest: string;
    try {
      reference = session.reference(image);
      digest = reference.ref.digest ?? (await resolveDigest(reference, session));
    } catch (error) {
      session.rethrowIfAborted();
      return { findings: [unreachable(image, error as Error, signing)] };
    }
    const pinned = pin ? { pin: digest } : {};
    if (!signing) return { findings: [], ...pinned };
    let outcome: SignatureOutcome;
    try {
      outcome = await verifyDigest(reference, digest, session);
    } catch (error) {
      session.rethrowIfAborted();
      return { findings: [unreachable(image, error as Error, signing)], ...pinned };
    }
    const finding = signatureFinding(image, digest, outcome);
    return { findings: finding ? [finding] : [], ...pinned };
  }

  async function resolveDigest(reference: CheckedReference, session: RegistrySession): Promise<string> {
    const key = `${reference.name}:${reference.ref.tag ?? 'latest'}`;
    return digests.get(key, session.signal, () => session.resolve(reference));
  }

  async function verifyDigest(reference: CheckedReference, digest: string, session: RegistrySession): Promise<SignatureOutcome> {
    const key = `${reference.name}@${digest}#${keySet}`;
    return outcomes.get(key, session.signal, () => session.verify(reference, digest, keys));
  }

  return {
    active,
    async check(raw, signal) {
      signal?.throwIfAborted();
      const kind = typeof raw.kind === 'string' ? raw.kind : '';
      const pod = active && kind !== '' ? podTemplateOf(makeObject(raw, valueDocument('admission', raw), [])) : undefined;
      if (!pod) return { verdicts: [], patch: [] };
      const session = new RegistrySession(registryOptions, signal);
      try {
        const byImage = new Map<string, Promise<ImageOutcome>>();
        const containers = containersOf(pod).flatMap((ref) => {
          const image = asString(ref.container.image);
          return image === undefined ? [] : [{ ref, image }];
        });
        const evaluated = await Promise.all(
          containers.map(({ image }) => {
            let outcome = byImage.get(image);
            if (!outcome) byImage.set(image, (outcome = evaluate(image, session)));
            return outcome;
          }),
        );
        const verdicts: ImageVerdict[] = [];
        const patch: JsonPatchOperation[] = [];
        containers.forEach(({ ref, image }, index) => {
          const outcome = evaluated[index]!;
          for (const finding of outcome.findings) {
            if (options.isEnabled?.(finding.ruleId) === false) continue;
            verdicts.push({ ...finding, severity: severityOf(finding.ruleId), image, container: ref.name, containerPath: ref.path });
          }
          if (outcome.pin !== undefined) patch.push({ op: 'replace', path: toJsonPointer([...ref.path, 'image']), value: `${image.trim()}@${outcome.pin}` });
        });
        return { verdicts, patch };
      } finally {
        session.close();
      }
    },
  };
}

function describe(sources: readonly string[]): string {
  const shown = sources.slice(0, 5).join(', ');
  return `trusted: ${shown}${sources.length > 5 ? `, and ${sources.length - 5} more` : ''}`;
}
