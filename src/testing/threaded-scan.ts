import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScanOptions, ScanResult } from '../pipeline/scan.js';
import { scan } from '../pipeline/full-scan.js';
import { DEFAULT_TEST_SETTINGS } from './kubernetes.js';
import { makeTree, type TempTree } from './tree.js';

const EXAMPLES = new URL('../../examples/', import.meta.url);

/** The repository's examples under `examples/`, beside `extra` files: a tree that takes every path through the checks. */
export async function examplesTree(extra: Record<string, string>): Promise<TempTree> {
  const tree = await makeTree(extra);
  await cp(EXAMPLES, join(tree.root, 'examples'), { recursive: true });
  return tree;
}

/**
 * The library's scan of `root` with secrets on, RAMPART_THREADS set to `threads` (unset when undefined): the scans the
 * tests of worker threads compare, byte for byte.
 */
export async function scanWithThreads(root: string, threads: string | undefined, options: Partial<ScanOptions> = {}): Promise<ScanResult> {
  if (threads === undefined) delete process.env['RAMPART_THREADS'];
  else process.env['RAMPART_THREADS'] = threads;
  return scan({
    paths: [root],
    cwd: root,
    exclude: [],
    settings: DEFAULT_TEST_SETTINGS,
    rules: {},
    exemptions: [],
    ignoreEntries: [],
    strict: false,
    secrets: true,
    ...options,
  });
}
