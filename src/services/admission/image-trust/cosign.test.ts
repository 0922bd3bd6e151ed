import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Descriptor, ParsedManifest } from '../../../sources/image/registry/index.js';
import { COSIGN_SIGNATURE_TYPE, SIGNATURE_ANNOTATION, SIMPLE_SIGNING_MEDIA_TYPE, signatureTag, verifySignatureManifest, type PayloadReader } from './cosign.js';
import { keySetId, parseTrustedKeys, ImageTrustConfigError } from './keys.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const OTHER_DIGEST = `sha256:${'cd'.repeat(32)}`;

function keyPair(): { privateKey: KeyObject; pem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { privateKey, pem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

const signer = keyPair();
const stranger = keyPair();
const trusted = parseTrustedKeys([signer.pem]);

function payload(digest: string, type = COSIGN_SIGNATURE_TYPE): Buffer {
  return Buffer.from(JSON.stringify({ critical: { identity: { 'docker-reference': 'registry.test/app' }, image: { 'docker-manifest-digest': digest }, type }, optional: null }));
}

/** A signature manifest with one layer per entry, and a reader serving the payloads by digest. */
type ImageManifest = Extract<ParsedManifest, { kind: 'image' }>;

function signatures(entries: Array<{ body: Buffer; signature?: string }>): { manifest: ImageManifest; read: PayloadReader; reads: string[] } {
  const blobs = new Map<string, Buffer>();
  const reads: string[] = [];
  const layers: Descriptor[] = entries.map(({ body, signature }) => {
    const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    blobs.set(digest, body);
    return { mediaType: SIMPLE_SIGNING_MEDIA_TYPE, digest, size: body.length, ...(signature === undefined ? {} : { annotations: { [SIGNATURE_ANNOTATION]: signature } }) };
  });
  const config: Descriptor = { mediaType: 'application/vnd.oci.image.config.v1+json', digest: DIGEST, size: 2 };
  const read: PayloadReader = async (layer) => {
    reads.push(layer.digest);
    return blobs.get(layer.digest) ?? { problem: 'not found' };
  };
  return { manifest: { kind: 'image', mediaType: 'application/vnd.oci.image.manifest.v1+json', config, layers }, read, reads };
}

function signed(body: Buffer, key = signer.privateKey): { body: Buffer; signature: string } {
  return { body, signature: sign('sha256', body, key).toString('base64') };
}

describe('signatureTag', () => {
  it('is the tag cosign stores signatures under', () => {
    expect(signatureTag(DIGEST)).toBe(`sha256-${'ab'.repeat(32)}.sig`);
  });
});

describe('verifySignatureManifest', () => {
  it('verifies a payload signed by a trusted key that names the digest', async () => {
    const { manifest, read } = signatures([signed(payload(DIGEST))]);
    expect(await verifySignatureManifest(manifest, DIGEST, trusted, read)).toEqual({ status: 'verified', keyId: trusted[0]!.id });
  });

  it('accepts any one valid signature among several, whatever the order', async () => {
    const { manifest, read } = signatures([signed(payload(DIGEST), stranger.privateKey), { body: payload(DIGEST), signature: '!!' }, signed(payload(DIGEST))]);
    expect((await verifySignatureManifest(manifest, DIGEST, trusted, read)).status).toBe('verified');
  });

  it('rejects a signature by another key', async () => {
    const { manifest, read } = signatures([signed(payload(DIGEST), stranger.privateKey)]);
    expect(await verifySignatureManifest(manifest, DIGEST, trusted, read)).toEqual({ status: 'invalid', reasons: ['signature 1: does not verify with any trusted key'] });
  });

  it('rejects a validly signed payload that names another digest (a signature copied from another image)', async () => {
    const { manifest, read } = signatures([signed(payload(OTHER_DIGEST))]);
    const outcome = await verifySignatureManifest(manifest, DIGEST, trusted, read);
    expect(outcome).toEqual({ status: 'invalid', reasons: [`signature 1: the signed payload names "${OTHER_DIGEST}", not this image's digest`] });
  });

  it('rejects a signed payload of another type or shape', async () => {
    const wrongType = signatures([signed(payload(DIGEST, 'attestation'))]);
    expect(await verifySignatureManifest(wrongType.manifest, DIGEST, trusted, wrongType.read)).toEqual({
      status: 'invalid',
      reasons: [`signature 1: the signed payload's critical.type is "attestation", not "${COSIGN_SIGNATURE_TYPE}"`],
    });
    const notJson = signatures([signed(Buffer.from('{"critical": '))]);
    expect(await verifySignatureManifest(notJson.manifest, DIGEST, trusted, notJson.read)).toEqual({ status: 'invalid', reasons: ['signature 1: the signed payload is not JSON'] });
    const noDigest = signatures([signed(Buffer.from(JSON.stringify({ critical: { type: COSIGN_SIGNATURE_TYPE, image: [] } })))]);
    expect(await verifySignatureManifest(noDigest.manifest, DIGEST, trusted, noDigest.read)).toEqual({
      status: 'invalid',
      reasons: ['signature 1: the signed payload has no critical.image.docker-manifest-digest'],
    });
  });

  it('rejects a payload altered after signing', async () => {
    const original = signed(payload(DIGEST));
    const { manifest, read } = signatures([{ body: Buffer.concat([original.body, Buffer.from(' ')]), signature: original.signature }]);
    expect((await verifySignatureManifest(manifest, DIGEST, trusted, read)).status).toBe('invalid');
  });

  it('turns malformed annotations into reasons without reading the payload', async () => {
    const { manifest, read, reads } = signatures([
      { body: payload(DIGEST) },
      { body: payload(DIGEST), signature: 'not base64!' },
      { body: payload(DIGEST), signature: 'A'.repeat(10_000) },
      { body: payload(DIGEST), signature: '' },
    ]);
    const outcome = await verifySignatureManifest(manifest, DIGEST, trusted, read);
    expect(outcome).toEqual({
      status: 'invalid',
      reasons: [
        `signature 1: no ${SIGNATURE_ANNOTATION} annotation`,
        'signature 2: the signature annotation is not a base64 ECDSA signature',
        'signature 3: the signature annotation is not a base64 ECDSA signature',
        'signature 4: the signature annotation is not a base64 ECDSA signature',
      ],
    });
    expect(reads).toEqual([]);
  });

  it('treats well-formed base64 that is not a DER signature as not verifying', async () => {
    const { manifest, read } = signatures([{ body: payload(DIGEST), signature: Buffer.from('garbage that is no DER').toString('base64') }]);
    expect(await verifySignatureManifest(manifest, DIGEST, trusted, read)).toEqual({ status: 'invalid', reasons: ['signature 1: does not verify with any trusted key'] });
  });

  it('refuses oversized payloads before fetching them', async () => {
    const { manifest, read, reads } = signatures([signed(payload(DIGEST))]);
    const huge: ImageManifest = { ...manifest, layers: manifest.layers.map((layer) => ({ ...layer, size: 10 * 1024 * 1024 })) };
    const outcome = await verifySignatureManifest(huge, DIGEST, trusted, read);
    expect(outcome).toEqual({ status: 'invalid', reasons: ['signature 1: the payload is 10485760 bytes, over the 65536-byte limit'] });
    expect(reads).toEqual([]);
  });

  it('reports a payload the reader could not get as that signature\'s problem', async () => {
    const { manifest } = signatures([signed(payload(DIGEST))]);
    const outcome = await verifySignatureManifest(manifest, DIGEST, trusted, async () => ({ problem: 'digest mismatch' }));
    expect(outcome).toEqual({ status: 'invalid', reasons: ['signature 1: digest mismatch'] });
  });

  it('says "missing" when the manifest holds no simple-signing layer, "invalid" for an index', async () => {
    const { manifest, read } = signatures([signed(payload(DIGEST))]);
    const foreign: ImageManifest = { ...manifest, layers: manifest.layers.map((layer) => ({ ...layer, mediaType: 'application/vnd.oci.image.layer.v1.tar' })) };
    expect((await verifySignatureManifest(foreign, DIGEST, trusted, read)).status).toBe('missing');
    const index: ParsedManifest = { kind: 'index', mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] };
    expect((await verifySignatureManifest(index, DIGEST, trusted, read)).status).toBe('invalid');
  });

  it('looks at a bounded number of signatures', async () => {
    const many = signatures(Array.from({ length: 40 }, () => signed(payload(DIGEST), stranger.privateKey)));
    const outcome = await verifySignatureManifest(many.manifest, DIGEST, trusted, many.read);
    expect(outcome.status).toBe('invalid');
    expect(many.reads).toHaveLength(32);
    expect(outcome.status === 'invalid' && outcome.reasons[0]).toBe('only the first 32 of 40 signatures were checked');
  });
});

describe('parseTrustedKeys', () => {
  it('accepts P-256 PEM public keys and names them by their SPKI digest', () => {
    const [key] = parseTrustedKeys([signer.pem]);
    expect(key!.id).toMatch(/^[0-9a-f]{12}$/);
    expect(keySetId(parseTrustedKeys([signer.pem, stranger.pem]))).toBe(keySetId(parseTrustedKeys([stranger.pem, signer.pem])));
  });

  it('refuses other key types and text that is not a key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => parseTrustedKeys([rsa])).toThrow(ImageTrustConfigError);
    expect(() => parseTrustedKeys([p384])).toThrow(/secp384r1 key; only ECDSA P-256/);
    expect(() => parseTrustedKeys(['-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----'])).toThrow(/keys\[0\] is not a PEM public key/);
  });
});
