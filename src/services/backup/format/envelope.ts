import { createHash, sign, verify, type KeyObject } from 'node:crypto';

/**
 * A signed repository document (the repository config, a manifest, a prune record). The payload is kept as the
 * exact JSON text that was signed, so verification never depends on re-serialising it. The document type is part of
 * the signed bytes: a manifest signature can never pass as a config or prune signature.
 */
export interface Envelope {
  payload: string;
  /** Ed25519 signature, base64. */
  signature: string;
  /** Id of the signing key (see keyId), so a reader can tell "unknown key" from "bad signature". */
  key: string;
}

export type DocumentType = 'config' | 'manifest' | 'prune';

/** Largest signed document read; a manifest of 100,000 objects is a few MB. */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

function signedBytes(type: DocumentType, payload: string): Buffer {
  return Buffer.from(`rampart-backup/${type}\n${payload}`, 'utf8');
}

export function keyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function sealEnvelope(type: DocumentType, payload: unknown, privateKey: KeyObject, publicKey: KeyObject): Uint8Array {
  const text = JSON.stringify(payload);
  const envelope: Envelope = { payload: text, signature: sign(null, signedBytes(type, text), privateKey).toString('base64'), key: keyId(publicKey) };
  return Buffer.from(`${JSON.stringify(envelope)}\n`, 'utf8');
}

export type Opened = { ok: true; payload: unknown; key: string } | { ok: false; reason: string };

/** Parses and checks a signed document against the trusted keys; never throws on bad input. */
export function openEnvelope(type: DocumentType, bytes: Uint8Array, trusted: readonly KeyObject[]): Opened {
  if (bytes.length > MAX_DOCUMENT_BYTES) return { ok: false, reason: `larger than ${MAX_DOCUMENT_BYTES} bytes` };
  let envelope: unknown;
  try {
    envelope = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (!isEnvelope(envelope)) return { ok: false, reason: 'not a signed Rampart backup document' };
  const signer = trusted.find((candidate) => keyId(candidate) === envelope.key);
  if (!signer) return { ok: false, reason: `signed by unknown key ${envelope.key.slice(0, 16)}` };
  if (!verify(null, signedBytes(type, envelope.payload), signer, Buffer.from(envelope.signature, 'base64'))) return { ok: false, reason: 'signature does not match' };
  try {
    return { ok: true, payload: JSON.parse(envelope.payload), key: envelope.key };
  } catch {
    return { ok: false, reason: 'signed payload is not JSON' };
  }
}

function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.payload === 'string' && typeof record.signature === 'string' && typeof record.key === 'string';
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
