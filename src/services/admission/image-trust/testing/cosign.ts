import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const COSIGN_VERSION = 'v2.6.5';

/**
 * The real cosign: RAMPART_COSIGN, else the one scripts/install-cosign.sh builds, else `cosign` on PATH. A missing
 * cosign fails the suite rather than skipping it, so signature verification is never silently untested.
 */
export function findCosign(): string {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const candidates = [
    process.env.RAMPART_COSIGN,
    join(cache, `rampart-tools/cosign-${COSIGN_VERSION}/cosign`),
    ...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'cosign')),
  ];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error('cosign not found: run scripts/install-cosign.sh, or set RAMPART_COSIGN=/path/to/cosign');
}

export interface Cosign {
  /** `cosign generate-key-pair` in `dir`: the PEM public key and the path of the encrypted private key. */
  generateKeyPair(dir: string): Promise<{ publicKeyPem: string; keyPath: string }>;
  /** `cosign sign` of a digest reference on a plain-HTTP loopback registry, without transparency log. */
  sign(keyPath: string, reference: string): Promise<void>;
}

/** Runs cosign with a throw-away HOME (it caches TUF metadata there) and the key password in its environment. */
export function cosign(binary: string, home: string): Cosign {
  const env = { PATH: process.env.PATH ?? '', HOME: home, COSIGN_PASSWORD: 'rampart-test', COSIGN_YES: 'true' };
  const cosignRun = (args: string[], cwd: string) => run(binary, args, { cwd, env, timeout: 60_000 });
  return {
    async generateKeyPair(dir) {
      await cosignRun(['generate-key-pair'], dir);
      return { publicKeyPem: await readFile(join(dir, 'cosign.pub'), 'utf8'), keyPath: join(dir, 'cosign.key') };
    },
    async sign(keyPath, reference) {
      await cosignRun(['sign', '--key', keyPath, '--tlog-upload=false', '--allow-insecure-registry', '-y', reference], home);
    },
  };
}
