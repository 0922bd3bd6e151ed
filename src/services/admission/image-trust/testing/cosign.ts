import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findTestTool } from '../../../../testing/tools.js';

const run = promisify(execFile);
const COSIGN_VERSION = 'v2.6.5';

/** The real cosign, built by scripts/install-cosign.sh when `npm test` starts. */
export function findCosign(): string {
  return findTestTool({ name: 'cosign', version: COSIGN_VERSION, envVar: 'RAMPART_COSIGN', script: 'scripts/install-cosign.sh' });
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
