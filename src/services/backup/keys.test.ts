import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateKeys, loadIdentities, loadPublicKey, loadSigningKey } from './keys.js';
import { BackupKeyError } from './types.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-backup-keys-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('backup keys', () => {
  it('generates loadable keys, private files 0600, and refuses to overwrite', async () => {
    const keys = await generateKeys(dir);
    expect((await stat(keys.signingKeyFile)).mode & 0o777).toBe(0o600);
    expect((await stat(keys.identityFile)).mode & 0o777).toBe(0o600);
    const signing = await loadSigningKey(keys.signingKeyFile);
    const pub = await loadPublicKey(keys.publicKeyFile);
    expect(signing.publicKey.equals(pub)).toBe(true);
    expect(signing.blobKey).toHaveLength(32);
    expect((await loadSigningKey(keys.signingKeyFile)).blobKey.equals(signing.blobKey)).toBe(true);
    expect(await loadIdentities([keys.identityFile])).toEqual([expect.stringMatching(/^AGE-SECRET-KEY-1/)]);
    expect(await readFile(keys.identityFile, 'utf8')).toContain(keys.recipient);
    await expect(generateKeys(dir)).rejects.toThrow(/EEXIST/);
  });

  it('refuses files that are not the keys they claim to be', async () => {
    const bad = join(dir, 'bad');
    await writeFile(bad, 'AGE-SECRET-KEY-1ABC\nsomething else\n');
    await expect(loadIdentities([bad])).rejects.toThrow(BackupKeyError);
    await expect(loadSigningKey(bad)).rejects.toThrow(/not a PEM private key/);
    await expect(loadPublicKey(bad)).rejects.toThrow(/not an Ed25519 public key/);
    await expect(loadSigningKey(join(dir, 'missing'))).rejects.toThrow(/cannot read/);
    const { generateKeyPairSync } = await import('node:crypto');
    await writeFile(bad, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await expect(loadSigningKey(bad)).rejects.toThrow(/not an Ed25519 key/);
  });
});
