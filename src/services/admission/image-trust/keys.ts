import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/** A trusted signer: the public key, and a short name for messages (the first hex digits of its SPKI digest). */
export interface TrustedKey {
  key: KeyObject;
  id: string;
}

export class ImageTrustConfigError extends Error {
  override name = 'ImageTrustConfigError';
}

/**
 * Parses `cosign generate-key-pair`'s `cosign.pub` (PEM, PKIX). Only ECDSA P-256 is accepted: it is what cosign makes,
 * and a key of another type would make every signature "invalid" rather than point at the configuration.
 */
export function parseTrustedKeys(pems: readonly string[]): TrustedKey[] {
  return pems.map((pem, index) => {
    let key: KeyObject;
    try {
      key = createPublicKey({ key: pem, format: 'pem' });
    } catch (error) {
      throw new ImageTrustConfigError(`imageTrust.signatures.keys[${index}] is not a PEM public key: ${(error as Error).message}`);
    }
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (key.asymmetricKeyType !== 'ec' || curve !== 'prime256v1') {
      throw new ImageTrustConfigError(
        `imageTrust.signatures.keys[${index}] is a ${key.asymmetricKeyType ?? 'unknown'}${curve ? ` ${curve}` : ''} key; only ECDSA P-256 keys (cosign generate-key-pair) are supported`,
      );
    }
    const spki = key.export({ type: 'spki', format: 'der' });
    return { key, id: createHash('sha256').update(spki).digest('hex').slice(0, 12) };
  });
}

/** Identifies a key set regardless of order, so cached verdicts never outlive a change of keys. */
export function keySetId(keys: readonly TrustedKey[]): string {
  return [...new Set(keys.map((key) => key.id))].sort().join(',');
}
