import { verify } from 'node:crypto';
import type { Descriptor, ParsedManifest } from '../../../sources/image/registry/index.js';
import type { TrustedKey } from './keys.js';

/**
 * cosign's signatures as it stores them in a registry (specs/SIGNATURE_SPEC.md of sigstore/cosign): an image manifest
 * tagged `sha256-<hex>.sig` in the image's repository, one layer per signature. A layer's blob is the "simple signing"
 * payload (JSON naming the signed digest) and its annotation carries the base64 DER ECDSA signature over those bytes.
 * Only key-based signatures without transparency log are verified: Rekor bundles and keyless (Fulcio) certificates in
 * other annotations are ignored, so such a signature passes only if it also verifies with a configured key.
 */

export const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';
export const SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
export const COSIGN_SIGNATURE_TYPE = 'cosign container image signature';

/** Signature layers looked at per image: cosign appends one per `cosign sign`, so a handful is normal. */
export const MAX_SIGNATURE_LAYERS = 32;
/** Simple-signing payloads are a few hundred bytes; optional claims may add some. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
/** The signature manifest: 32 layers with annotations fit in a fraction of this. */
export const MAX_SIGNATURE_MANIFEST_BYTES = 512 * 1024;
/** A DER ECDSA P-256 signature is at most 72 bytes (96 base64 characters); anything far longer is not one. */
const MAX_SIGNATURE_BASE64_CHARS = 512;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The tag cosign stores the signatures of `digest` under. */
export function signatureTag(digest: string): string {
  return `${digest.replace(':', '-')}.sig`;
}

export type SignatureOutcome =
  | { status: 'verified'; keyId: string }
  | { status: 'missing'; reason: string }
  | { status: 'invalid'; reasons: string[] };

/**
 * Fetches a signature layer's payload: the bytes, or a problem with them (missing, oversized, not matching their
 * digest) that makes this one signature invalid. Throws only on failures the caller treats as an unreachable registry.
 */
export type PayloadReader = (layer: Descriptor, maxBytes: number) => Promise<Buffer | { problem: string }>;

/**
 * Judges the signature manifest of `digest`: verified as soon as one layer's signature verifies with one of `keys`
 * over a payload that names `digest`. Every way a layer can fail is collected as a reason, never thrown.
 */
export async function verifySignatureManifest(
  manifest: ParsedManifest,
  digest: string,
  keys: readonly TrustedKey[],
  readPayload: PayloadReader,
): Promise<SignatureOutcome> {
  if (manifest.kind !== 'image') return { status: 'invalid', reasons: ['the signature tag holds an index, not a cosign signature manifest'] };
  const layers = manifest.layers.filter((layer) => layer.mediaType === SIMPLE_SIGNING_MEDIA_TYPE);
  if (layers.length === 0) return { status: 'missing', reason: `the signature manifest has no ${SIMPLE_SIGNING_MEDIA_TYPE} layer` };
  const reasons: string[] = [];
  if (layers.length > MAX_SIGNATURE_LAYERS) reasons.push(`only the first ${MAX_SIGNATURE_LAYERS} of ${layers.length} signatures were checked`);
  for (const [index, layer] of layers.slice(0, MAX_SIGNATURE_LAYERS).entries()) {
    const outcome = await verifyLayer(layer, digest, keys, readPayload);
    if (outcome.keyId !== undefined) return { status: 'verified', keyId: outcome.keyId };
    reasons.push(`signature ${index + 1}: ${outcome.reason}`);
  }
  return { status: 'invalid', reasons };
}

async function verifyLayer(
  layer: Descriptor,
  digest: string,
  keys: readonly TrustedKey[],
  readPayload: PayloadReader,
): Promise<{ keyId: string; reason?: undefined } | { keyId?: undefined; reason: string }> {
  const encoded = layer.annotations?.[SIGNATURE_ANNOTATION];
  if (encoded === undefined) return { reason: `no ${SIGNATURE_ANNOTATION} annotation` };
  if (encoded.length > MAX_SIGNATURE_BASE64_CHARS || !BASE64.test(encoded) || encoded === '') {
    return { reason: 'the signature annotation is not a base64 ECDSA signature' };
  }
  if (layer.size > MAX_PAYLOAD_BYTES) return { reason: `the payload is ${layer.size} bytes, over the ${MAX_PAYLOAD_BYTES}-byte limit` };
  const signature = Buffer.from(encoded, 'base64');
  const payload = await readPayload(layer, MAX_PAYLOAD_BYTES);
  if (!Buffer.isBuffer(payload)) return { reason: payload.problem };
  const signer = keys.find(({ key }) => verifies(payload, key, signature));
  if (!signer) return { reason: 'does not verify with any trusted key' };
  // Only a payload a trusted key signed is worth reading: its claims are what the signer vouched for.
  const signed = signedDigest(payload);
  if ('problem' in signed) return { reason: signed.problem };
  if (signed.digest !== digest) return { reason: `the signed payload names ${printable(signed.digest)}, not this image's digest` };
  return { keyId: signer.id };
}

function verifies(payload: Buffer, key: TrustedKey['key'], signature: Buffer): boolean {
  try {
    return verify('sha256', payload, { key, dsaEncoding: 'der' }, signature);
  } catch {
    // A signature that is not DER, or has the wrong shape for the curve, is simply not a valid one.
    return false;
  }
}

/** `critical.image.docker-manifest-digest` of a simple-signing payload whose `critical.type` is cosign's. */
function signedDigest(payload: Buffer): { digest: string } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch {
    return { problem: 'the signed payload is not JSON' };
  }
  const critical = field(json, 'critical');
  const type = field(critical, 'type');
  if (type !== COSIGN_SIGNATURE_TYPE) return { problem: `the signed payload's critical.type is ${printable(type)}, not "${COSIGN_SIGNATURE_TYPE}"` };
  const digest = field(field(critical, 'image'), 'docker-manifest-digest');
  if (typeof digest !== 'string') return { problem: 'the signed payload has no critical.image.docker-manifest-digest' };
  return { digest };
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[name] : undefined;
}

function printable(value: unknown): string {
  return (JSON.stringify(value) ?? 'missing').replace(/[^\x20-\x7e]/g, '?').slice(0, 80);
}
