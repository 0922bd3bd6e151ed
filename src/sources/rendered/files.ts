import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

export async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** Every file under `dir`: a rendered chart is scanned as a whole, so none of its files is plain YAML to the walker. */
export async function listFilesRecursively(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFilesRecursively(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}
