import { displayPath, relativePosix } from '../../core/display-path.js';
import type { Dirent, Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Ignore } from 'ignore';
import type { ScanError } from '../../core/finding.js';
import { CHART_MARKER, classifyFile, KUSTOMIZATION_MARKERS, type FileKind } from './classify.js';
import { excludeMatcher } from './exclude.js';
import { isInside } from './inside.js';
import { readRegularFile } from './read-input.js';

export type WalkEntry =
  | {
      type: 'file';
      path: string;
      kind: FileKind | undefined;
      /** The real path of the walked directory the file was found in; none for a file named on the command line. */
      root?: string;
    }
  | { type: 'chart'; dir: string }
  | { type: 'kustomization'; dir: string; marker: string };

export interface WalkOptions {
  exclude: string[];
  /** Display paths are relative to this directory. */
  cwd: string;
  /** Also list files no scanner classifies (kind `other`), for the secret detectors. */
  everyFile?: boolean;
  /** False: charts and kustomizations are plain directories, for scans that render nothing. */
  renderTargets?: boolean;
  /**
   * The root is an unpacked root file system (an image's), walked for its package databases: no
   * ignore files, no skipped or marker directories, its top-level proc, sys and dev not entered,
   * and symbolic links never followed, since an absolute one names a host path once outside the
   * image. `select` picks files (kind `packages`) by their path relative to the root.
   */
  rootFileSystem?: { select: (path: string) => boolean };
  /** Lockfiles and manifests to list (kind `packages`) for the inventory. */
  packageFiles?: (path: string) => boolean;
}

export interface WalkResult {
  entries: WalkEntry[];
  errors: ScanError[];
}

/** Never worth descending into: VCS metadata and installed dependencies are not the user's manifests. */
const SKIPPED_DIRECTORIES = new Set(['.git', '.hg', '.svn', 'node_modules']);
/** An image's mount points for the kernel's file systems: empty in the image, the host's if mounted. */
const ROOT_FS_MOUNT_POINTS = new Set(['proc', 'sys', 'dev']);
const MAX_GITIGNORE_BYTES = 1024 * 1024;

const OUTSIDE_ROOT = 'symbolic link to a path outside the scanned root, not followed';
const KERNEL_FILE_SYSTEM = 'on a kernel file system (/proc, /sys, /dev), not read';

interface IgnoreScope {
  dir: string;
  rules: Ignore;
}

interface Root {
  /** As given, so display and --exclude paths read as the user wrote them. */
  path: string;
  /** Its real path: whatever the walk reaches must resolve inside it. */
  real: string;
}

type EntryKind = 'directory' | 'file' | 'special';

/**
 * The one directory walk. Containment: nothing outside a root is read. A symbolic link is followed
 * only when its real path stays inside the root it was met in (otherwise a warning names the link);
 * kernel file systems are never entered; FIFOs, sockets and devices are never opened.
 */
