import type { RuleMeta } from '../../../core/rule.js';

/**
 * Image trust at admission (`admission.imageTrust` in rampart.yaml): where images come from and whether their cosign
 * signatures verify. The checks need the registry, so they run in the admission webhook (services/admission/image-trust/)
 * rather than in `rampart scan`; their metadata lives here so that `rampart rules`, rule configuration and suppressions
 * know them like every other rule.
 */
export interface ImageTrustRule {
  meta: RuleMeta;
}

const COSIGN_SPEC = 'https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md';

export const untrustedSource: ImageTrustRule = {
  meta: {
    id: 'image/untrusted-source',
    title: 'Image from a source that admission does not trust',
    severity: 'high',
    target: 'image',
    rationale:
      'An image from an arbitrary registry or repository bypasses the scanning, signing and retention controls of the ' +
      'trusted ones, and is how a typo-squatted or insider-pushed image reaches the cluster. Checked at admission when ' +
      '`admission.imageTrust.registries` or `repositories` is set; references are resolved like the runtime does ' +
      '(`nginx` is `docker.io/library/nginx`) and prefixes match at path boundaries, so `ghcr.io/acme` does not allow ' +
      '`ghcr.io/acme-evil`. An image reference that cannot be parsed is not trusted either.',
    remediation:
      'Push or mirror the image into a trusted registry and reference it there, or add its registry or repository ' +
      'prefix to the trusted sources:\n\n```yaml\nadmission:\n  imageTrust:\n    repositories: [ghcr.io/acme/]\n```',
    references: { nsa: 'Building secure container images' },
    aliases: {},
  },
};

export const signatureMissing: ImageTrustRule = {
  meta: {
    id: 'image/signature-missing',
    title: 'Image has no cosign signature',
    severity: 'high',
    target: 'image',
    rationale:
      'Without a signature nothing proves that the image digest about to run was produced by the trusted build: anyone ' +
      'who can push to the repository can replace what a tag points to. Checked at admission when ' +
      '`admission.imageTrust.signatures.mode` is `enforce` or `warn`: the registry must hold a cosign signature for ' +
      'the image digest (the `sha256-<hex>.sig` tag cosign writes).',
    remediation:
      'Sign the image digest in the build pipeline with the trusted key:\n\n' +
      '```sh\ncosign sign --key cosign.key registry.example/app@sha256:<digest>\n```',
    references: { urls: [COSIGN_SPEC] },
    aliases: {},
  },
};

export const signatureInvalid: ImageTrustRule = {
  meta: {
    id: 'image/signature-invalid',
    title: 'Image signatures do not verify with a trusted key',
    severity: 'high',
    target: 'image',
    rationale:
      'The registry holds signatures for the image, but none is a valid ECDSA signature by one of the configured public ' +
      'keys over a payload naming this exact digest: it was signed by someone else, the payload was altered or copied ' +
      'from another image, or the signature is malformed. Each of those is what an attacker who can push images but does ' +
      'not hold the signing key produces.',
    remediation:
      'Sign the digest with a key listed in `admission.imageTrust.signatures.keys` (`cosign sign --key`), or add the ' +
      'public key of the legitimate signer there; check with `cosign verify --key cosign.pub <image>`.',
    references: { urls: [COSIGN_SPEC] },
    aliases: {},
  },
};

export const registryUnreachable: ImageTrustRule = {
  meta: {
    id: 'image/registry-unreachable',
    title: 'Image could not be checked against its registry',
    severity: 'medium',
    target: 'image',
    rationale:
      'Resolving a tag to a digest or fetching signatures failed: the registry did not answer in time, refused access ' +
      '(pull secrets are not used), answered with an error, or does not have the image. Whether the request is denied ' +
      'or let through with a warning is `admission.imageTrust.signatures.unreachable` (`Fail` or `Ignore`), so an ' +
      'outage of a registry never silently turns into trusted images.',
    remediation:
      'Make the registry reachable from the webhook (network policy, DNS, anonymous pull access for signatures), list ' +
      'it in `signatures.insecureRegistries` if it only speaks plain HTTP, or set `unreachable: Ignore` to let requests ' +
      'through with a warning while a registry is down.',
    references: {},
    aliases: {},
  },
};

export const imageTrustRules: ImageTrustRule[] = [untrustedSource, signatureMissing, signatureInvalid, registryUnreachable];
