import { createHash } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { mkdir, readFile, realpath, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { runTool } from '../../../sources/rendered/exec.js';
import { writeCacheFile } from './cache.js';

/** What a user is told to install when a template must be compiled and no opa is there. */
export const OPA_INSTALL_HINT =
  'install opa (https://www.openpolicyagent.org/docs/#running-opa, or `go install github.com/open-policy-agent/opa@v1.22.4`) and put it on PATH or set RAMPART_OPA';

const VERSION_TIMEOUT_MS = 15_000;

/**
 * The opa to compile with: the option, else `$RAMPART_OPA`, else `opa` on PATH (a bare name is looked up on PATH
 * too); undefined when none is executable.
 */
export function findOpa(explicit?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const named = explicit || env.RAMPART_OPA;
  if (named) return named.includes('/') ? named : (onPath(named, env) ?? named);
  return onPath('opa', env);
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

const known = new Map<string, Promise<string>>();

/**
 * The version opa reports, remembered per binary (its real path, inode, size and modification time) in memory and in
 * the cache directory, so a scan whose bundles are all cached does not start opa even once.
 */
export async function opaVersion(binary: string, cacheDir: string): Promise<string> {
  // A missing binary surfaces here as ENOENT, which the caller turns into the install hint.
  const real = await realpath(binary);
  const info = await stat(real);
  const id = `${real}\0${info.ino}\0${info.size}\0${info.mtimeMs}`;
  let pending = known.get(id);
  if (!pending) {
    pending = rememberedOrAsked(binary, id, cacheDir);
    known.set(id, pending);
    pending.catch(() => known.delete(id));
  }
  return pending;
}

async function rememberedOrAsked(binary: string, id: string, cacheDir: string): Promise<string> {
  const memo = join(cacheDir, 'opa-versions', createHash('sha256').update(id).digest('hex'));
  const remembered = (await readFile(memo, 'utf8').catch(() => '')).trim();
  if (/^v?\d[\w.+-]*$/.test(remembered)) return remembered;
  const output = await runTool({ tool: 'opa', binary, args: ['version'], timeoutMs: VERSION_TIMEOUT_MS });
  const version = /^Version:\s*(\S+)/m.exec(output)?.[1];
  if (!version) throw new Error(`"${binary} version" did not report a version; is it opa?`);
  await mkdir(join(cacheDir, 'opa-versions'), { recursive: true })
    .then(() => writeCacheFile(memo, version))
    .catch(() => undefined); // remembering only saves a run of opa
  return version;
}
