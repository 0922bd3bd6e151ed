import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempTree {
  root: string;
  path(...parts: string[]): string;
  cleanup(): Promise<void>;
}

/** Writes `files` (path → content, or `{ symlink: target }`) into a fresh temp directory. */
export async function makeTree(files: Record<string, string | Buffer | { symlink: string }>): Promise<TempTree> {
  const root = await mkdtemp(join(tmpdir(), 'rampart-test-'));
  for (const [relative, content] of Object.entries(files)) {
    const path = join(root, relative);
    await mkdir(dirname(path), { recursive: true });
    if (typeof content === 'object' && !Buffer.isBuffer(content)) await symlink(content.symlink, path);
    else await writeFile(path, content);
  }
  return { root, path: (...parts) => join(root, ...parts), cleanup: () => rm(root, { recursive: true, force: true }) };
}
