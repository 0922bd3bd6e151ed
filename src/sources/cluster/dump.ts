import { mkdir, open, readdir, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ScanError } from '../../core/finding.js';
import { asRecord } from '../../parsers/kubernetes/values.js';
import { cleanObject, CLUSTER_SCOPE, kindSegment, toYaml } from './convert.js';
import type { OriginEvent } from './source.js';

export interface DumpOptions {
  /** A `.yaml`/`.yml` path gets one multi-document file; anything else is a new directory of per-namespace files. */
  output: string;
  includeSecretValues: boolean;
}

export interface DumpResult {
  objects: number;
  files: number;
  errors: ScanError[];
}

export function isSingleFileOutput(output: string): boolean {
  return /\.ya?ml$/i.test(output);
}

/**
 * Writes what was read as manifests `rampart scan` reads back to the same findings: `<ns or _cluster>/<Kind[.group]>.yaml`
 * per namespace and kind, or one file. Written owner-only, and into a new or empty directory only, so a stale
 * file of an earlier dump cannot mix into the scan.
 */
export async function dumpCluster(events: AsyncIterable<OriginEvent>, options: DumpOptions): Promise<DumpResult> {
  const single = isSingleFileOutput(options.output);
  if (!single) await ensureEmptyDirectory(options.output);
  const errors: ScanError[] = [];
  const created = new Set<string>();
  let current: { path: string; handle: FileHandle } | undefined;
  let objects = 0;
  try {
    for await (const event of events) {
      if (event.type === 'gap') {
        errors.push(event.error);
        continue;
      }
      const path = single ? options.output : join(options.output, namespaceSegment(event.object.raw), `${safeSegment(kindSegment(event.object))}.yaml`);
      if (current?.path !== path) {
        await current?.handle.close();
        current = undefined;
        const fresh = !created.has(path);
        if (fresh) await mkdir(dirname(path), { recursive: true, mode: 0o700 });
        const handle = await open(path, fresh ? 'w' : 'a', 0o600);
        current = { path, handle };
        if (fresh) {
          created.add(path);
          const secrets = options.includeSecretValues ? 'Secret values INCLUDED: keep this file private' : 'Secret values redacted';
          await handle.write(`# rampart cluster dump of ${event.origin} (${secrets})\n`);
        }
      }
      await current.handle.write(`---\n${toYaml(cleanObject(event.object.raw, { includeSecretValues: options.includeSecretValues }))}`);
      objects++;
    }
  } finally {
    await current?.handle.close();
  }
  return { objects, files: created.size, errors };
}

async function ensureEmptyDirectory(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (entries.length > 0) throw new DumpTargetError(`${dir} is not empty; dump into a new or empty directory`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

export class DumpTargetError extends Error {}

function namespaceSegment(raw: Record<string, unknown>): string {
  const namespace = asRecord(raw.metadata)?.namespace;
  return typeof namespace === 'string' ? safeSegment(namespace) : CLUSTER_SCOPE;
}

/** Names come from the server; anything but a plain file name (`..`, `/`) is escaped so nothing lands outside the dump. */
export function safeSegment(name: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/.test(name) ? name : encodeURIComponent(name).replace(/\./g, '%2E').slice(0, 200) || '_';
}
