import type { Dirent } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { ScanError } from '../core/finding.js';
import { CHART_MARKER, classifyFile, KUSTOMIZATION_MARKERS, type FileKind } from './classify.js';

export type WalkEntry =
  | { type: 'file'; path: string; kind: FileKind | undefined }
  | { type: 'chart'; dir: string }
  | { type: 'kustomization'; dir: string; marker: string };

export interface WalkOptions {
  exclude: string[];
  /** Display paths are relative to this directory. */
  cwd: string;
  /** Also list files no scanner classifies (kind `other`), for the secret detectors. */
  everyFile?: boolean;
}

export interface WalkResult {
  entries: WalkEntry[];
  errors: ScanError[];
}

/** Never worth descending into: VCS metadata and installed dependencies are not the user's manifests. */
const SKIPPED_DIRECTORIES = new Set(['.git', '.hg', '.svn', 'node_modules']);

interface IgnoreScope {
  dir: string;
  rules: Ignore;
}

export async function walk(roots: string[], options: WalkOptions): Promise<WalkResult> {
  const entries: WalkEntry[] = [];
  const errors: ScanError[] = [];
  const excludeMatchers = options.exclude.map((glob) => picomatch(glob, { dot: true, matchBase: !glob.includes('/') }));
  const display = (path: string) => relative(options.cwd, path).split(sep).join('/') || '.';
  const isExcluded = (path: string, root: string) => {
    const candidates = [display(path), relative(root, path).split(sep).join('/')];
    return excludeMatchers.some((match) => candidates.some((candidate) => candidate && match(candidate)));
  };
  const visitedDirectories = new Set<string>();

  async function visitDirectory(dir: string, root: string, scopes: IgnoreScope[]): Promise<void> {
    let real: string;
    try {
      real = await realpath(dir);
    } catch (error) {
      errors.push({ file: display(dir), message: describeFsError(error) });
      return;
    }
    if (visitedDirectories.has(real)) return; // symlink cycle or the same tree reached twice
    visitedDirectories.add(real);

    let dirents: Dirent[];
    try {
      dirents = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      errors.push({ file: display(dir), message: `cannot read directory: ${describeFsError(error)}` });
      return;
    }
    const names = dirents.map((d) => d.name);
    if (names.includes(CHART_MARKER)) {
      entries.push({ type: 'chart', dir });
      return;
    }
    const marker = KUSTOMIZATION_MARKERS.find((m) => names.includes(m));
    if (marker) entries.push({ type: 'kustomization', dir, marker });

    const localScopes = names.includes('.gitignore') ? [...scopes, await loadIgnore(dir)] : scopes;
    for (const dirent of dirents) {
      if (SKIPPED_DIRECTORIES.has(dirent.name)) continue;
      const path = join(dir, dirent.name);
      // Only symbolic links need a stat to learn what they point at (and whether they dangle or loop).
      let isDirectory = dirent.isDirectory();
      let isFile = dirent.isFile();
      if (dirent.isSymbolicLink()) {
        try {
          const info = await stat(path);
          isDirectory = info.isDirectory();
          isFile = info.isFile();
        } catch (error) {
          errors.push({ file: display(path), message: describeFsError(error) });
          continue;
        }
      }
      if (isIgnored(localScopes, path, isDirectory) || isExcluded(path, root)) continue;
      if (isDirectory) await visitDirectory(path, root, localScopes);
      else if (isFile) {
        const kind = classifyFile(path) ?? (options.everyFile ? 'other' : undefined);
        if (kind) entries.push({ type: 'file', path, kind });
      }
    }
  }

  for (const input of roots) {
    const path = resolve(options.cwd, input);
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      errors.push({ file: input, message: describeFsError(error) });
      continue;
    }
    if (info.isDirectory()) await visitDirectory(path, path, []);
    else entries.push({ type: 'file', path, kind: classifyFile(path) });
  }
  return { entries, errors };
}

async function loadIgnore(dir: string): Promise<IgnoreScope> {
  const rules = ignore();
  try {
    rules.add(await readFile(join(dir, '.gitignore'), 'utf8'));
  } catch {
    // An unreadable .gitignore ignores nothing; the files themselves will report read errors.
  }
  return { dir, rules };
}

function isIgnored(scopes: IgnoreScope[], path: string, isDirectory: boolean): boolean {
  for (const scope of scopes) {
    const rel = relative(scope.dir, path).split(sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    if (scope.rules.ignores(isDirectory ? `${rel}/` : rel)) return true;
  }
  return false;
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ELOOP':
      return 'symbolic link loop';
    case 'ENOENT':
      return 'no such file or directory (or a dangling symbolic link)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}