export async function walk(roots: string[], options: WalkOptions): Promise<WalkResult> {
  const entries: WalkEntry[] = [];
  const errors: ScanError[] = [];
  const excluded = excludeMatcher(options.exclude);
  const display = (path: string) => displayPath(options.cwd, path);
  // Without globs, no path is worked out for them: a tree of many small files would pay two per file for nothing.
  const isExcluded = (path: string, root: Root) =>
    options.exclude.length > 0 && [display(path), relativePosix(root.path, path)].some((candidate) => candidate && excluded(candidate));
  const warn = (path: string, message: string) => errors.push({ file: display(path), message, level: 'warning' });
  const rootFs = options.rootFileSystem;
  const renderTargets = !rootFs && options.renderTargets !== false;
  const visitedDirectories = new Set<string>();
  const kernelMounts = await kernelMountPoints();
  const onKernel = (real: string) => onKernelFileSystem(real, kernelMounts);

  /** The kind a file entry gets, or undefined when this walk does not list it. */
  function listedKind(path: string, root: Root): FileKind | undefined {
    if (rootFs) return rootFs.select(relativePosix(root.path, path)) ? 'packages' : undefined;
    return classifyFile(path, options.packageFiles) ?? (options.everyFile ? 'other' : undefined);
  }

  /** What a symbolic link points at, when it is followed: only inside the root and off the kernel's file systems. */
  async function followLink(path: string, root: Root, skipped: (path: string, isDirectory: boolean) => boolean): Promise<EntryKind | undefined> {
    let real: string;
    let info: Stats;
    try {
      real = await realpath(path);
      info = await stat(real);
    } catch (error) {
      if (!skipped(path, false)) errors.push({ file: display(path), message: describeFsError(error) });
      return undefined;
    }
    const kind = entryKind(info);
    // An ignored link is nobody's business, wherever it points.
    if (skipped(path, kind === 'directory')) return undefined;
    if (!isInside(root.real, real)) warn(path, OUTSIDE_ROOT);
    else if (onKernel(real)) warn(path, KERNEL_FILE_SYSTEM);
    else return kind;
    return undefined;
  }

  /** `knownReal`: the real path, when the walk reached `dir` through no link (its parent's real path and its name). */
  async function visitDirectory(dir: string, root: Root, scopes: IgnoreScope[], knownReal?: string): Promise<void> {
    let real: string;
    try {
      // realpath(3) checks every component of the path: once per directory of a deep tree, it cost more than the reads.
      real = knownReal ?? (await realpath(dir));
    } catch (error) {
      errors.push({ file: display(dir), message: describeFsError(error) });
      return;
    }
    if (visitedDirectories.has(real)) return; // symlink cycle or the same tree reached twice
    visitedDirectories.add(real);
    // A kernel file system mounted inside the tree (a scan of `/` meets /proc).
    if (onKernel(real)) {
      warn(dir, KERNEL_FILE_SYSTEM);
      return;
    }

    let dirents: Dirent[];
    try {
      dirents = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      errors.push({ file: display(dir), message: `cannot read directory: ${describeFsError(error)}` });
      return;
    }
    const names = dirents.map((d) => d.name);
    if (renderTargets && names.includes(CHART_MARKER)) {
      entries.push({ type: 'chart', dir });
      return;
    }
    const marker = renderTargets ? KUSTOMIZATION_MARKERS.find((m) => names.includes(m)) : undefined;
    if (marker) entries.push({ type: 'kustomization', dir, marker });

    // Only a regular .gitignore is read: one that is a link could point anywhere.
    const gitignore = rootFs ? undefined : dirents.find((d) => d.name === '.gitignore' && d.isFile());
    const localScopes = gitignore ? [...scopes, await loadIgnore(dir)] : scopes;
    const skipped = (path: string, isDirectory: boolean) => isIgnored(localScopes, path, isDirectory) || isExcluded(path, root);
    for (const dirent of dirents) {
      if (rootFs ? dir === root.path && ROOT_FS_MOUNT_POINTS.has(dirent.name) : SKIPPED_DIRECTORIES.has(dirent.name)) continue;
      const path = join(dir, dirent.name);
      let kind: EntryKind | undefined;
      if (!dirent.isSymbolicLink()) kind = entryKind(dirent);
      else if (!rootFs) kind = await followLink(path, root, skipped);
      if (!kind || (!dirent.isSymbolicLink() && skipped(path, kind === 'directory'))) continue;
      if (kind === 'directory') {
        await visitDirectory(path, root, localScopes, dirent.isSymbolicLink() ? undefined : join(real, dirent.name));
        continue;
      }
      const listed = listedKind(path, root);
      if (!listed) continue;
      // Opening a FIFO blocks until a writer comes; a device may be endless. Say so only for a file that would have been read.
      if (kind === 'special') warn(path, 'not a regular file (a FIFO, socket or device), not read');
      else entries.push({ type: 'file', path, kind: listed, root: root.real });
    }
  }

  for (const input of roots) {
    const path = resolve(options.cwd, input);
    let info: Stats;
    let real: string;
    try {
      info = await stat(path);
      // A pipe (`rampart scan <(helm template .)`) has no real path: say what it is rather than "no such file".
      if (!info.isFile() && !info.isDirectory()) {
        errors.push({ file: input, message: 'not a regular file or directory (a FIFO, socket or device), not read; pipe its content to `-` instead' });
        continue;
      }
      real = await realpath(path);
    } catch (error) {
      errors.push({ file: input, message: describeFsError(error) });
      continue;
    }
    // A path named on the command line is read even through a symbolic link: the user chose it. Kernel
    // files are still refused, as an error, since the user expected them scanned.
    if (onKernel(real)) errors.push({ file: input, message: KERNEL_FILE_SYSTEM });
    else if (info.isDirectory()) await visitDirectory(path, { path, real }, [], real);
    else entries.push({ type: 'file', path, kind: classifyFile(path, options.packageFiles) });
  }
  return { entries, errors };
}

function entryKind(info: Pick<Stats, 'isDirectory' | 'isFile'>): EntryKind {
  return info.isDirectory() ? 'directory' : info.isFile() ? 'file' : 'special';
}

/** Kernel file system types, by their name in the mount table. */
const KERNEL_FS_TYPES = new Set(['proc', 'sysfs', 'devtmpfs', 'devpts', 'debugfs', 'tracefs', 'securityfs', 'cgroup', 'cgroup2', 'configfs', 'bpf', 'efivarfs', 'pstore', 'binfmt_misc', 'fusectl', 'mqueue']);
const KERNEL_MOUNT_POINTS = ['/proc', '/sys', '/dev'];

/**
 * Where the kernel's file systems are mounted: the usual places, plus wherever the mount table says
 * (procfs bind-mounted inside a tree). Read once per walk, so each check is a string comparison.
 */
export async function kernelMountPoints(): Promise<string[]> {
  if (process.platform !== 'linux') return KERNEL_MOUNT_POINTS;
  const table = await readRegularFile('/proc/self/mountinfo', 16 * 1024 * 1024).catch(() => undefined);
  if (!table) return KERNEL_MOUNT_POINTS;
  const mounts = new Set(KERNEL_MOUNT_POINTS);
  for (const line of table.toString('utf8').split('\n')) {
    // `id parent major:minor root mount-point options [optional...] - type source super-options`
    const fields = line.split(' ');
    const separator = fields.indexOf('-');
    const type = fields[separator + 1];
    if (separator > 4 && type && KERNEL_FS_TYPES.has(type)) mounts.add(fields[4]!.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))));
  }
  return [...mounts];
}

/** Reading /proc/self/environ or a /sys attribute is never what a scan means; `real` is a real path. */
export function onKernelFileSystem(real: string, mountPoints: readonly string[]): boolean {
  return mountPoints.some((mount) => isInside(mount, real));
}

async function loadIgnore(dir: string): Promise<IgnoreScope> {
  // The matcher loads with the first walk: a run over staged files or an image never walks a directory.
  const { default: ignore } = await import('ignore');
  const rules = ignore();
  try {
    rules.add((await readRegularFile(join(dir, '.gitignore'), MAX_GITIGNORE_BYTES)).toString('utf8'));
  } catch {
    // An unreadable .gitignore ignores nothing; the files themselves will report read errors.
  }
  return { dir, rules };
}

function isIgnored(scopes: IgnoreScope[], path: string, isDirectory: boolean): boolean {
  for (const scope of scopes) {
    const rel = relativePosix(scope.dir, path);
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
