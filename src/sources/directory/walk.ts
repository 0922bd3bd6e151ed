import { displayPath, relativePosix } from '../../core/display-path.js';
import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { setImmediate as turn } from 'node:timers/promises';
import { join, resolve } from 'node:path';
import type { Ignore } from 'ignore';
import { lazyRequire } from '../../core/lazy-require.js';
import type { ScanError } from '../../core/finding.js';
import { CHART_MARKER, classifyFile, KUSTOMIZATION_MARKERS, type FileKind } from './classify.js';
import { excludeMatcher } from './exclude.js';
import { isInside } from './inside.js';
import { readRegularFile, readRegularFileSync } from './read-input.js';

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

/** A directory the walk is in: its sorted listing, how far through it the walk is, and what its entries are checked against. */
interface OpenDirectory {
  dir: string;
  real: string;
  root: Root;
  scopes: IgnoreScope[];
  skipped: (path: string, isDirectory: boolean) => boolean;
  dirents: Dirent[];
  next: number;
}

/** The `.gitignore` matcher, loaded by the first one met: a tree without one, or an image, never loads it. */
const ignoreMatcher = lazyRequire<typeof import('ignore')>(import.meta.url, 'ignore');

/** Entries the walk looks at between turns of the event loop: a few milliseconds' worth. */
const TURN_ENTRIES = 4096;

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
  function followLink(path: string, root: Root, skipped: (path: string, isDirectory: boolean) => boolean): EntryKind | undefined {
    let real: string;
    let info: Stats;
    try {
      real = realpathSync(path);
      info = statSync(real);
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

  /**
   * A directory's listing, sorted, with what its entries are checked against; undefined when it is not entered.
   * `knownReal`: the real path, when the walk reached `dir` through no link (its parent's real path and its name).
   */
  function openDirectory(dir: string, root: Root, scopes: IgnoreScope[], knownReal?: string): OpenDirectory | undefined {
    let real: string;
    try {
      // realpath(3) checks every component of the path: once per directory of a deep tree, it cost more than the reads.
      real = knownReal ?? realpathSync(dir);
    } catch (error) {
      errors.push({ file: display(dir), message: describeFsError(error) });
      return undefined;
    }
    if (visitedDirectories.has(real)) return undefined; // symlink cycle or the same tree reached twice
    visitedDirectories.add(real);
    // A kernel file system mounted inside the tree (a scan of `/` meets /proc).
    if (onKernel(real)) {
      warn(dir, KERNEL_FILE_SYSTEM);
      return undefined;
    }

    let dirents: Dirent[];
    try {
      dirents = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      errors.push({ file: display(dir), message: `cannot read directory: ${describeFsError(error)}` });
      return undefined;
    }
    const names = dirents.map((d) => d.name);
    if (renderTargets && names.includes(CHART_MARKER)) {
      entries.push({ type: 'chart', dir });
      return undefined;
    }
    const marker = renderTargets ? KUSTOMIZATION_MARKERS.find((m) => names.includes(m)) : undefined;
    if (marker) entries.push({ type: 'kustomization', dir, marker });

    // Only a regular .gitignore is read: one that is a link could point anywhere.
    const gitignore = !rootFs && dirents.some((d) => d.name === '.gitignore' && d.isFile());
    const localScopes = gitignore ? [...scopes, loadIgnore(dir)] : scopes;
    const skipped = (path: string, isDirectory: boolean) => isIgnored(localScopes, path, isDirectory) || isExcluded(path, root);
    return { dir, real, root, scopes: localScopes, skipped, dirents, next: 0 };
  }

  /** The next entry of the innermost open directory: a file listed, or a subdirectory opened on top of the stack. */
  function step(stack: OpenDirectory[]): void {
    const open = stack[stack.length - 1]!;
    const dirent = open.dirents[open.next++];
    if (!dirent) {
      stack.pop();
      return;
    }
    const { dir, root, skipped } = open;
    if (rootFs ? dir === root.path && ROOT_FS_MOUNT_POINTS.has(dirent.name) : SKIPPED_DIRECTORIES.has(dirent.name)) return;
    const path = join(dir, dirent.name);
    const link = dirent.isSymbolicLink();
    let kind: EntryKind | undefined;
    if (!link) kind = entryKind(dirent);
    else if (!rootFs) kind = followLink(path, root, skipped);
    if (!kind || (!link && skipped(path, kind === 'directory'))) return;
    if (kind === 'directory') {
      const inner = openDirectory(path, root, open.scopes, link ? undefined : join(open.real, dirent.name));
      if (inner) stack.push(inner);
      return;
    }
    const listed = listedKind(path, root);
    if (!listed) return;
    // Opening a FIFO blocks until a writer comes; a device may be endless. Say so only for a file that would have been read.
    if (kind === 'special') warn(path, 'not a regular file (a FIFO, socket or device), not read');
    else entries.push({ type: 'file', path, kind: listed, root: root.real });
  }

  /**
   * Depth first, in name order, as a recursion would go, but with the open directories on a stack of its own: the
   * file system calls are synchronous (through the thread pool, each directory's listing and link cost more CPU in
   * hand-offs than in the calls), and the event loop gets a turn every TURN_ENTRIES entries instead.
   */
  async function visitTree(dir: string, root: Root): Promise<void> {
    const top = openDirectory(dir, root, [], root.real);
    const stack = top ? [top] : [];
    for (let steps = 1; stack.length > 0; steps++) {
      step(stack);
      if (steps % TURN_ENTRIES === 0) await turn();
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
    else if (info.isDirectory()) await visitTree(path, { path, real });
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

function loadIgnore(dir: string): IgnoreScope {
  const rules = ignoreMatcher()();
  try {
    rules.add(readRegularFileSync(join(dir, '.gitignore'), MAX_GITIGNORE_BYTES).toString('utf8'));
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
