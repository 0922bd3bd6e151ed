import { createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BackupKeyError } from './types.js';

/** The writer's secret: signs manifests and names blobs. It cannot decrypt a backup. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** HMAC key for blob names, derived from the signing key so a writer carries one secret, not two. */
  blobKey: Buffer;
}

export interface GeneratedKeys {
  signingKeyFile: string;
  publicKeyFile: string;
  identityFile: string;
  recipient: string;
}

export const KEY_FILES = { signingKey: 'backup-signing.key', publicKey: 'backup-signing.pub', identity: 'backup-identity.txt' } as const;

/**
 * Writes a signing key pair and an age identity into `dir`. The secret files are created mode 0600 and never
 * overwrite an existing file (`wx`): regenerating a key by accident would make every older backup unreadable.
 */
export async function generateKeys(dir: string): Promise<GeneratedKeys> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const { generateX25519Identity, identityToRecipient } = await import('age-encryption');
  const identity = await generateX25519Identity();
  const recipient = await identityToRecipient(identity);
  const files: GeneratedKeys = {
    signingKeyFile: join(dir, KEY_FILES.signingKey),
    publicKeyFile: join(dir, KEY_FILES.publicKey),
    identityFile: join(dir, KEY_FILES.identity),
    recipient,
  };
  await writeFile(files.signingKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  await writeFile(files.publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644, flag: 'wx' });
  await writeFile(files.identityFile, `# recipient: ${recipient}\n${identity}\n`, { mode: 0o600, flag: 'wx' });
  return files;
}

export function signingKeyFromPem(pem: string, origin: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new BackupKeyError(`${origin} is not a PEM private key`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new BackupKeyError(`${origin} is not an Ed25519 key (rampart backup keygen writes one)`);
  const seed = privateKey.export({ type: 'pkcs8', format: 'der' });
  const blobKey = Buffer.from(hkdfSync('sha256', seed, 'rampart-backup', 'blob names v1', 32));
  return { privateKey, publicKey: createPublicKey(privateKey), blobKey };
}

export async function loadSigningKey(file: string): Promise<SigningKey> {
  return signingKeyFromPem(await readText(file), file);
}

export function publicKeyFromPem(pem: string, origin: string): KeyObject {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType === 'ed25519') return key;
  } catch {
    // reported below
  }
  throw new BackupKeyError(`${origin} is not an Ed25519 public key in PEM form`);
}

export async function loadPublicKey(file: string): Promise<KeyObject> {
  return publicKeyFromPem(await readText(file), file);
}

/**
 * The age identities in identity files (`AGE-SECRET-KEY-1...` lines; `#` comments and blank lines skipped), in
 * the form readBackup takes.
 */
export async function loadIdentities(files: readonly string[]): Promise<string[]> {
  const identities: string[] = [];
  for (const file of files) {
    const lines = (await readText(file)).split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
    const found = lines.filter(isAgeIdentity);
    if (found.length === 0 || found.length !== lines.length) throw new BackupKeyError(`${file} is not an age identity file (one AGE-SECRET-KEY-1... per line)`);
    identities.push(...found);
  }
  return identities;
}

/** readBackup's identities: `AGE-SECRET-KEY-...` strings are X25519 identities, anything else is a passphrase. */
export function isAgeIdentity(value: string): boolean {
  return /^AGE-SECRET-KEY-(PQ-)?1[0-9A-Z]+$/.test(value);
}

export function isAgeRecipient(value: string): boolean {
  return /^age1[0-9a-z]+$/.test(value);
}

const MAX_KEY_FILE_BYTES = 64 * 1024;

async function readText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new BackupKeyError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (bytes.length > MAX_KEY_FILE_BYTES) throw new BackupKeyError(`${file} is too large for a key file`);
  return bytes.toString('utf8');
}
