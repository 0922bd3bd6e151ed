import type { Decrypter, Encrypter } from 'age-encryption';
import { isAgeIdentity } from './keys.js';
import { BackupFormatError, BackupKeyError } from './types.js';

/**
 * Two layers of keys. Packs are encrypted with age to the repository's own X25519 data recipient, so a backup
 * costs one cheap X25519 operation per pack whatever the owners use. The data identity itself is stored once per
 * owner recipient (an `age1...` key or a passphrase, scrypt), so owners can be added without re-encrypting packs
 * and a passphrase costs one scrypt per restore, not one per pack.
 */
export interface DataKey {
  identity: string;
  recipient: string;
}

/**
 * age and its post-quantum dependencies are about a hundred modules: every command but `backup` would pay for them
 * at start-up (a pre-commit run of `rampart scan`), so they load on first use.
 */
export function loadAge(): Promise<typeof import('age-encryption')> {
  return (ageModule ??= import('age-encryption'));
}
let ageModule: Promise<typeof import('age-encryption')> | undefined;

export async function generateDataKey(): Promise<DataKey> {
  const { generateX25519Identity, identityToRecipient } = await loadAge();
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

/** An owner of the repository: an X25519 recipient or a passphrase. */
export type OwnerRecipient = { type: 'x25519'; recipient: string } | { type: 'passphrase'; passphrase: string };

export async function wrapDataKey(key: DataKey, owner: OwnerRecipient): Promise<Uint8Array> {
  const { Encrypter } = await loadAge();
  const encrypter = new Encrypter();
  if (owner.type === 'x25519') encrypter.addRecipient(owner.recipient);
  else encrypter.setPassphrase(owner.passphrase);
  return encrypter.encrypt(JSON.stringify({ identity: key.identity }));
}

/**
 * Tries every wrapped data key with every identity and passphrase. All failing is the one clear "wrong key" error;
 * age's own messages (which stanza did not match) would only confuse.
 */
export async function unwrapDataKey(wrapped: readonly Uint8Array[], identities: readonly string[]): Promise<DataKey> {
  if (identities.length === 0) throw new BackupKeyError('decrypting this backup needs an age identity (--identity FILE) or the passphrase (RAMPART_BACKUP_PASSPHRASE)');
  const { Decrypter, identityToRecipient } = await loadAge();
  const decrypter = new Decrypter();
  for (const identity of identities) {
    if (isAgeIdentity(identity)) decrypter.addIdentity(identity);
    else decrypter.addPassphrase(identity);
  }
  for (const file of wrapped) {
    let text: string;
    try {
      text = await decrypter.decrypt(file, 'text');
    } catch {
      continue;
    }
    const identity = parseIdentity(text);
    return { identity, recipient: await identityToRecipient(identity) };
  }
  throw new BackupKeyError('none of the given identities or passphrases can decrypt this backup repository (wrong key?)');
}

function parseIdentity(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BackupFormatError('the repository data key is not JSON');
  }
  const identity = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).identity : undefined;
  if (typeof identity !== 'string' || !isAgeIdentity(identity)) throw new BackupFormatError('the repository data key holds no age identity');
  return identity;
}

export class PackCipher {
  private constructor(private readonly encrypter: Encrypter, private readonly decrypter: Decrypter | undefined) {}

  static async create(recipient: string, identity?: string): Promise<PackCipher> {
    const { Decrypter, Encrypter } = await loadAge();
    const encrypter = new Encrypter();
    encrypter.addRecipient(recipient);
    let decrypter: Decrypter | undefined;
    if (identity) {
      decrypter = new Decrypter();
      decrypter.addIdentity(identity);
    }
    return new PackCipher(encrypter, decrypter);
  }

  encrypt(plaintext: Uint8Array): Promise<Uint8Array> {
    return this.encrypter.encrypt(plaintext);
  }

  async decrypt(ciphertext: Uint8Array, what: string): Promise<Uint8Array> {
    if (!this.decrypter) throw new BackupKeyError('no data key to decrypt with');
    try {
      return await this.decrypter.decrypt(ciphertext);
    } catch (error) {
      // The ciphertext hash was already checked against the signed manifest, so this is a wrong data key or a
      // writer that encrypted to something else, not tampering in storage.
      throw new BackupFormatError(`${what} cannot be decrypted with the repository data key: ${(error as Error).message}`);
    }
  }
}
