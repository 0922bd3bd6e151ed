import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, readSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { formatBytes } from '../../core/bytes.js';

/** Config files, manifests and kubeconfigs are small; anything larger is not what we look for. */
export const DEFAULT_HOST_FILE_BYTES = 1024 * 1024;
/** As Linux's own limit: a chain of links longer than this is a loop. */
const MAX_LINK_HOPS = 40;
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

export type HostFileType = 'file' | 'directory' | 'symlink' | 'other';

/** What `lstat` says of the object a host path names once its links are resolved inside the root. */
export interface HostStat {
  /** The absolute host path asked for, as the node sees it (`/etc/kubernetes/admin.conf`). */
  hostPath: string;
  /** Where it was read: the resolved path under the root. */
  realPath: string;
  type: HostFileType;
  /** Permission bits only (`0o600`). */
  mode: number;
  uid: number;
  gid: number;
}

export type HostRead = { ok: true; text: string; stat: HostStat } | { ok: false; missing: boolean; message: string };

/**
 * A host file system mounted at `root` (`/` on the node, `/host` in the DaemonSet), read as the node would see it:
 * every host path, and every symbolic link met on the way (absolute or relative), is resolved inside the root the way
 * a chroot resolves it, so nothing outside the root is ever read, and `..` stops at the root. Reads are size-limited
 * and refuse anything but regular files (FIFOs and devices are never opened).
 */
export class HostRoot {
  readonly root: string;

  constructor(root: string, readonly maxFileBytes = DEFAULT_HOST_FILE_BYTES) {
    this.root = resolve(root);
  }

  /** The path under the root that `hostPath` names, links resolved inside the root; undefined when a part is missing. */
  resolve(hostPath: string): string | undefined {
    const pending = splitHostPath(hostPath);
    const done: string[] = [];
    let hops = 0;
    while (pending.length > 0) {
      const part = pending.shift()!;
      if (part === '.' || part === '') continue;
      if (part === '..') {
        done.pop();
        continue;
      }
      const candidate = this.under([...done, part]);
      let stats: Stats;
      try {
        stats = lstatSync(candidate);
      } catch {
        return undefined;
      }
      if (!stats.isSymbolicLink()) {
        done.push(part);
        continue;
      }
      if (++hops > MAX_LINK_HOPS) throw new Error(`${hostPath}: too many levels of symbolic links`);
      const target = readlinkSync(candidate);
      // An absolute target starts again at the root; a relative one continues from the link's directory.
      if (target.startsWith('/')) done.length = 0;
      pending.unshift(...splitHostPath(target));
    }
    return this.under(done);
  }

  /** `lstat` of what `hostPath` names (links resolved inside the root); undefined when it does not exist or loops. */
  stat(hostPath: string): HostStat | undefined {
    const checked = this.inspect(hostPath);
    return checked && 'error' in checked ? undefined : checked;
  }

  /** As `stat`, but a path that cannot be resolved (a link loop) says why instead of looking absent. */
  inspect(hostPath: string): HostStat | { error: string } | undefined {
    let realPath: string | undefined;
    try {
      realPath = this.resolve(hostPath);
    } catch (error) {
      return { error: (error as Error).message };
    }
    if (!realPath) return undefined;
    try {
      return toHostStat(hostPath, realPath, lstatSync(realPath));
    } catch {
      return undefined;
    }
  }

  /** A regular file's text; missing files and unreadable ones are told apart, so a caller can ignore only the first. */
  readText(hostPath: string, maxBytes = this.maxFileBytes): HostRead {
    let realPath: string | undefined;
    try {
      realPath = this.resolve(hostPath);
    } catch (error) {
      return { ok: false, missing: false, message: (error as Error).message };
    }
    if (!realPath) return { ok: false, missing: true, message: 'no such file' };
    let fd: number;
    try {
      fd = openSync(realPath, OPEN_FLAGS);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { ok: false, missing: code === 'ENOENT', message: `cannot read file: ${code ?? (error as Error).message}` };
    }
    try {
      // Checked on the open handle: the object read is the object judged, whatever was swapped in after the walk.
      const stats = fstatSync(fd);
      if (!stats.isFile()) return { ok: false, missing: false, message: 'not a regular file' };
      if (stats.size > maxBytes) return { ok: false, missing: false, message: `file is ${formatBytes(stats.size)}, over the ${formatBytes(maxBytes)} limit` };
      const buffer = Buffer.alloc(stats.size);
      let offset = 0;
      while (offset < buffer.length) {
        const read = readSync(fd, buffer, offset, buffer.length - offset, offset);
        if (read === 0) break;
        offset += read;
      }
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer.subarray(0, offset));
      return { ok: true, text, stat: toHostStat(hostPath, realPath, stats) };
    } catch (error) {
      const message = error instanceof TypeError ? 'not valid UTF-8 text' : `cannot read file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
      return { ok: false, missing: false, message };
    } finally {
      closeSync(fd);
    }
  }

  /** Names in a host directory, sorted; empty when it does not exist or is not a directory. */
  list(hostDir: string): string[] {
    const realPath = this.resolve(hostDir);
    if (!realPath) return [];
    try {
      return readdirSync(realPath).sort();
    } catch {
      return [];
    }
  }

  private under(parts: string[]): string {
    return parts.length === 0 ? this.root : `${this.root === '/' ? '' : this.root}/${parts.join('/')}`;
  }
}

/** Not normalised: `a/../b` must go through `a`, which may be a link, as the kernel does. */
function splitHostPath(path: string): string[] {
  return path.split('/').filter((part) => part !== '');
}

function toHostStat(hostPath: string, realPath: string, stats: Stats): HostStat {
  const type: HostFileType = stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : stats.isSymbolicLink() ? 'symlink' : 'other';
  return { hostPath, realPath, type, mode: stats.mode & 0o7777, uid: stats.uid, gid: stats.gid };
}
